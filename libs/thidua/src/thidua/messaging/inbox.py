"""Inbox: a consumer records (consumer, event id) in the same transaction as the event's effects."""

from __future__ import annotations

from collections.abc import Sequence

from thidua import mongo
from thidua.contracts.base import utcnow

COLLECTION = "inbox"
DUPLICATE_KEY = 11000


class AlreadyApplied(Exception):
    """This consumer already applied this event in an earlier, committed transaction."""


def inbox_indexes(*, retention_days: int) -> dict[str, list[mongo.IndexModel]]:
    """A TTL on claims: a redelivery older than the retention is no longer recognised."""
    return {
        COLLECTION: [
            mongo.IndexModel(
                [("at", mongo.ASCENDING)], name="at_ttl", expireAfterSeconds=retention_days * 86400
            )
        ]
    }


def inbox_key(consumer: str, event_id: str) -> str:
    """The inbox row id; unique per consumer and event."""
    return f"{consumer}|{event_id}"


class Inbox:
    """Claims events for one consumer inside a unit of work's transaction."""

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self._collection = collection
        self._session = session

    async def claim(self, event_id: str, *, consumer: str) -> bool:
        """True if this is the first time; raises AlreadyApplied if an earlier transaction applied it.

        Insert-only (no read first): the unique `_id` refuses a redelivery, which saves a round trip on
        every first delivery; the refused transaction is void, so the caller must stop at once.
        """
        key = inbox_key(consumer, event_id)
        try:
            await self._collection.insert_one(
                {"_id": key, "consumer": consumer, "event_id": event_id, "at": utcnow()},
                session=self._session,
            )
        except mongo.DuplicateKeyError:
            raise AlreadyApplied(key) from None  # the transaction is void now: stop here
        return True

    async def claim_many(self, event_ids: Sequence[str], *, consumer: str) -> None:
        """Claim several events with one round trip; raises AlreadyApplied if any was applied before (the
        whole transaction is void then: the caller applies them one by one instead)."""
        docs = [
            {"_id": inbox_key(consumer, event_id), "consumer": consumer, "event_id": event_id, "at": utcnow()}
            for event_id in event_ids
        ]
        try:
            await self._collection.insert_many(docs, ordered=True, session=self._session)
        except mongo.BulkWriteError as exc:
            if all(e.get("code") == DUPLICATE_KEY for e in exc.details.get("writeErrors", [])):
                raise AlreadyApplied(consumer) from None
            raise
