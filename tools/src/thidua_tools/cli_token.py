"""`thidua token`: mint a local bearer token; the last line of output is the token alone.

RS256 with the local key of the embedded default (`var/keys/jwt-signing.pem`, or THIDUA_JWT_SIGNING_KEY_FILE)
when it exists, so the token verifies through the portal's JWKS like the portal's own; else HS256 with
THIDUA_JWT_SECRET.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from thidua.auth import ASSOCIATION, ROLES, mint_token
from thidua.settings import OperatorSettings, ServiceSettings, SettingsError
from thidua.signing import LOCAL_AUDIENCE, LOCAL_ISSUER, LocalKey, load_local_key

USAGE_ERROR = 2


def add_parser(subparsers: Any) -> None:
    """Register the `token` subcommand on an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "token",
        help="mint a local bearer token (RS256 with the local key, else HS256 with THIDUA_JWT_SECRET)",
        description="Mint a local bearer token: RS256 with the local key `thidua up` created "
        "(var/keys/jwt-signing.pem or THIDUA_JWT_SIGNING_KEY_FILE) when it exists, else HS256 with "
        "THIDUA_JWT_SECRET. The last line of output is the token alone: "
        "TOKEN=$(uv run thidua token --role secretariat | tail -1).",
    )
    parser.add_argument(
        "--role",
        dest="roles",
        action="append",
        required=True,
        choices=sorted(ROLES),
        help="a role of the caller; repeat for several",
    )
    parser.add_argument("--association-id", help="the association of an `association` officer")
    parser.add_argument("--sub", help="the subject (user id); default: dev-<first role>")
    parser.add_argument(
        "--ttl-hours", type=_positive_hours, default=8.0, help="validity in hours (default 8)"
    )
    parser.set_defaults(func=run)


def _positive_hours(value: str) -> float:
    try:
        hours = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of hours: {value!r}") from None
    if not 0 < hours <= 24 * 366:
        raise argparse.ArgumentTypeError("--ttl-hours must be more than 0 and at most a year")
    return hours


def run(args: argparse.Namespace) -> int:
    """Mint and print the token; 2 on a usage error (unknown role, association without its id)."""
    roles: list[str] = list(args.roles or [])
    problem = _usage_problem(roles, args.association_id)
    if problem:
        print(f"thidua token: {problem}", file=sys.stderr)
        return USAGE_ERROR
    try:
        settings = OperatorSettings()
    except SettingsError as exc:
        print(f"thidua token: {exc}", file=sys.stderr)
        return 1
    ttl = timedelta(hours=args.ttl_hours)
    sub = args.sub or f"dev-{roles[0]}"
    local = load_local_key()
    token = _mint(settings, local, sub=sub, roles=roles, association_id=args.association_id, ttl=ttl)
    algorithm = "RS256" if local is not None else "HS256"
    expires = (datetime.now(UTC) + ttl).strftime("%Y-%m-%d %H:%M UTC")
    scope = f" association_id={args.association_id}" if args.association_id else ""
    who = f"sub={sub} roles={','.join(sorted(set(roles)))}{scope}"
    print(f"{algorithm} token for {who}, valid until {expires}:")
    print(token)
    return 0


def _mint(
    settings: ServiceSettings,
    local: LocalKey | None,
    *,
    sub: str,
    roles: list[str],
    association_id: str | None,
    ttl: timedelta,
) -> str:
    """RS256 with the local key (issuer and audience of the embedded default unless set), else HS256."""
    if local is not None:
        return mint_token(
            local.private_pem.decode(),
            sub,
            roles,
            association_id=association_id,
            ttl=ttl,
            issuer=settings.jwt_issuer or LOCAL_ISSUER,
            audience=settings.jwt_audience or LOCAL_AUDIENCE,
            algorithm="RS256",
            kid=local.kid,
        )
    if settings.jwt_jwks_url:
        print(
            "thidua token: warning: THIDUA_JWT_JWKS_URL is set, services will refuse HS256 tokens",
            file=sys.stderr,
        )
    return mint_token(
        settings.jwt_secret,
        sub,
        roles,
        association_id=association_id,
        ttl=ttl,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )


def _usage_problem(roles: list[str], association_id: str | None) -> str | None:
    if not roles:
        return "give at least one --role"
    unknown = sorted(set(roles) - ROLES)
    if unknown:
        return f"unknown role(s) {', '.join(unknown)}; known roles: {', '.join(sorted(ROLES))}"
    if ASSOCIATION in roles and not association_id:
        return "--role association needs --association-id ID (the officer's member association)"
    return None


def main(argv: list[str] | None = None) -> int:
    """Run `token` on its own (`python -m thidua_tools.cli_token`), for use before the main CLI wires it."""
    parser = argparse.ArgumentParser(prog="thidua")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
