"""`thidua seed-demo`: build the demo province against running services and print what exists."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import date
from typing import Any

import httpx

from thidua.province.client import ApiError, ProvinceClient, ServiceUrls
from thidua.province.demo import SeedReport, seed_demo
from thidua.province.progress import Progress
from thidua.settings import DEV_JWT_SECRET

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
    parser.set_defaults(func=run)


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
    """Seed the demo and print the summary; 1 when no secret is configured."""
    secret = jwt_secret()
    if secret is None:
        print("thidua seed-demo: set THIDUA_JWT_SECRET (the services' secret)", file=sys.stderr)
        return 1
    urls = ServiceUrls(args.registration_url, args.awards_url, args.grievance_url, args.notify_url)
    try:
        report = asyncio.run(_seed(secret, urls, args))
    except (httpx.HTTPError, ApiError) as error:
        print(f"thidua seed-demo: {error!r}", file=sys.stderr)
        print("Are the services running? Start them with `uv run thidua up`.", file=sys.stderr)
        return 1
    print(render(report))
    return 0


async def _seed(secret: str, urls: ServiceUrls, args: argparse.Namespace) -> SeedReport:
    async with ProvinceClient(secret=secret, urls=urls, correlation_prefix="seed-demo") as api:
        await api.ready()
        return await seed_demo(
            api,
            associations=args.associations,
            individuals=args.individuals,
            year=args.year,
            progress=Progress(sys.stderr),
            concurrency=args.concurrency,
        )


def render(report: SeedReport) -> str:
    """The summary table: what exists per kind, and what this run created."""
    lines = [
        f"Demo province ready in {report.seconds:.1f} s.",
        f"{'kind':<44}{'exists':>8}{'created now':>13}",
    ]
    for kind in sorted(set(report.counts) | set(report.created)):
        lines.append(f"{kind:<44}{report.counts.get(kind, ''):>8}{report.created.get(kind, 0):>13}")
    return "\n".join(lines)
