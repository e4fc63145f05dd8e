"""Apply a `Topology` to the broker: idempotent declarations, each group on a channel of its own.

Run with a user allowed to configure everything (`thidua up`, `thidua topology apply`, the local guest), every
object is declared. A service's own broker user may configure only its own queues: what it may not declare is
checked passively instead (it must exist already, from the definitions the broker loaded at boot or an
operator's `thidua topology apply`), and what is missing is reported, never silently skipped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection
from aiormq.exceptions import ChannelAccessRefused, ChannelNotFoundEntity, ChannelPreconditionFailed

from thidua.logging import get_logger
from thidua.messaging import topology
from thidua.messaging.network import ConsumerQueue, ReaderQueue, Topology

log = get_logger(__name__)


@dataclass
class Applied:
    """What applying a topology did: declared, found in place (not ours to declare), or missing."""

    declared: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


async def apply(
    connection: AbstractConnection, topo: Topology, *, recreate_exchange: bool = False
) -> Applied:
    """Declare the exchange with its alternate exchange, every consumer's queues and every reader's queue.

    `recreate_exchange` deletes the events exchange first: the one-off upgrade of an exchange declared
    before it had an alternate exchange (its bindings are declared again right after).
    """
    applied = Applied()
    if recreate_exchange:
        channel = await connection.channel()
        await channel.exchange_delete(topo.exchange)
        await channel.close()
        log.warning("topology.exchange_recreated", exchange=topo.exchange)
    groups: list[tuple[str, Declaration, list[tuple[str, str]]]] = [
        (
            topo.exchange,
            partial(_exchange, topo=topo),
            [("exchange", topo.exchange), ("exchange", topo.unrouted), ("queue", topo.unrouted)],
        )
    ]
    for c in topo.consumers:
        queues = [c.names.main, *c.names.retries, c.names.dlq]
        groups.append(
            (c.names.main, partial(_consumer, topo=topo, consumer=c), [("queue", q) for q in queues])
        )
    for r in topo.readers:
        groups.append((r.name, partial(_reader, topo=topo, reader=r), [("queue", r.name)]))
    for label, declaration, objects in groups:
        await _group(connection, applied, label, declaration, objects)
    log.info(
        "topology.applied",
        declared=len(applied.declared),
        checked=len(applied.checked),
        missing=applied.missing,
    )
    return applied


Declaration = Callable[[AbstractChannel], Awaitable[None]]


async def _group(
    connection: AbstractConnection,
    applied: Applied,
    label: str,
    declaration: Declaration,
    objects: Sequence[tuple[str, str]],
) -> None:
    """Declare one group; if the broker refuses (permissions), check passively that its objects exist."""
    channel = await connection.channel()
    try:
        await declaration(channel)
        applied.declared.append(label)
        return
    except ChannelAccessRefused as exc:
        log.info("topology.not_ours_to_declare", group=label, error=str(exc)[:200])
    except ChannelPreconditionFailed as exc:
        raise topology.TopologyError(
            f"{label} exists with other arguments than the topology's ({exc}); see docs/operations.md"
        ) from exc
    finally:
        if not channel.is_closed:
            await channel.close()
    for kind, name in objects:
        if await _exists(connection, kind, name):
            applied.checked.append(name)
        else:
            applied.missing.append(name)
            log.error("topology.missing", kind=kind, name=name, group=label)


async def _exists(connection: AbstractConnection, kind: str, name: str) -> bool:
    """A passive declaration: needs no permission, creates nothing."""
    channel = await connection.channel()
    try:
        if kind == "queue":
            await channel.declare_queue(name, passive=True)
        else:
            await channel.declare_exchange(name, passive=True)
        return True
    except ChannelNotFoundEntity:
        return False
    finally:
        if not channel.is_closed:
            await channel.close()


async def _exchange(channel: AbstractChannel, *, topo: Topology) -> None:
    await topology.declare_unrouted(channel, topo.exchange)
    await topology.declare_exchange(channel, topo.exchange)


async def _consumer(channel: AbstractChannel, *, topo: Topology, consumer: ConsumerQueue) -> None:
    await topology.declare_consumer_queues(
        channel,
        exchange=await channel.get_exchange(topo.exchange, ensure=False),
        names=consumer.names,
        routing_keys=consumer.routing_keys,
        delivery_limit=topo.delivery_limit,
    )


async def _reader(channel: AbstractChannel, *, topo: Topology, reader: ReaderQueue) -> None:
    queue = await channel.declare_queue(reader.name, durable=True, arguments=topology.QUORUM)
    exchange = await channel.get_exchange(topo.exchange, ensure=False)
    for key in reader.routing_keys:
        await queue.bind(exchange, routing_key=key)


async def connect_and_apply(url: str, topo: Topology, *, recreate_exchange: bool = False) -> Applied:
    """Open a connection, apply the topology, close it (`thidua up`, `thidua topology apply`)."""
    connection = await aio_pika.connect(url, client_properties={"connection_name": "thidua-topology"})
    try:
        return await apply(connection, topo, recreate_exchange=recreate_exchange)
    finally:
        await connection.close()
