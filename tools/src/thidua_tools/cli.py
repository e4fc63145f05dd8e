"""`thidua`: the operator's command line (tokens, start-up, dead-letter queues, outboxes)."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from aiormq.exceptions import AMQPConnectionError, ChannelNotFoundEntity
from pymongo.errors import ConnectionFailure
from thidua import mongo
from thidua.messaging import amqp, definitions, dlq, network, outbox, topology
from thidua.runtime import CONSUMERS
from thidua.settings import OperatorSettings, ServiceSettings

from thidua_tools import backup, cli_token, cli_topology
from thidua_tools.launcher import SERVICES, up
from thidua_tools.local_state import apply_state, default_var_dir, read_state
from thidua_tools.province import cli as seed_cli

SERVICE_NAMES = [name for name, _ in SERVICES]


def _settings(service: str) -> ServiceSettings:
    return OperatorSettings(service_name=service)


async def _dlq_targets(service: str | None, consumer: str | None) -> list[tuple[str, str]]:
    """(service, dead-letter queue) pairs recorded by the workers in each service's database."""
    targets: list[tuple[str, str]] = []
    for name in [service] if service else SERVICE_NAMES:
        settings = _settings(name)
        client = mongo.connect(settings.mongodb_url)
        try:
            query = {"_id": consumer} if consumer else {}
            async for doc in client[settings.database_name][CONSUMERS].find(query):
                targets.append((name, str(doc["dlq"])))
        finally:
            await mongo.close(client)
    return targets


async def _dlq(args: argparse.Namespace) -> int:
    if args.action == "purge" and not args.queue and not _confirmed(args.yes, "every dead-letter queue"):
        print("Nothing purged.", file=sys.stderr)
        return 1
    targets = (
        [(args.service or "", args.queue)] if args.queue else await _dlq_targets(args.service, args.consumer)
    )
    if args.action == "list" and not args.queue and not args.consumer:  # what no queue took, too
        targets.append(("(unrouted)", topology.unrouted_name(OperatorSettings().events_exchange)))
    if not targets:
        print("No consumer queues recorded yet: start the workers once (`thidua up`).", file=sys.stderr)
        return 1
    connection = await amqp.connect(OperatorSettings().rabbitmq_url, name="thidua-cli")
    try:
        channel = await amqp.open_channel(connection)
        for service, queue in targets:
            await _dlq_action(args.action, channel, service, queue, args.limit)
    except dlq.ReplayFailed as exc:
        print(f"Replay stopped: {exc}", file=sys.stderr)
        return 1
    finally:
        await connection.close()
    return 0


def _confirmed(yes: bool, what: str) -> bool:
    """A destructive operation on many things goes ahead with --yes, or when the operator types `yes`."""
    if yes:
        return True
    if not sys.stdin.isatty():
        print(f"This purges {what}: add --yes to confirm, or name one with --queue.", file=sys.stderr)
        return False
    answer = input(f"This purges {what} for good. Type yes to go on: ")
    return answer.strip().lower() == "yes"


async def _dlq_action(action: str, channel: Any, service: str, queue: str, limit: int) -> None:
    if action == "list":
        try:
            depth = str(await dlq.depth(channel, queue))
        except ChannelNotFoundEntity:
            depth = "absent (thidua topology apply)"
        print(f"{service:<14} {queue:<50} {depth:>8}")
    elif action == "peek":
        for letter in await dlq.peek(channel, queue, limit=limit):
            print(json.dumps(asdict(letter), ensure_ascii=False))
    elif action == "replay" and queue.endswith(".unrouted"):
        exchange = queue.removesuffix(".unrouted")
        replayed = await dlq.replay_unrouted(channel, exchange, limit=limit or None)
        print(f"{queue}: published {replayed} message(s) to {exchange} again")
    elif action == "replay":
        print(f"{queue}: replayed {await dlq.replay(channel, queue, limit=limit or None)} message(s)")
    elif action == "purge":
        print(f"{queue}: purged {await dlq.purge(channel, queue)} message(s)")


async def _outbox(args: argparse.Namespace) -> int:
    for name in [args.service] if args.service else SERVICE_NAMES:
        settings = _settings(name)
        client = mongo.connect(settings.mongodb_url)
        try:
            database = client[settings.database_name]
            if args.action == "status":
                print(json.dumps({"service": name, **await outbox.status(database)}))
            elif args.published_since is not None:
                again = await outbox.republish_since(database, since=args.published_since)
                print(f"{name}: {again} published entries will be published again")
            else:
                ids = args.event_id or None
                print(
                    f"{name}: redriven {await outbox.redrive_failed(database, event_ids=ids)} failed entries"
                )
        finally:
            await mongo.close(client)
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="thidua", description="ThiĐua network operator commands")
    sub = parser.add_subparsers(dest="command", required=True)
    cli_token.add_parser(sub)
    cli_topology.add_parser(sub)
    seed_cli.add_parser(sub)
    seed_cli.add_accounts_parser(sub)
    start = sub.add_parser("up", help="start every service (embedded default) and stop all on Ctrl-C")
    start.add_argument(
        "--var-dir", type=Path, default=Path("var"), help="where data and logs go (default ./var)"
    )
    start.set_defaults(func=lambda a: up(var_dir=a.var_dir))
    dead = sub.add_parser("dlq", help="inspect, replay or purge dead-letter queues")
    dead.add_argument("action", choices=["list", "peek", "replay", "purge"])
    dead.add_argument("--service", choices=SERVICE_NAMES)
    dead.add_argument("--consumer", help="one consumer of the service")
    dead.add_argument("--queue", help="a dead-letter queue by name")
    dead.add_argument("--limit", type=int, default=20, help="peek/replay at most this many (replay: 0 = all)")
    dead.add_argument("--yes", action="store_true", help="purge without --queue: do not ask for confirmation")
    dead.set_defaults(func=lambda a: asyncio.run(_dlq(a)))
    box = sub.add_parser("outbox", help="outbox status, or redrive failed entries")
    box.add_argument("action", choices=["status", "redrive"])
    box.add_argument("--service", choices=SERVICE_NAMES)
    box.add_argument("--event-id", action="append", help="redrive only these entries")
    box.add_argument(
        "--published-since",
        type=_aware_datetime,
        help="redrive: publish again what was published since this time (ISO 8601, e.g. after a queue "
        "was deleted by mistake; the consumers' inboxes drop the copies they already applied)",
    )
    box.set_defaults(func=lambda a: asyncio.run(_outbox(a)))
    grievance = sub.add_parser("grievance", help="grievance operator commands")
    grievance.add_argument("action", choices=["reseal"], help="reseal: re-encrypt sealed records, active key")
    grievance.set_defaults(func=lambda a: importlib.import_module("grievance.reseal").main())
    dump = sub.add_parser("backup", help="dump every service database (state, outbox, inbox, files)")
    dump.add_argument("--out", type=Path, help="a new folder (default var/backups/<time>)")
    dump.set_defaults(func=_backup)
    back = sub.add_parser("restore", help="replace every service database with a backup (system stopped)")
    back.add_argument("folder", type=Path)
    back.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    back.set_defaults(func=_restore)
    spec = sub.add_parser("asyncapi", help="print the AsyncAPI document generated from the contracts")
    spec.set_defaults(func=_asyncapi)
    return parser


def _databases() -> dict[str, str]:
    return {name: _settings(name).database_name for name in [*SERVICE_NAMES, "portal"]}


def _backup(args: argparse.Namespace) -> int:
    out = args.out or default_var_dir() / "backups" / datetime.now().strftime("%Y%m%d-%H%M%S")
    settings = OperatorSettings()
    manifest = asyncio.run(backup.backup(settings.mongodb_url, _databases(), out))
    (out / "broker-definitions.json").write_text(
        definitions.render_text(network.from_settings(settings)), encoding="utf-8"
    )
    for service, entry in manifest["databases"].items():
        count = sum(meta["documents"] for meta in entry["collections"].values())
        print(f"{service:<14} {entry['name']:<28} {count:>8} documents")
    print(f"Backup written to {out}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    if read_state(default_var_dir()) is not None:
        print("The local system is running: stop `thidua up` (Ctrl-C) before restoring.", file=sys.stderr)
        return 1
    try:
        manifest = backup.read_manifest(args.folder)
    except backup.BackupError as exc:
        print(exc, file=sys.stderr)
        return 1
    names = ", ".join(entry["name"] for entry in manifest["databases"].values())
    if not args.yes and (not sys.stdin.isatty() or input(f"Replace {names}? Type yes: ").strip() != "yes"):
        print("Nothing restored (confirm with --yes).", file=sys.stderr)
        return 1
    for service, count in asyncio.run(backup.restore(OperatorSettings().mongodb_url, args.folder)).items():
        print(f"{service:<14} {count:>8} documents restored")
    return 0


def _aware_datetime(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.astimezone()


def _asyncapi(_args: argparse.Namespace) -> int:
    from thidua_tools.asyncapi import render_yaml

    sys.stdout.write(render_yaml())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `thidua` command: it acts on the system `thidua up` runs (var/thidua-up.json)
    unless MONGODB_URL or RABBITMQ_URL say otherwise, and answers a connection error with one sentence."""
    args = _parser().parse_args(argv)
    if args.command != "up":
        apply_state(os.environ, default_var_dir())
    try:
        return int(args.func(args) or 0)
    except ConnectionFailure as exc:
        url = OperatorSettings().mongodb_url
        print(connection_help("the database", url, "MONGODB_URL", exc), file=sys.stderr)
    except (AMQPConnectionError, ConnectionError) as exc:
        url = OperatorSettings().rabbitmq_url
        print(connection_help("RabbitMQ", url, "RABBITMQ_URL", exc), file=sys.stderr)
    return 2


def connection_help(what: str, url: str, variable: str, error: BaseException) -> str:
    """One sentence: what did not answer, where, and the fix."""
    where = url.partition("://")[2].rpartition("@")[2].split("/")[0].split("?")[0]
    return (
        f"Cannot reach {what} at {where} ({type(error).__name__}): start the local system with "
        f"`bash scripts/start` (or `uv run thidua up`), or set {variable} to the one you run."
    )
