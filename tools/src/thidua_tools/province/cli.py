"""`thidua seed-demo`: build the demo province against running services and print what exists."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from thidua.settings import DEV_JWT_SECRET
from thidua.signing import LOCAL_AUDIENCE, LOCAL_ISSUER, LocalKey, load_local_key

from thidua_tools.province import demo_accounts
from thidua_tools.province.client import ApiError, ProvinceClient, ServiceUrls
from thidua_tools.province.demo import SeedReport, seed_demo
from thidua_tools.province.names import province
from thidua_tools.province.progress import Progress

DEFAULTS = ServiceUrls()


def add_parser(subparsers: Any) -> None:
    """Register the `seed-demo` subcommand on an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "seed-demo",
        help="fill the running services with a realistic demo province (safe to run again)",
        description="Build a demo province through the public APIs: member associations, campaigns, "
        "registrations, verified results, award history, nominations, the council, decisions and "
        "grievances. A second run creates nothing new. The JWT secret comes from THIDUA_JWT_SECRET, or is "
        "the dev secret when THIDUA_ENV is dev (the default of `thidua up`).",
    )
    parser.add_argument("--associations", type=_positive, default=40, help="member associations (default 40)")
    parser.add_argument("--individuals", type=_positive, default=2000, help="individuals (default 2000)")
    parser.add_argument(
        "--year", type=int, default=date.today().year, help="the emulation year (default: this)"
    )
    parser.add_argument(
        "--concurrency", type=_positive, default=8, help="calls in flight at once (default 8)"
    )
    for service in ("registration", "awards", "grievance", "notify"):
        parser.add_argument(f"--{service}-url", default=getattr(DEFAULTS, service), metavar="URL")
    parser.add_argument("--portal-url", default="http://127.0.0.1:8000", metavar="URL")
    parser.add_argument("--var-dir", type=Path, default=Path("var"), help="where `thidua up` keeps its data")
    parser.set_defaults(func=run)


def add_accounts_parser(subparsers: Any) -> None:
    """Register `demo-accounts`: the demo's portal accounts, from the last `thidua seed-demo`."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "demo-accounts", help="list the demo accounts of the portal (after `thidua seed-demo`)"
    )
    parser.add_argument("--json", action="store_true", help="a JSON list of {username, password, role, ...}")
    parser.add_argument("--var-dir", type=Path, default=Path("var"))
    parser.set_defaults(func=run_accounts)


def run_accounts(args: argparse.Namespace) -> int:
    """Print the demo accounts; 1 before the first `thidua seed-demo`."""
    accounts = demo_accounts.read_accounts(args.var_dir)
    if args.json:
        print(json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=2))
    else:
        for a in accounts:
            print(f"{a.username:<28} {a.password:<22} {a.role:<18} {a.association_id or '':<34} {a.name}")
    if not accounts:
        print("No demo accounts yet: run `uv run thidua seed-demo` while `thidua up` runs.", file=sys.stderr)
        return 1
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def jwt_secret(env: dict[str, str] | None = None) -> str | None:
    """THIDUA_JWT_SECRET, else the dev secret when THIDUA_ENV is dev or unset; None otherwise."""
    values = os.environ if env is None else env
    secret = values.get("THIDUA_JWT_SECRET")
    if secret:
        return secret
    return DEV_JWT_SECRET if values.get("THIDUA_ENV", "dev") == "dev" else None


def run(args: argparse.Namespace) -> int:
    """Seed the demo and its portal accounts and print the summary; 1 when no key or secret is configured."""
    key, secret = load_local_key(), jwt_secret()
    if key is None and secret is None:
        print("thidua seed-demo: set THIDUA_JWT_SECRET (the services' secret)", file=sys.stderr)
        return 1
    urls = ServiceUrls(args.registration_url, args.awards_url, args.grievance_url, args.notify_url)
    try:
        report = asyncio.run(_seed(secret or "", key, urls, args))
    except (httpx.HTTPError, ApiError) as error:
        print(f"thidua seed-demo: {error!r}", file=sys.stderr)
        print("Are the services running? Start them with `uv run thidua up`.", file=sys.stderr)
        return 1
    print(render(report))
    return 0


async def _seed(secret: str, key: LocalKey | None, urls: ServiceUrls, args: argparse.Namespace) -> SeedReport:
    env = dict(os.environ)
    issuer, audience = (
        (env.get("THIDUA_JWT_ISSUER", LOCAL_ISSUER), env.get("THIDUA_JWT_AUDIENCE", LOCAL_AUDIENCE))
        if key is not None
        else (env.get("THIDUA_JWT_ISSUER"), env.get("THIDUA_JWT_AUDIENCE"))
    )
    client = ProvinceClient(
        secret=secret,
        signing_key=key,
        urls=urls,
        correlation_prefix="seed-demo",
        issuer=issuer,
        audience=audience,
    )
    async with client as api:
        await api.ready()
        report = await seed_demo(
            api,
            associations=args.associations,
            individuals=args.individuals,
            year=args.year,
            progress=Progress(sys.stderr),
            concurrency=args.concurrency,
        )
        report.created["portal_accounts"] = await _accounts(api, args, env)
        return report


async def _accounts(api: ProvinceClient, args: argparse.Namespace, env: dict[str, str]) -> int:
    """The demo's portal accounts, through the portal's administration API (skipped without its secret)."""
    token = demo_accounts.admin_token(args.var_dir, env)
    if token is None:
        print(
            "thidua seed-demo: no portal admin secret (THIDUA_ADMIN_TOKEN): accounts skipped", file=sys.stderr
        )
        return 0
    ids = {a["code"]: a["id"] for a in await api.all_associations()}
    profiles = province(associations=args.associations, individuals=args.individuals)
    known = {a.username: a.password for a in demo_accounts.read_accounts(args.var_dir)}
    accounts = demo_accounts.plan_accounts(profiles, ids, known=known)
    created = await demo_accounts.create_accounts(
        api.transport.http, portal_url=args.portal_url, token=token, accounts=accounts
    )
    demo_accounts.write_accounts(args.var_dir, accounts)
    return created


def render(report: SeedReport) -> str:
    """The summary table: what exists per kind, and what this run created."""
    lines = [
        f"Demo province ready in {report.seconds:.1f} s.",
        f"{'kind':<44}{'exists':>8}{'created now':>13}",
    ]
    for kind in sorted(set(report.counts) | set(report.created)):
        lines.append(f"{kind:<44}{report.counts.get(kind, ''):>8}{report.created.get(kind, 0):>13}")
    return "\n".join(lines)
