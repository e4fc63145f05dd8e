"""Transactional outbox: events are written in the same MongoDB transaction as the state they describe.

Entry states (after eShop's event log): `pending` → `published`, or `failed` after too many attempts
(an operator redrives it). Entries are ordered by `seq` (time-ordered) and published in that order.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from thidua import mongo
from thidua.contracts.base import Envelope, utcnow

COLLECTION = "outbox"
PENDING, PUBLISHED, FAILED = "pending", "published", "failed"

_last_seq = 0


def next_seq() -> int:
    """A time-ordered 64-bit sequence number: microseconds × 1000, strictly increasing in this process."""
    global _last_seq
    _last_seq = max((time.time_ns() // 1000) * 1000, _last_seq + 1)
    return _last_seq


def outbox_indexes(*, retention_days: int) -> dict[str, list[mongo.IndexModel]]:
    """Indexes the relay's queries need, and a TTL that removes published entries after the retention."""
    return {
        COLLECTION: [
            mongo.IndexModel([("status", mongo.ASCENDING), ("seq", mongo.ASCENDING)], name="status_seq"),
            mongo.IndexModel(
                [("published_at", mongo.ASCENDING)],
                name="published_ttl",
                expireAfterSeconds=retention_days * 86400,
                partialFilterExpression={"status": PUBLISHED},
            ),
        ]
    }


def to_document(envelope: Envelope) -> mongo.Document:
    """The outbox row for an envelope; `_id` is the event id, so adding the same event twice fails."""
    return {
        "_id": envelope.id,
        "type": envelope.type,
        "subject": envelope.subject,
        "correlation_id": envelope.correlation_id,
        "body": envelope.model_dump_json(),
        "status": PENDING,
        "attempts": 0,
        "seq": next_seq(),
        "created_at": utcnow(),
    }


class Outbox:
    """Collects a unit of work's events and writes them inside its transaction."""

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self._collection = collection
        self._session = session
        self.added: list[Envelope] = []

    async def add(self, envelope: Envelope) -> None:
        """Write the event in the current transaction."""
        await self._collection.insert_one(to_document(envelope), session=self._session)
        self.added.append(envelope)


async def status(database: mongo.Database) -> dict[str, Any]:
    """Counts per state and the age of the oldest pending entry (operator command and metrics)."""
    collection = database[COLLECTION]
    counts = {state: await collection.count_documents({"status": state}) for state in (PENDING, FAILED)}
    oldest = await collection.find({"status": PENDING}).sort("seq", 1).limit(1).to_list(1)
    age = (utcnow() - oldest[0]["created_at"]).total_seconds() if oldest else 0.0
    return {"pending": counts[PENDING], "failed": counts[FAILED], "oldest_pending_age_s": age}


async def list_failed(database: mongo.Database, *, limit: int = 50) -> list[mongo.Document]:
    """Failed entries, oldest first, without their bodies."""
    cursor = database[COLLECTION].find({"status": FAILED}, {"body": 0}).sort("seq", 1).limit(limit)
    return await cursor.to_list(limit)


async def redrive_failed(database: mongo.Database, *, event_ids: list[str] | None = None) -> int:
    """Put failed entries back to pending with their attempts reset; returns how many."""
    collection = database[COLLECTION]
    ids = event_ids or [doc["_id"] for doc in await list_failed(database, limit=10_000)]
    moved = 0
    for event_id in ids:
        result = await collection.update_one(
            {"_id": event_id, "status": FAILED},
            {"$set": {"status": PENDING, "attempts": 0, "redriven_at": utcnow()}},
        )
        moved += result.modified_count
    return moved


async def republish_since(database: mongo.Database, *, since: datetime) -> int:
    """Put entries published since `since` back to pending, so the relay publishes them again in order.

    The recovery after a queue was deleted (or purged) by mistake: the broker destroyed what it held, the
    outbox still has every entry for its retention; the consumers' inboxes drop the copies they had applied.
    """
    result = await database[COLLECTION].update_many(
        {"status": PUBLISHED, "published_at": {"$gte": since}},
        {"$set": {"status": PENDING, "attempts": 0, "republished_at": utcnow()}},
    )
    return int(result.modified_count)
