"""Load: 40 associations at once through the first-quarter registration rush and the nomination season.

`uv run python -m bench.load [--associations 40] [--members 15] [--awardees 500] [--replicas 1 2]`

The whole network runs as processes (every API, and 1 then 2 replicas of every worker) on one database
server and one broker. Each association is one concurrent actor with its own token. Printed per run:
throughput and p50/p99 per endpoint, the error count (must be 0), the outbox lag (largest backlog and
oldest pending entry, sampled every 0.25 s in every service's database), and the time from the Chairman's
500-awardee decision to the last awardee informed (inbox and e-mail delivered). Beside them, from the same
run: the HTTP floor (`GET /healthz` from the same 40 clients) and the 1-replica figures as the baseline for
the 2-replica ones. See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import psutil
from aiosmtpd.controller import Controller
from thidua import mongo
from thidua.messaging import outbox
from thidua.settings import ServiceSettings
from thidua_tools.embedded import free_port, start_secantusdb
from thidua_tools.isolated import isolated_system, remove_isolated
from thidua_tools.launcher import SERVICES, System
from thidua_tools.province.transport import ServiceUrls

from bench import workload

SECRET = "bench-load-secret-" + "q" * 40
ISSUER, AUDIENCE = "thidua-bench", "thidua"  # outside dev every service wants both in a token
NAMES = [name for name, _ in SERVICES]


class NullMailbox:
    """An SMTP sink: counts what it received."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, _server: Any, _session: Any, _envelope: Any) -> str:
        self.count += 1
        return "250 OK"


@contextmanager
def network(
    mongo_url: str,
    rabbitmq_url: str,
    replicas: int,
    tok: str,
    smtp_port: int,
    log_dir: Path,
    portal_key_file: Path | None = None,
) -> Iterator[System]:
    """Every API and `replicas` of every worker, with names of this run alone (and the portal, signing
    with `portal_key_file`, when one is given: the services then verify its tokens through its JWKS)."""
    env = os.environ | {
        "MONGODB_URL": mongo_url,
        "RABBITMQ_URL": rabbitmq_url,
        "THIDUA_ENV": "test",
        "THIDUA_JWT_SECRET": SECRET,
        "THIDUA_JWT_ISSUER": ISSUER,
        "THIDUA_JWT_AUDIENCE": AUDIENCE,
        "THIDUA_EVENTS_EXCHANGE": f"bench.events.{tok}",
        "THIDUA_LOG_LEVEL": "WARNING",
        "THIDUA_LOG_FORMAT": "json",
        "THIDUA_SMTP_PORT": str(smtp_port),
        "THIDUA_DELIVERY_POLL_INTERVAL_S": "0.2",
        "THIDUA_IDENTITY_KEYS": json.dumps({"k1": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="}),
        "THIDUA_IDENTITY_ACTIVE_KEY_ID": "k1",
        "THIDUA_BALLOT_KEYS": json.dumps({"b1": base64.b64encode(os.urandom(32)).decode()}),
        "THIDUA_BALLOT_ACTIVE_KEY_ID": "b1",
    }
    system = isolated_system(
        env=env,
        log_dir=log_dir,
        service_names={n: f"bench{tok}{n}" for n in [*NAMES, "portal"]},
        databases={n: database(tok, n) for n in [*NAMES, "portal"]},
        worker_replicas=replicas,
        portal_key_file=portal_key_file,
    )
    try:
        system.start()
        system.wait_ready(timeout_s=180)
        yield system
    finally:
        system.stop()


def database(tok: str, service: str) -> str:
    return f"bench_{tok}_{service}"


class Lag:
    """Samples every service's outbox: the largest backlog and the oldest pending entry seen."""

    def __init__(self, client: mongo.Client, tok: str) -> None:
        self.dbs = {n: client[database(tok, n)] for n in NAMES}
        self.backlog, self.oldest_s = 0, 0.0
        self.stop = asyncio.Event()

    async def run(self) -> None:
        while not self.stop.is_set():
            for db in self.dbs.values():
                status = await outbox.status(db)
                self.backlog = max(self.backlog, int(status["pending"]))
                self.oldest_s = max(self.oldest_s, float(status["oldest_pending_age_s"]))
            await asyncio.sleep(0.25)


async def http_floor(urls: ServiceUrls, clients: int, calls: int) -> dict[str, float]:
    """`GET /healthz` of the registration API from `clients` concurrent clients: the HTTP floor."""
    times: list[float] = []

    async def one(http: httpx.AsyncClient) -> None:
        for _ in range(calls):
            started = time.perf_counter()
            (await http.get(f"{urls.registration}/healthz")).raise_for_status()
            times.append(time.perf_counter() - started)

    started = time.perf_counter()
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=clients)) as http:
        await asyncio.gather(*(one(http) for _ in range(clients)))
    wall = time.perf_counter() - started
    ordered = sorted(times)
    return {
        "per_s": len(times) / wall,
        "p50_ms": 1000 * statistics.median(ordered),
        "p99_ms": 1000 * ordered[int(0.99 * (len(ordered) - 1))],
    }


async def informed(client: mongo.Client, tok: str, awardees: int, timeout_s: float) -> dict[str, float]:
    """Wait until every awardee's `award.decided` in-app notice is stored and e-mail accepted by the SMTP
    server (notify marks an e-mail delivered once the server accepted it); when each was, per channel."""
    deliveries = client[database(tok, "notify")]["deliveries"]
    query = {"event_type": "award.decided", "recipient_key": {"$regex": "^person:"}, "status": "delivered"}
    done: dict[str, float] = {}
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        for channel in ("inbox", "email"):
            if (
                channel not in done
                and await deliveries.count_documents(query | {"channel": channel}) >= awardees
            ):
                done[channel] = time.perf_counter()
        if len(done) == 2:
            return done
        await asyncio.sleep(0.1)
    raise RuntimeError(f"awardees not informed within {timeout_s} s: {done}")


class Memory:
    """Resident memory (RSS) of every service process: at rest, and the largest seen while sampling."""

    def __init__(self, system: System) -> None:
        self.procs = {label: psutil.Process(child.pid) for label, child in system.children.items()}
        self.peak: dict[str, float] = dict.fromkeys(self.procs, 0.0)
        self.stop = asyncio.Event()

    def now(self) -> dict[str, float]:
        """Each process's resident memory in MB now."""
        return {label: p.memory_info().rss / 2**20 for label, p in self.procs.items()}

    async def run(self) -> None:
        while not self.stop.is_set():
            for label, mb in self.now().items():
                self.peak[label] = max(self.peak[label], mb)
            await asyncio.sleep(0.25)


async def one_run(args: argparse.Namespace, mongo_url: str, replicas: int, log_dir: Path) -> dict[str, Any]:
    """One province's seasons on a fresh network with `replicas` of every worker."""
    tok = uuid.uuid4().hex[:8]
    sink, smtp_port = NullMailbox(), free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    client = mongo.connect(mongo_url)
    try:
        with network(
            mongo_url, args.rabbitmq_url, replicas, tok, smtp_port, log_dir / f"r{replicas}"
        ) as system:
            urls = ServiceUrls(*(system.url(s) for s in NAMES))
            floor = await http_floor(urls, args.associations, 25)
            recorder = workload.Recorder()
            api = workload.timed_client(urls, SECRET, recorder, issuer=ISSUER, audience=AUDIENCE)
            lag, memory = Lag(client, tok), Memory(system)
            at_rest = memory.now()
            sampler, rss = asyncio.create_task(lag.run()), asyncio.create_task(memory.run())
            year, per_association = date.today().year, -(-args.awardees // args.associations)
            try:
                started = time.perf_counter()
                province = await workload.setup_province(
                    api, tag=f"L{tok[:4]}", associations=args.associations, year=year + 1
                )
                rush_started = time.perf_counter()
                await workload.registration_rush(api, province, members=max(args.members, per_association))
                season_started = time.perf_counter()
                by_association = await workload.nomination_season(
                    api, province, per_association=per_association, year=year
                )
                season_s = time.perf_counter() - season_started
                ids = [i for ids in by_association.values() for i in ids][: args.awardees]
                decided_at = time.perf_counter()
                await workload.decide(api, ids, number=f"1/QĐ-LHH-{tok}")
                answered = time.perf_counter() - decided_at
                done = await informed(client, tok, len(ids), timeout_s=600)
                wall = time.perf_counter() - started
            finally:
                lag.stop.set()
                memory.stop.set()
                await sampler
                await rss
                await api.transport.http.aclose()  # the timed pool is ours to close
            if system.exited():
                raise RuntimeError(f"processes exited during the run: {system.exited()}")
            return {
                "replicas": replicas,
                "associations": args.associations,
                "awardees": len(ids),
                "endpoints": recorder.table(wall),
                "errors": recorder.errors,
                "floor": floor,
                "rush_s": season_started - rush_started,
                "season_s": season_s,
                "season_nominations_per_s": len(ids) / season_s,
                "decision_post_s": answered,
                "decision_to_informed_s": max(done.values()) - decided_at,
                "decision_to_inbox_s": done["inbox"] - decided_at,
                "decision_to_email_s": done["email"] - decided_at,
                "rss_at_rest_mb": at_rest,
                "rss_under_load_mb": memory.peak,
                "outbox_backlog_max": lag.backlog,
                "outbox_oldest_pending_s": lag.oldest_s,
                "emails": sink.count,
            }
    finally:
        smtp.stop()
        await mongo.close(client)
        await remove_isolated(
            mongo_url=mongo_url,
            rabbitmq_url=args.rabbitmq_url,
            databases=[database(tok, n) for n in NAMES],
            exchange=f"bench.events.{tok}",
            retry_delays_s=ServiceSettings(env="dev").consumer_retry_delays_s,
            service_names={n: f"bench{tok}{n}" for n in NAMES},
        )


def report(runs: list[dict[str, Any]]) -> None:
    """Per run: the endpoint table and the headline figures; then 2 replicas against 1."""
    for r in runs:
        print(f"\n== {r['associations']} associations, {r['replicas']} replica(s) of every worker ==")
        print(f"{'endpoint':<52} {'calls':>6} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8}")
        for row in r["endpoints"]:
            print(
                f"{row['endpoint']:<52} {row['calls']:>6} {row['per_s']:>7.1f} "
                f"{row['p50_ms']:>8.0f} {row['p99_ms']:>8.0f}"
            )
        f = r["floor"]
        print(
            f"{'floor: GET /healthz, same clients':<52} {'':>6} {f['per_s']:>7.0f} "
            f"{f['p50_ms']:>8.0f} {f['p99_ms']:>8.0f}"
        )
        print(f"errors: {len(r['errors'])}" + (f" (first: {r['errors'][:3]})" if r["errors"] else ""))
        print(
            f"registration rush: {r['rush_s']:.1f} s; nomination season: {r['season_s']:.1f} s "
            f"({r['season_nominations_per_s']:.1f} nominations/s)"
        )
        print(
            f"outbox lag: largest backlog {r['outbox_backlog_max']}, oldest pending "
            f"{r['outbox_oldest_pending_s']:.2f} s"
        )
        print(
            f"decision of {r['awardees']}: POST answered in {r['decision_post_s']:.2f} s; last awardee "
            f"informed (inbox and e-mail) {r['decision_to_informed_s']:.1f} s after it"
        )
        print(
            f"  every in-app notice stored {r['decision_to_inbox_s']:.1f} s after it (bar: 10 s); "
            f"every e-mail accepted by the SMTP server {r['decision_to_email_s']:.1f} s after it (bar: 30 s)"
        )
        print(f"{'resident memory, MB':<30} {'at rest':>8} {'under load':>11}   (bars: 150 / 250)")
        for label, rest in r["rss_at_rest_mb"].items():
            peak = r["rss_under_load_mb"][label]
            flag = "" if rest < 150 and peak < 250 else "  OVER"
            print(f"{label:<30} {rest:>8.0f} {peak:>11.0f}{flag}")
    if len(runs) == 2:
        one, two = runs
        print("\n== scaling: 2 replicas against 1 (same machine, same run) ==")
        print(
            f"nomination season: {two['season_nominations_per_s'] / one['season_nominations_per_s']:.2f}x; "
            f"decision → last informed: {one['decision_to_informed_s'] / two['decision_to_informed_s']:.2f}x "
            "faster"
        )
    summary = [{k: v for k, v in r.items() if k != "endpoints"} | {"errors": len(r["errors"])} for r in runs]
    print(json.dumps(json.loads(json.dumps(summary), parse_float=lambda x: round(float(x), 3))))


def main() -> None:
    """Parse arguments, start SecantusDB unless a MongoDB URL is given, run once per replica count."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--associations", type=int, default=40)
    parser.add_argument("--members", type=int, default=15, help="registered individuals per association")
    parser.add_argument("--awardees", type=int, default=500, help="nominations decided in one decision")
    parser.add_argument("--replicas", type=int, nargs="+", default=[1, 2], help="worker replicas per run")
    parser.add_argument("--mongo-url", default=os.environ.get("MONGODB_URL"))
    parser.add_argument(
        "--rabbitmq-url", default=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        server = None if args.mongo_url else start_secantusdb(storage=Path(tmp) / "db")
        try:
            url = server.url if server else args.mongo_url
            print(f"MongoDB: {args.mongo_url or 'embedded SecantusDB'}; logs: {tmp}", flush=True)
            runs = [asyncio.run(one_run(args, url, n, Path(tmp))) for n in args.replicas]
        finally:
            if server is not None:
                server.stop()
    report(runs)
    sys.exit(1 if any(r["errors"] for r in runs) else 0)


if __name__ == "__main__":
    main()
