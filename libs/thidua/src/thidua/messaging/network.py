"""The network's broker topology as one declarative description, derived from the services' subscriptions.

`Topology` lists the events exchange (with its alternate exchange and unrouted queue), every consumer queue
with its bindings, retry queues and dead-letter queue, and the provincial board's read-only `award.#` queue.
It is applied by `thidua up` and `thidua topology apply` before any relay publishes, by every worker at start
(`thidua.messaging.declare`), and rendered into the RabbitMQ definitions under `deploy/rabbitmq/`
(`thidua.messaging.definitions`).

Which service's consumer takes which event types lives in the services (`consumer.py`, `ServiceSpec`); a
copy of that map ships with this library (`subscriptions.json`, written by `thidua topology subscriptions`
and checked against the services by a contract test), so a worker knows the whole network without
importing the other services.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from thidua.messaging import topology
from thidua.messaging.topology import QueueNames

if TYPE_CHECKING:
    from thidua.settings import ServiceSettings

Subscriptions = dict[str, dict[str, list[str]]]
"""service -> consumer -> routing keys (event types, or patterns such as `award.#`)."""

SERVICES = ("registration", "awards", "grievance", "notify")
"""Every service of the network, by its own (canonical) name."""

BOARD = "board"
BOARD_KEYS = ("award.#",)


@dataclass(frozen=True)
class ConsumerQueue:
    """One consumer's queues and the event types bound to its main queue."""

    service: str
    consumer: str
    names: QueueNames
    routing_keys: tuple[str, ...]


@dataclass(frozen=True)
class ReaderQueue:
    """A queue read by someone outside the services (the provincial board): main queue and bindings only."""

    reader: str
    name: str
    routing_keys: tuple[str, ...]


@dataclass(frozen=True)
class Topology:
    """Everything the broker must hold before a relay publishes."""

    exchange: str
    consumers: tuple[ConsumerQueue, ...]
    readers: tuple[ReaderQueue, ...]
    delivery_limit: int

    @property
    def unrouted(self) -> str:
        return topology.unrouted_name(self.exchange)

    def consumers_of(self, service: str) -> tuple[ConsumerQueue, ...]:
        """The consumer queues one service owns."""
        return tuple(c for c in self.consumers if c.service == service)

    def queues(self) -> list[str]:
        """Every queue name, for clean-up and for the operator's overview."""
        names = [self.unrouted, *(r.name for r in self.readers)]
        for c in self.consumers:
            names += [c.names.main, *c.names.retries, c.names.dlq]
        return names

    def exchanges(self) -> list[str]:
        """Every exchange name (events, alternate, and each consuming service's redelivery exchange)."""
        redelivery = sorted({c.names.redelivery for c in self.consumers})
        return [self.exchange, self.unrouted, *redelivery]


def packaged_subscriptions() -> Subscriptions:
    """The subscription map shipped with the library (see the module docstring)."""
    text = resources.files("thidua.messaging").joinpath("subscriptions.json").read_text("utf-8")
    data: Subscriptions = json.loads(text)
    return data


def build(
    *,
    exchange: str,
    retry_delays_s: Sequence[float],
    delivery_limit: int,
    subscriptions: Mapping[str, Mapping[str, Iterable[str]]] | None = None,
    names: Mapping[str, str] | None = None,
    readers: bool = True,
) -> Topology:
    """The topology of a network whose service `s` runs under the name `names[s]` (default: `s` itself)."""
    subs = packaged_subscriptions() if subscriptions is None else subscriptions
    named = {s: (names or {}).get(s, s) for s in (*SERVICES, BOARD, *subs)}
    consumers = tuple(
        ConsumerQueue(
            service=service,
            consumer=consumer,
            names=topology.queue_names(service=named[service], consumer=consumer, delays_s=retry_delays_s),
            routing_keys=tuple(sorted(keys)),
        )
        for service, by_consumer in sorted(subs.items())
        for consumer, keys in sorted(by_consumer.items())
    )
    board = ReaderQueue(reader=BOARD, name=f"{named[BOARD]}.awards", routing_keys=BOARD_KEYS)
    return Topology(
        exchange=exchange,
        consumers=consumers,
        readers=(board,) if readers else (),
        delivery_limit=delivery_limit,
    )


def from_settings(
    settings: ServiceSettings, *, subscriptions: Mapping[str, Mapping[str, Iterable[str]]] | None = None
) -> Topology:
    """The network's topology under its own names, with the exchange and queue settings of `settings`."""
    return build(
        exchange=settings.events_exchange,
        retry_delays_s=settings.consumer_retry_delays_s,
        delivery_limit=settings.consumer_delivery_limit,
        subscriptions=subscriptions,
    )


def name_pattern(service: str, service_name: str) -> dict[str, str] | None:
    """The names of the other services of a network in which `service` runs as `service_name`.

    Test systems and benchmarks run whole networks side by side on one broker, every service's name built
    around its own the same way (`awards1a2b`, `notify1a2b`; `bench1a2bawards`); None when the name does not
    contain the service's own name, and so says nothing about the others.
    """
    if service not in service_name:
        return None
    prefix, _, suffix = service_name.partition(service)
    return {s: f"{prefix}{s}{suffix}" for s in (*SERVICES, BOARD)}


def describe(topo: Topology) -> dict[str, Any]:
    """A JSON-ready view of the topology (`thidua topology show --json`)."""
    return {
        "exchange": {"name": topo.exchange, "type": "topic", "alternate_exchange": topo.unrouted},
        "unrouted": {
            "exchange": topo.unrouted,
            "type": "fanout",
            "queue": topo.unrouted,
            "retention_days": topology.UNROUTED_RETENTION_DAYS,
        },
        "consumers": [
            {
                "service": c.service,
                "consumer": c.consumer,
                "queue": c.names.main,
                "bindings": list(c.routing_keys),
                "retries": dict(zip(c.names.retries, c.names.delays_s, strict=True)),
                "dead_letter_queue": c.names.dlq,
                "redelivery_exchange": c.names.redelivery,
                "delivery_limit": topo.delivery_limit,
            }
            for c in topo.consumers
        ],
        "readers": [
            {"reader": r.reader, "queue": r.name, "bindings": list(r.routing_keys)} for r in topo.readers
        ],
    }


def render_text(topo: Topology) -> str:
    """The topology as an operator reads it (`thidua topology show`)."""
    lines = [
        f"exchange {topo.exchange} (topic); what no queue takes -> {topo.unrouted} -> queue {topo.unrouted}"
    ]
    for c in topo.consumers:
        lines.append(f"queue {c.names.main}  [{c.service}]  <- {', '.join(c.routing_keys)}")
        lines.append(
            f"  retries {', '.join(c.names.retries)}; dead letters {c.names.dlq} (via {c.names.redelivery})"
        )
    for r in topo.readers:
        lines.append(f"queue {r.name}  [{r.reader}, read-only]  <- {', '.join(r.routing_keys)}")
    return "\n".join(lines) + "\n"


class _NoUnitsOfWork:
    """Stands in for a unit-of-work factory while reading subscriptions: nothing may touch a database."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"reading subscriptions must not use the unit-of-work factory ({name})")


def subscriptions_of_services(services: Iterable[str] = SERVICES) -> Subscriptions:
    """The subscription map read from the services themselves (`<service>.bootstrap.SPEC`)."""
    out: Subscriptions = {}
    for service in services:
        spec = importlib.import_module(f"{service}.bootstrap").SPEC
        subs = spec.subscriptions(_NoUnitsOfWork())
        if subs:
            out[service] = {sub.consumer: sorted(sub.handlers) for sub in subs}
    return out


def render_subscriptions(subs: Subscriptions) -> str:
    """`subscriptions.json` as written by `thidua topology subscriptions`."""
    return json.dumps(subs, indent=2, sort_keys=True) + "\n"
