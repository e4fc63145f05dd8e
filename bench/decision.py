"""Decision benchmark: `POST /decisions` with N awardees → the Nth `award.decided` on the broker.

`uv run python -m bench.decision [--awardees 500] [--runs 1] [--mongo-url URL] [--rabbitmq-url URL]`.
The awards API and worker run as subprocesses (`python -m awards api|worker`); beside each decision, in the
same run, raw aio-pika: N persistent messages published with confirms (per 100) to a probe queue and consumed.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aio_pika
import httpx
from aio_pika.abc import AbstractExchange, AbstractIncomingMessage, AbstractQueue
from thidua import mongo
from thidua.auth import mint_token
from thidua.messaging import topology
from thidua.settings import DEV_JWT_SECRET, ServiceSettings
from thidua_tools.embedded import start_secantusdb

BATCH = 100  # raw publishing: confirms awaited per batch
AWARD = "GIAY_KHEN"  # Union authority, no council vote; đột xuất: no rating facts needed (BN86 Điều 4 k3)
DOSSIER = [
    {"kind": k, "filename": f"{k}.pdf", "sha256": hashlib.sha256(k.encode()).hexdigest()}
    for k in ("to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet")
]
Figures = dict[str, float]


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(role: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`python -m awards api|worker` in a subprocess."""
    return subprocess.Popen([sys.executable, "-m", "awards", role], env=env)


def bearer(*roles: str, association_id: str | None = None) -> dict[str, str]:
    """A token the service accepts under THIDUA_ENV=dev."""
    token = mint_token(DEV_JWT_SECRET, f"bench-{roles[0]}", list(roles), association_id=association_id)
    return {"Authorization": f"Bearer {token}"}


async def wait_ready(url: str, proc: subprocess.Popen[bytes], timeout_s: float = 60.0) -> None:
    """Poll /readyz until it answers 200; fail early if the process died."""
    deadline = time.monotonic() + timeout_s
    async with httpx.AsyncClient() as client:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if (await client.get(url)).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} not ready within {timeout_s} s (exit code {proc.poll()})")


class Probe:
    """A plain durable queue bound to the exchange, counting deliveries per routing key."""

    def __init__(self, queue: AbstractQueue) -> None:
        self.queue, self.counts, self.stamps = queue, dict[str, int](), dict[str, list[float]]()
        self.bodies: dict[str, bytes] = {}  # the last body per routing key
        self.waiters: dict[tuple[str, int], asyncio.Event] = {}

    async def start(self) -> None:
        await self.queue.consume(self.on_message, no_ack=True)

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        key = message.routing_key or ""
        self.counts[key] = self.counts.get(key, 0) + 1
        self.stamps.setdefault(key, []).append(time.perf_counter())
        self.bodies[key] = message.body
        event = self.waiters.get((key, self.counts[key]))
        if event is not None:
            event.set()

    async def reach(self, key: str, n: int, timeout_s: float = 300.0) -> float:
        """Wait until `n` messages with routing key `key` arrived; the time the nth came."""
        if self.counts.get(key, 0) < n:
            event = self.waiters.setdefault((key, n), asyncio.Event())
            await asyncio.wait_for(event.wait(), timeout=timeout_s)
        return self.stamps[key][n - 1]


async def nominate(api: str, association: str, n: int, clients: int, tok: str) -> list[str]:
    """N eligible Giấy khen (đột xuất) nominations from `clients` concurrent requests; their ids."""
    headers, ids = bearer("association", association_id=association), list[str]()
    todo = iter(range(n))

    async def one(client: httpx.AsyncClient) -> None:
        for i in todo:
            body = {
                "association_id": association, "award_type_code": AWARD, "year": 2026,
                "commendation_type": "dot_xuat", "considered_on": "2026-11-20", "dossier": DOSSIER,
                "nominee": {"kind": "individual", "name": f"Nguyễn Văn {i}", "unit": "Hội Tin học tỉnh",
                            "personal_code": f"B{tok}-{i}"},
                "achievement_report": "Thành tích đột xuất trong phòng chống thiên tai năm 2026.",
            }  # fmt: skip
            answer = await client.post("/nominations", json=body, headers=headers)
            if answer.status_code != 201 or answer.json()["status"] != "submitted":
                raise RuntimeError(f"nomination {i}: {answer.status_code} {answer.text[:300]}")
            ids.append(answer.json()["id"])

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=api, limits=limits, timeout=60) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return ids


async def decision_run(api: str, probe: Probe, args: argparse.Namespace, run: int, tok: str) -> Figures:
    """Set up N nominations (relay drained), then time `POST /decisions` → the Nth `award.decided`."""
    n, before = args.awardees, probe.counts.get("nomination.submitted", 0)
    started = time.perf_counter()
    ids = await nominate(api, f"hoi-bench-{tok}-{run}", n, args.clients, f"{tok}{run}")
    await probe.reach("nomination.submitted", before + n)  # the relay has nothing else left to publish
    setup_s = time.perf_counter() - started
    body = {"number": f"{run + 1}/QĐ-LHH-{tok}", "signed_on": "2026-11-24", "signer_name": "Trần Văn An",
            "signer_title": "Chủ tịch", "nomination_ids": ids}  # fmt: skip
    decided = probe.counts.get("award.decided", 0)
    async with httpx.AsyncClient(base_url=api, timeout=300) as client:
        started = time.perf_counter()
        answer = await client.post("/decisions", json=body, headers=bearer("secretariat"))
        answered = time.perf_counter()
    if answer.status_code != 201 or len(answer.json()["awards"]) != n:
        raise RuntimeError(f"decision: {answer.status_code} {answer.text[:300]}")
    first = await probe.reach("award.decided", decided + 1)
    last = await probe.reach("award.decided", decided + n)
    return {"setup_s": setup_s, "post_s": answered - started, "first_s": first - started,
            "total_s": last - started, "per_s": n / (last - started)}  # fmt: skip


async def raw_run(exchange: AbstractExchange, probe: Probe, n: int, body: bytes) -> Figures:
    """N persistent messages (an `award.decided` body) with confirms per BATCH → the Nth on the probe."""
    key, before = "bench.raw", probe.counts.get("bench.raw", 0)

    def message(i: int) -> aio_pika.Message:
        return aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT, message_id=str(i),
                                content_type="application/json", type="award.decided")  # fmt: skip

    started = time.perf_counter()
    for first in range(0, n, BATCH):
        batch = range(first, min(n, first + BATCH))
        await asyncio.gather(*(exchange.publish(message(i), routing_key=key) for i in batch))
    published = time.perf_counter()
    last = await probe.reach(key, before + n)
    return {"publish_s": published - started, "total_s": last - started, "per_s": n / (last - started)}


async def bench(args: argparse.Namespace, mongo_url: str) -> dict[str, Any]:
    """API and worker up, probe bound; per run: raw, decision, raw; everything removed at the end."""
    tok = uuid.uuid4().hex[:8]
    service, database, exchange_name = f"bench{tok}awards", f"bench_{tok}_awards", f"bench.events.{tok}"
    api_port, metrics_port = free_port(), free_port()
    env = os.environ | {
        "MONGODB_URL": mongo_url, "RABBITMQ_URL": args.rabbitmq_url, "THIDUA_ENV": "dev",
        "THIDUA_SERVICE_NAME": service, "THIDUA_MONGODB_DATABASE": database,
        "THIDUA_EVENTS_EXCHANGE": exchange_name, "THIDUA_HTTP_PORT": str(api_port),
        "THIDUA_WORKER_METRICS_PORT": str(metrics_port), "THIDUA_LOG_LEVEL": "WARNING",
        "THIDUA_LOG_FORMAT": "json",
    }  # fmt: skip
    procs: list[subprocess.Popen[bytes]] = []
    connection = await aio_pika.connect(args.rabbitmq_url)
    probe_name = f"bench{tok}.probe"
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await topology.declare_exchange(channel, exchange_name)
        probe = Probe(await channel.declare_queue(probe_name, durable=True))
        for key in ("nomination.submitted", "award.decided", "bench.raw"):
            await probe.queue.bind(exchange, routing_key=key)
        await probe.start()
        for role in ("api", "worker"):
            procs.append(start(role, env))
        api = f"http://127.0.0.1:{api_port}"
        await wait_ready(f"{api}/readyz", procs[0])
        await wait_ready(f"http://127.0.0.1:{metrics_port}/readyz", procs[1])
        await decision_run(api, probe, argparse.Namespace(awardees=20, clients=8), 999, tok)  # warm-up
        body = probe.bodies["award.decided"]  # raw messages carry a real award.decided envelope
        raws, decisions = [await raw_run(exchange, probe, args.awardees, body)], []
        for run in range(args.runs):
            decisions.append(await decision_run(api, probe, args, run, tok))
            raws.append(await raw_run(exchange, probe, args.awardees, body))
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        await cleanup(connection, args.rabbitmq_url, mongo_url, service, probe_name, exchange_name, database)
    return summarise(args, decisions, raws)


async def cleanup(
    connection: aio_pika.abc.AbstractConnection,
    rabbitmq_url: str,
    mongo_url: str,
    service: str,
    probe: str,
    exchange: str,
    database: str,
) -> None:
    """Delete the probe, the worker's queues (main, retries, DLQ) and the exchange; drop the database."""
    delays = ServiceSettings(env="dev").consumer_retry_delays_s
    names = topology.queue_names(service=service, consumer="awards", delays_s=delays)
    await connection.close()
    connection = await aio_pika.connect(rabbitmq_url)
    try:
        channel = await connection.channel()  # deleting what does not exist is no error for RabbitMQ
        for name in [probe, names.main, names.dlq, *names.retries, topology.unrouted_name(exchange)]:
            await channel.queue_delete(name)
        for name in (exchange, topology.unrouted_name(exchange), names.redelivery):
            await channel.exchange_delete(name)
    finally:
        await connection.close()
    client = mongo.connect(mongo_url)
    await client.drop_database(database)
    await mongo.close(client)


def summarise(args: argparse.Namespace, decisions: list[Figures], raws: list[Figures]) -> dict[str, Any]:
    """Means over the runs (raw: the runs before and after each decision), and the ratio of the two."""

    def mean(runs: list[Figures]) -> Figures:
        return {k: statistics.mean(r[k] for r in runs) for k in runs[0]}

    decision, raw = mean(decisions), mean(raws)
    for side in (decision, raw):  # a rate over all the time, not the mean of rates
        side["per_s"] = args.awardees / side["total_s"]
    return {
        "awardees": args.awardees, "runs": args.runs, "award_type": AWARD, "decision": decision, "raw": raw,
        "ratio_decision_raw": decision["total_s"] / raw["total_s"],
        "decision_total_s_each": [d["total_s"] for d in decisions],
        "raw_total_s_each": [r["total_s"] for r in raws],
    }  # fmt: skip


def report(r: dict[str, Any]) -> None:
    """The table, then the figures as one JSON line."""
    d, w, n = r["decision"], r["raw"], r["awardees"]
    print(f"\n{n} awardees ({r['award_type']}), {r['runs']} decision run(s); times in ms")
    rows = [
        (f"setup: {n} nominations + their nomination.submitted on the probe", f"{1000 * d['setup_s']:.0f}"),
        ("decision: POST /decisions answered (one transaction)", f"{1000 * d['post_s']:.0f}"),
        ("decision: POST → first award.decided on the probe", f"{1000 * d['first_s']:.0f}"),
        (f"decision: POST → {n}th award.decided on the probe", f"{1000 * d['total_s']:.0f}"),
        ("decision: awardees/s end to end", f"{d['per_s']:.0f}"),
        (f"raw aio-pika: publish {n} persistent, confirms per {BATCH}", f"{1000 * w['publish_s']:.0f}"),
        (f"raw aio-pika: first publish → {n}th on the probe", f"{1000 * w['total_s']:.0f}"),
        ("raw aio-pika: messages/s end to end", f"{w['per_s']:.0f}"),
        ("ratio decision / raw (end to end)", f"{r['ratio_decision_raw']:.1f}x"),
    ]
    print("\n".join(f"{label:<66} {value:>10}" for label, value in rows))
    print(json.dumps(json.loads(json.dumps(r), parse_float=lambda x: round(float(x), 4))))


def main() -> None:
    """Parse arguments, start SecantusDB unless a MongoDB URL is given, run and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--awardees", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1, help="decisions, each with fresh nominations")
    parser.add_argument("--clients", type=int, default=16, help="concurrent requests during setup")
    parser.add_argument("--mongo-url", default=os.environ.get("MONGODB_URL"))
    parser.add_argument(
        "--rabbitmq-url", default=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-decision-") as tmp:
        server = None if args.mongo_url else start_secantusdb(storage=Path(tmp) / "db")
        try:
            print(f"MongoDB {args.mongo_url or 'embedded SecantusDB'}", flush=True)
            result = asyncio.run(bench(args, server.url if server else args.mongo_url))
        finally:
            if server is not None:
                server.stop()
    report(result)


if __name__ == "__main__":
    main()
