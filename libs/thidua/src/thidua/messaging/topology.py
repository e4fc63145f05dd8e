"""Exchange and queues, declared idempotently at every start.

Per consumer queue `Q` (a durable quorum queue bound to the events exchange by event type):
- `Q.retry.<delay>`: quorum queues with a message TTL whose expired messages dead-letter back to `Q`
  (at-least-once dead-lettering, so a broker failure during the move loses nothing);
- `Q.dlq`: the dead-letter queue an operator inspects and replays; `Q` also dead-letters there when a
  message exceeds the delivery limit (a poison message that crashes its consumer again and again).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractQueue


@dataclass(frozen=True)
class QueueNames:
    """The names of one consumer's queues."""

    main: str
    delays_s: tuple[float, ...]

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
    return QueueNames(main=f"{service}.{consumer}", delays_s=tuple(delays_s))


async def declare_exchange(channel: AbstractChannel, name: str) -> AbstractExchange:
    """The durable topic exchange every event is published to."""
    return await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)


async def declare_consumer_queues(
    channel: AbstractChannel,
    *,
    exchange: AbstractExchange,
    names: QueueNames,
    routing_keys: Iterable[str],
    delivery_limit: int,
) -> AbstractQueue:
    """Declare (idempotently) the main, retry and dead-letter queues of one consumer; bind the main one."""
    await channel.declare_queue(names.dlq, durable=True, arguments={"x-queue-type": "quorum"})
    for delay_s, retry_name in zip(names.delays_s, names.retries, strict=True):
        await channel.declare_queue(
            retry_name,
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-message-ttl": round(delay_s * 1000),
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": names.main,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )
    queue = await channel.declare_queue(
        names.main,
        durable=True,
        arguments={
            "x-queue-type": "quorum",
            "x-delivery-limit": delivery_limit,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": names.dlq,
        },
    )
    for key in routing_keys:
        await queue.bind(exchange, routing_key=key)
    return queue
