"""`thidua topology`: show the broker topology, apply it, or read the subscriptions from the services."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from thidua.messaging import declare, definitions, network
from thidua.messaging.topology import TopologyError
from thidua.settings import OperatorSettings


def add_parser(subparsers: Any) -> None:
    """Register the `topology` subcommand on an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "topology",
        help="show or apply the broker topology (exchange, queues, bindings, unrouted queue)",
        description="The exchange with its alternate exchange and unrouted queue, every consumer's "
        "queues and bindings, the provincial board's queue. `apply` declares them all (idempotent); "
        "`subscriptions` prints the map read from the services, as shipped in "
        "thidua/messaging/subscriptions.json; `definitions` prints the RabbitMQ definitions (topology, "
        "broker users and their permissions, password placeholders) as in deploy/rabbitmq/definitions.json.",
    )
    parser.add_argument("action", choices=["show", "apply", "subscriptions", "definitions"])
    parser.add_argument("--json", action="store_true", help="show: machine-readable output")
    parser.add_argument(
        "--recreate-exchange",
        action="store_true",
        help="apply: delete and declare the events exchange again (once, to add its alternate exchange)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Carry out one `thidua topology` action."""
    settings = OperatorSettings()
    if args.action == "subscriptions":
        sys.stdout.write(network.render_subscriptions(network.subscriptions_of_services()))
        return 0
    topo = network.from_settings(settings)
    if args.action == "definitions":
        sys.stdout.write(definitions.render_text(topo))
        return 0
    if args.action == "show":
        text = json.dumps(network.describe(topo), indent=2) + "\n" if args.json else network.render_text(topo)
        sys.stdout.write(text)
        return 0
    try:
        applied = asyncio.run(
            declare.connect_and_apply(settings.rabbitmq_url, topo, recreate_exchange=args.recreate_exchange)
        )
    except TopologyError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"declared {len(applied.declared)} group(s), found {len(applied.checked)} object(s) in place")
    if applied.missing:
        print(f"missing and not ours to declare: {', '.join(applied.missing)}", file=sys.stderr)
        return 1
    return 0
