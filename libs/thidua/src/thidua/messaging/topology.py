"""Exchanges and queues: their names, their arguments, and how one consumer's are declared.

The events exchange `X` is a durable topic exchange whose alternate exchange `X.unrouted` (fanout) feeds the
durable queue `X.unrouted`: a message no queue is bound for lands there instead of vanishing, and waits a
week for an operator to replay it (`thidua dlq replay --queue X.unrouted`).

Per consumer queue `Q` of a service `S` (a durable quorum queue bound to `X` by event type):
- `Q.retry.<delay>`: quorum queues with a message TTL whose expired messages dead-letter back to `Q`
  (at-least-once dead-lettering, so a broker failure during the move loses nothing);
- `Q.dlq`: the dead-letter queue an operator inspects and replays; `Q` also dead-letters there when a
  message exceeds the delivery limit (a poison message that crashes its consumer again and again);
- `S.redelivery`: a direct exchange through which the consumer moves a message to its own retry and
  dead-letter queues (each bound by its name), so a service needs no right to write into other queues.

The same argument builders serve the declarations here and the generated RabbitMQ definitions, so the two
cannot disagree (a redeclaration with other arguments is refused by the broker).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange, AbstractQueue
from aiormq.exceptions import ChannelAccessRefused, ChannelNotFoundEntity, ChannelPreconditionFailed

QUORUM: dict[str, Any] = {"x-queue-type": "quorum"}
UNROUTED_RETENTION_DAYS = 7
UNROUTED_ARGUMENTS: dict[str, Any] = {**QUORUM, "x-message-ttl": UNROUTED_RETENTION_DAYS * 86_400_000}
"""Some event types have no consumer yet (a fact published for whoever needs it later): their messages wait
here a week, long enough for an operator to add the consumer and replay them, without piling up forever."""


class TopologyError(RuntimeError):
    """The broker holds an object whose settings differ from the topology's; the message says what to do."""


@dataclass(frozen=True)
class QueueNames:
    """The names of one consumer's queues, and of its service's redelivery exchange ("" = default)."""

    main: str
    delays_s: tuple[float, ...]
    redelivery: str = ""

    @property
    def dlq(self) -> str:
        return f"{self.main}.dlq"

    def retry(self, delay_s: float) -> str:
        """The name encodes the delay, so changing the configured delays declares new queues."""
        return f"{self.main}.retry.{_delay_label(delay_s)}"

    @property
    def retries(self) -> list[str]:
        return [self.retry(d) for d in self.delays_s]


def _delay_label(delay_s: float) -> str:
    ms = round(delay_s * 1000)
    return f"{ms // 1000}s" if ms % 1000 == 0 else f"{ms}ms"


def queue_names(*, service: str, consumer: str, delays_s: Sequence[float]) -> QueueNames:
    """Names for a service's consumer, e.g. `awards.registration-facts`."""
    return QueueNames(
        main=f"{service}.{consumer}", delays_s=tuple(delays_s), redelivery=redelivery_exchange(service)
    )


def redelivery_exchange(service: str) -> str:
    """The direct exchange through which a service's consumers move messages to their own queues."""
    return f"{service}.redelivery"


def unrouted_name(exchange: str) -> str:
    """The alternate exchange of the events exchange, and the queue it feeds."""
    return f"{exchange}.unrouted"


def exchange_arguments(exchange: str) -> dict[str, Any]:
    """Arguments of the events exchange: what no queue takes goes to the alternate exchange."""
    return {"alternate-exchange": unrouted_name(exchange)}


def main_arguments(names: QueueNames, *, delivery_limit: int) -> dict[str, Any]:
    """A consumer's main queue: quorum, dead-lettering to its DLQ after `delivery_limit` redeliveries."""
    return {
        **QUORUM,
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": names.dlq,
    }


def retry_arguments(names: QueueNames, delay_s: float) -> dict[str, Any]:
    """A retry queue: its TTL brings each message back to the main queue, at least once."""
    return {
        **QUORUM,
        "x-message-ttl": round(delay_s * 1000),
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": names.main,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


async def declare_exchange(channel: AbstractChannel, name: str) -> AbstractExchange:
    """The durable topic exchange every event is published to, with its alternate exchange set."""
    try:
        return await channel.declare_exchange(
            name, aio_pika.ExchangeType.TOPIC, durable=True, arguments=exchange_arguments(name)
        )
    except ChannelPreconditionFailed as exc:
        raise TopologyError(
            f"The exchange {name} exists without the alternate exchange {unrouted_name(name)} ({exc}). "
            "Stop the workers and run `thidua topology apply --recreate-exchange` once."
        ) from exc


async def ensure_exchange(connection: AbstractConnection, name: str) -> None:
    """Declare the events exchange, or, where this broker user may not (a service's own user), make sure
    it exists: a publisher or consumer then uses it by name without declaring it on its own channels."""
    channel = await connection.channel()
    try:
        await declare_exchange(channel, name)
        return
    except ChannelAccessRefused:
        pass
    finally:
        if not channel.is_closed:
            await channel.close()
    channel = await connection.channel()
    try:
        await channel.declare_exchange(name, passive=True)
    except ChannelNotFoundEntity as exc:
        raise TopologyError(
            f"The exchange {name} does not exist and this broker user may not declare it: "
            "load the RabbitMQ definitions or run `thidua topology apply` as an administrator."
        ) from exc
    finally:
        if not channel.is_closed:
            await channel.close()


async def declare_unrouted(channel: AbstractChannel, exchange: str) -> AbstractQueue:
    """The alternate exchange of `exchange` and the durable queue that keeps what it receives."""
    name = unrouted_name(exchange)
    fanout = await channel.declare_exchange(name, aio_pika.ExchangeType.FANOUT, durable=True)
    queue = await channel.declare_queue(name, durable=True, arguments=UNROUTED_ARGUMENTS)
    await queue.bind(fanout, routing_key="")
    return queue


async def declare_consumer_queues(
    channel: AbstractChannel,
    *,
    exchange: AbstractExchange,
    names: QueueNames,
    routing_keys: Iterable[str],
    delivery_limit: int,
) -> AbstractQueue:
    """Declare (idempotently) the main, retry and dead-letter queues of one consumer; bind the main one."""
    dlq = await channel.declare_queue(names.dlq, durable=True, arguments=QUORUM)
    retries = [
        await channel.declare_queue(name, durable=True, arguments=retry_arguments(names, delay_s))
        for delay_s, name in zip(names.delays_s, names.retries, strict=True)
    ]
    if names.redelivery:
        redelivery = await channel.declare_exchange(
            names.redelivery, aio_pika.ExchangeType.DIRECT, durable=True
        )
        for queue in (dlq, *retries):
            await queue.bind(redelivery, routing_key=queue.name)
    queue = await channel.declare_queue(
        names.main, durable=True, arguments=main_arguments(names, delivery_limit=delivery_limit)
    )
    for key in routing_keys:
        await queue.bind(exchange, routing_key=key)
    return queue
