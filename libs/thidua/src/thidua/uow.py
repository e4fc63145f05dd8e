"""Unit of work: one MongoDB transaction holding state changes, outbox events and inbox claims."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Generic, TypeVar

from thidua import mongo
from thidua.context import current_causation_id, current_correlation_id
from thidua.contracts.base import Envelope, EventData
from thidua.messaging import inbox, outbox


class UnitOfWork:
    """Base for a service's unit of work; subclasses add repositories bound to `self.session`."""

    def __init__(self, *, database: mongo.Database, session: mongo.Session, producer: str) -> None:
        self.database = database
        self.session = session
        self.producer = producer
        self.outbox = outbox.Outbox(database[outbox.COLLECTION], session)
        self.inbox = inbox.Inbox(database[inbox.COLLECTION], session)
        self.committed: list[Callable[[], None]] = []

    def after_commit(self, callback: Callable[[], None]) -> None:
        """Call `callback` once this unit of work has committed (never for an aborted attempt).

        For waking a loop of the same process (the relay, a delivery loop) the moment its work exists.
        """
        self.committed.append(callback)

    async def emit(
        self,
        data: EventData,
        *,
        subject: str,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> Envelope:
        """Wrap an integration event and add it to the outbox of this transaction.

        The correlation and causation ids default to those of the request or event being handled.
        """
        envelope = self._wrap(data, subject, correlation_id, causation_id)
        await self.outbox.add(envelope)
        return envelope

    async def emit_many(self, events: Sequence[tuple[EventData, str]]) -> list[Envelope]:
        """Add several (event, subject) pairs to this transaction's outbox in one bulk write, in order.

        For a fan-out (a decision's awardees): one round trip however many events, instead of one each.
        """
        envelopes = [self._wrap(data, subject, None, None) for data, subject in events]
        await self.outbox.add_many(envelopes)
        return envelopes

    def _wrap(
        self, data: EventData, subject: str, correlation_id: str | None, causation_id: str | None
    ) -> Envelope:
        return Envelope.wrap(
            data,
            subject=subject,
            producer=self.producer,
            correlation_id=correlation_id or current_correlation_id(),
            causation_id=causation_id or current_causation_id(),
        )


U = TypeVar("U", bound=UnitOfWork)
T = TypeVar("T")


class UnitOfWorkFactory(Generic[U]):
    """Runs work in a fresh unit of work, retrying the whole of it on transient transaction errors."""

    def __init__(
        self,
        *,
        client: mongo.Client,
        database: mongo.Database,
        producer: str,
        build: Callable[..., U],
    ) -> None:
        self.client = client
        self.database = database
        self.producer = producer
        self._build = build

    async def run(self, work: Callable[[U], Awaitable[T]]) -> T:
        """Commit what `work` wrote, or nothing if it raised."""

        last: list[U] = []

        async def attempt(session: mongo.Session) -> T:
            uow = self._build(database=self.database, session=session, producer=self.producer)
            last[:] = [uow]  # a retried attempt replaces the aborted one and its callbacks
            return await work(uow)

        result = await mongo.in_transaction(self.client, attempt)
        for callback in last[0].committed if last else ():
            callback()
        if last and last[0].outbox.added:  # wake this process's relay now rather than at its next poll
            outbox.COMMITTED.committed(self.database.name)
        return result


class IdempotentHandler(Generic[U]):
    """An event handler whose effects and inbox claim commit together, once per (consumer, event).

    Called alone it runs in its own transaction; the consumer runner may also apply several buffered
    messages in one shared transaction (`apply_in`), which costs far fewer round trips per event.
    """

    def __init__(
        self,
        consumer: str,
        factory: UnitOfWorkFactory[U],
        handler: Callable[[Envelope, Any, U], Awaitable[None]],
    ) -> None:
        self.consumer = consumer
        self.factory = factory
        self.handler = handler

    async def apply_in(self, uow: U, envelope: Envelope, data: EventData) -> None:
        """Claim the event in the inbox and apply it inside the caller's transaction."""
        await uow.inbox.claim(envelope.id, consumer=self.consumer)  # raises AlreadyApplied on a redelivery
        await self.handler(envelope, data, uow)

    async def apply_claimed(self, uow: U, envelope: Envelope, data: EventData) -> None:
        """Apply an event whose inbox claim the caller made (with others', in one bulk write)."""
        await self.handler(envelope, data, uow)

    async def __call__(self, envelope: Envelope, data: EventData) -> bool:
        """Apply one event in its own transaction; AlreadyApplied propagates for a redelivery."""

        async def work(uow: U) -> bool:
            await self.apply_in(uow, envelope, data)
            return True

        return await self.factory.run(work)


def idempotent(
    consumer: str, factory: UnitOfWorkFactory[U], handler: Callable[[Envelope, Any, U], Awaitable[None]]
) -> IdempotentHandler[U]:
    """Wrap an event handler so its effects and the inbox claim commit together, once per event."""
    return IdempotentHandler(consumer, factory, handler)
