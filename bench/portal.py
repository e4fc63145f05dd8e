"""Portal benchmark: p95 of the officer's home page and of the public decision search, with the demo province
seeded, beside the same data fetched straight from the services' APIs in the same run.

`uv run python -m bench.portal [--associations 40] [--individuals 2000] [--requests 60] [--mongo-url URL]`

The whole network runs as processes (every API and worker and the portal, the services verifying the
portal's RS256 tokens through its JWKS). After `seed_demo` and a warm-up, one signed-in officer asks for `/`
(the portal makes four calls to three services and renders the page); the baseline makes the same four
calls itself, at once, with the same token. The public search asks the portal for
`/public/decisions?name=nguyen&year=Y` (accent-free matching and the page); the baseline asks awards for
`/public/decisions?year=Y`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path

import httpx
from thidua.auth import mint_token
from thidua.signing import LocalKey, ensure_key_file
from thidua_tools.embedded import start_secantusdb
from thidua_tools.launcher import System
from thidua_tools.province.client import ProvinceClient, ServiceUrls
from thidua_tools.province.demo import seed_demo

from bench.load import network

ISSUER, AUDIENCE, ADMIN = "http://portal.bench", "thidua", "bench-admin-token-" + "b" * 32
PASSWORD = "mat-khau-do-hieu-nang-1"  # noqa: S105 - a throw-away account of this run


def percentile(samples: list[float], q: float) -> float:
    """The q-quantile (0..1) of the samples, in milliseconds."""
    ordered = sorted(samples)
    return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed(requests: int, call: Callable[[], Awaitable[None]]) -> list[float]:
    """Seconds per call, one after another, after three untimed warm-up calls."""
    for _ in range(3):
        await call()
    out = []
    for _ in range(requests):
        started = time.perf_counter()
        await call()
        out.append(time.perf_counter() - started)
    return out


async def signed_in(http: httpx.AsyncClient, portal: str, username: str) -> None:
    """Sign the client in through the portal's form (the session cookie stays in the client)."""
    page = await http.get(f"{portal}/login")
    token = re.search(r'name="form_token" value="([^"]+)"', page.text)
    assert token, "no sign-in form"
    answer = await http.post(
        f"{portal}/login",
        data={"username": username, "password": PASSWORD, "form_token": token[1], "next": "/"},
    )
    assert answer.status_code == 303, answer.text[:300]


async def measure(system: System, key: LocalKey, args: argparse.Namespace) -> dict[str, list[float]]:
    """Seed, sign in one officer, time the pages and their baselines."""
    urls = ServiceUrls(*(system.url(s) for s in ("registration", "awards", "grievance", "notify")))
    portal = system.url("portal")
    async with ProvinceClient(secret="", signing_key=key, urls=urls, issuer=ISSUER, audience=AUDIENCE) as api:
        await seed_demo(api, associations=args.associations, individuals=args.individuals, year=args.year)
        association = (await api.all_associations())[0]["id"]
    username = "can-bo-do-hieu-nang"
    async with httpx.AsyncClient(timeout=60) as http:
        body = {
            "password": PASSWORD,
            "name": "Cán bộ",
            "roles": ["association"],
            "association_id": association,
        }
        headers = {"Authorization": f"Bearer {ADMIN}"}
        (await http.put(f"{portal}/admin/accounts/{username}", json=body, headers=headers)).raise_for_status()
        await signed_in(http, portal, username)
        token = mint_token(
            key.private_pem.decode(), username, ["association"], association_id=association,
            issuer=ISSUER, audience=AUDIENCE, algorithm="RS256", kid=key.kid, ttl=timedelta(minutes=50),
        )  # fmt: skip
        bearer = {"Authorization": f"Bearer {token}"}
        calls = pages_and_baselines(http, portal, urls, bearer, args.year)
        return {name: await timed(args.requests, call) for name, call in calls.items()}


def pages_and_baselines(
    http: httpx.AsyncClient, portal: str, urls: ServiceUrls, bearer: dict[str, str], year: int
) -> dict[str, Callable[[], Awaitable[None]]]:
    """The two pages and, beside each, the same data straight from the APIs."""

    async def home() -> None:
        (await http.get(f"{portal}/")).raise_for_status()

    async def home_raw() -> None:
        answers = await asyncio.gather(
            http.get(f"{urls.registration}/campaigns", params={"limit": 200}, headers=bearer),
            http.get(f"{urls.registration}/registrations", params={"limit": 200}, headers=bearer),
            http.get(f"{urls.awards}/nominations", headers=bearer),
            http.get(f"{urls.notify}/notifications", headers=bearer),
        )
        for answer in answers:
            answer.raise_for_status()

    async def search() -> None:
        (
            await http.get(f"{portal}/public/decisions", params={"name": "nguyen", "year": year})
        ).raise_for_status()

    async def search_raw() -> None:
        (await http.get(f"{urls.awards}/public/decisions", params={"year": year})).raise_for_status()

    return {
        "officer home (portal)": home,
        "officer home (4 API calls)": home_raw,
        "public search (portal)": search,
        "public search (API)": search_raw,
    }


def report(results: dict[str, list[float]]) -> None:
    """One line per measurement, then the portal / API ratios."""
    print(f"{'measurement':<30}{'p50 ms':>10}{'p95 ms':>10}{'mean ms':>10}")
    for name, samples in results.items():
        mean = 1000 * statistics.fmean(samples)
        print(f"{name:<30}{percentile(samples, 0.5):>10.1f}{percentile(samples, 0.95):>10.1f}{mean:>10.1f}")
    for page, raw in (
        ("officer home", "officer home (4 API calls)"),
        ("public search", "public search (API)"),
    ):
        ratio = percentile(results[f"{page} (portal)"], 0.95) / percentile(results[raw], 0.95)
        print(f"{page}: portal p95 / API p95 = {ratio:.2f}")


def main() -> None:
    """Start SecantusDB unless a MongoDB URL is given, run the network with the portal, measure, report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--associations", type=int, default=40)
    parser.add_argument("--individuals", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--year", type=int, default=date.today().year)
    parser.add_argument("--mongo-url", default=os.environ.get("MONGODB_URL"))
    parser.add_argument(
        "--rabbitmq-url", default=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    args = parser.parse_args()
    os.environ.update(THIDUA_JWT_ISSUER=ISSUER, THIDUA_JWT_AUDIENCE=AUDIENCE, THIDUA_ADMIN_TOKEN=ADMIN)
    os.environ.setdefault("THIDUA_COOKIE_SECURE", "false")  # plain http between this script and the portal
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        server = None if args.mongo_url else start_secantusdb(storage=Path(tmp) / "db")
        key_file = Path(tmp) / "jwt-signing.pem"
        key = ensure_key_file(key_file)
        try:
            url = server.url if server else args.mongo_url
            tok = uuid.uuid4().hex[:8]
            with network(
                url, args.rabbitmq_url, 1, tok, 1025, Path(tmp) / "logs", portal_key_file=key_file
            ) as system:
                results = asyncio.run(measure(system, key, args))
        finally:
            if server is not None:
                server.stop()
    report(results)
    sys.exit(0)


if __name__ == "__main__":
    main()
