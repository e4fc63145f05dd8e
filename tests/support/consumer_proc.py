"""A ledger consumer in a process of its own, for the test that kills a consumer with SIGKILL mid-batch.

Run from the repository root:

    python -m tests.support.consumer_proc --mongo-url URL --database DB --rabbitmq-url URL \
        --exchange NAME --service NAME

Settings not given here come from the environment as usual (THIDUA_ENV, THIDUA_JWT_SECRET,
THIDUA_CONSUMER_RETRY_DELAYS_S, ...). The handler sleeps a little inside its transaction before applying
the effect, so a kill lands with transactions open and messages unacknowledged. Once consuming, the
process prints one JSON line on stdout with its queue names; SIGTERM or SIGINT stops it gracefully.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys

from thidua import mongo
from thidua.contracts.base import Envelope
from thidua.logging import configure_logging, get_logger
from thidua.messaging import amqp
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork
from thidua.worker import install_signal_handlers

from tests.support import ledger, tokens

log = get_logger("tests.consumer_proc")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mongo-url", required=True)
    parser.add_argument(
        "--database", required=True, help="the consumer's database (effects, balances, inbox)"
    )
    parser.add_argument("--rabbitmq-url", required=True)
    parser.add_argument("--exchange", required=True)
    parser.add_argument("--service", required=True)
    parser.add_argument("--consumer", default="ledger-effects", help="the consumer (queue and inbox) name")
    parser.add_argument("--min-delay-ms", type=float, default=5.0)
    parser.add_argument("--max-delay-ms", type=float, default=20.0)
    return parser.parse_args(argv)


def build_settings(args: argparse.Namespace) -> ServiceSettings:
    return ServiceSettings(
        service_name=args.service,
        env="test",
        **tokens.SETTINGS,
        mongodb_url=args.mongo_url,
        mongodb_database=args.database,
        rabbitmq_url=args.rabbitmq_url,
        events_exchange=args.exchange,
    )


async def run(args: argparse.Namespace) -> None:
    settings = build_settings(args)
    configure_logging(service=settings.service_name, level=settings.log_level, fmt=settings.log_format)
    stop = asyncio.Event()
    install_signal_handlers(stop)
    low, high = args.min_delay_ms / 1000, args.max_delay_ms / 1000

    async def slow_apply(envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork) -> None:
        await asyncio.sleep(random.uniform(low, high))
        await ledger.apply_entry(envelope, data, uow)

    client = mongo.connect(settings.mongodb_url)
    connection = await amqp.connect(settings.rabbitmq_url, name=f"{settings.service_name}-consumer-proc")
    try:
        uows = ledger.factory(client, client[args.database], producer="ledger-consumer")
        consumer = ledger.ledger_consumer(settings, uows, name=args.consumer, handler=slow_apply)
        await consumer.start(connection)
        ready = {"ready": True, "main": consumer.names.main, "retries": consumer.names.retries}
        print(json.dumps(ready), flush=True)
        await stop.wait()
        log.info("consumer_proc.stopping")
        await consumer.stop()
    finally:
        await connection.close()
        await mongo.close(client)
    log.info("consumer_proc.stopped")


def main(argv: list[str] | None = None) -> int:
    asyncio.run(run(parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
