"""An outbox writer in a process of its own, whose clock may be set off: for the test of per-subject order
across processes.

    python -m tests.support.outbox_writer --mongo-url URL --database DB --subject S --first 0 --count 20 \
        --clock-skew-s -30

It writes ledger entries n = first, first + 2, ... < count for one subject, each in its own unit of work,
taking turns with another writer through a `turn` document (entry n is written only once entry n - 1 is
committed), so the commit order is 0, 1, 2, ... across the two processes.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time


def skew_clock(seconds: float) -> None:
    """Make this process's wall clock disagree with the others' (as two hosts' clocks may)."""
    real_ns, real_s = time.time_ns, time.time
    time.time_ns = lambda: real_ns() + int(seconds * 1e9)  # type: ignore[assignment]
    time.time = lambda: real_s() + seconds  # type: ignore[assignment]


async def run(args: argparse.Namespace) -> None:
    from thidua import mongo

    from tests.support import ledger

    client = mongo.connect(args.mongo_url)
    database = client[args.database]
    uows = ledger.factory(client, database)
    try:
        for n in range(args.first, args.count, 2):
            while (await database["turn"].find_one({"_id": args.subject}) or {}).get("n", 0) != n:  # noqa: ASYNC110 - another process moves it
                await asyncio.sleep(0.005)
            await ledger.record(uows, account=args.subject, amount=1, n=n)
            await database["turn"].update_one({"_id": args.subject}, {"$set": {"n": n + 1}}, upsert=True)
    finally:
        await mongo.close(client)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mongo-url", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--subject", required=True)
    parser.add_argument("--first", type=int, required=True)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--clock-skew-s", type=float, default=0.0)
    args = parser.parse_args()
    skew_clock(args.clock_skew_s)  # before thidua is imported
    asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
