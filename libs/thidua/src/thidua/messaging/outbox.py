"""Transactional outbox: events are written in the same MongoDB transaction as the state they describe.

Entry states (after eShop's event log): `pending` → `published`, or `failed` after too many attempts
(an operator redrives it). Entries are published in `seq` order, and a subject with a failed entry holds
its later entries back until that one is redriven, so one subject's events never go out of order.

`seq` comes from a counter document in the service's own database, not from a clock: two processes (API and
worker, or replicas) whose clocks disagree would otherwise order one subject's events by the skew. The
counter is advanced outside the unit of work's transaction, one `$inc` reserving a block of numbers for all
the events the unit of work adds (4 first, then twice as many each time it runs out): a counter written inside
every transaction would make all concurrent transactions conflict on it. A unit of work reserves its block
when it adds its first event, after it has read what it changes, so of two transactions on one subject the
one that commits later (it read the earlier one's writes, or conflicted and ran again) numbers later. Gaps
(an aborted transaction's block) are harmless: only the order counts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from thidua import mongo
from thidua.contracts.base import Envelope, utcnow

COLLECTION = "outbox"
COUNTERS = "counters"
SEQ_COUNTER = "outbox_seq"
PENDING, PUBLISHED, FAILED = "pending", "published", "failed"
FIRST_BLOCK = 4


class CommitSignal:
    """Tells the relays of this process that a unit of work has just committed outbox entries, so they
    publish now instead of at their next poll (which remains for entries written by other processes)."""

    def __init__(self) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = {}

    def watch(self, database: str) -> asyncio.Event:
        """An event set whenever entries are committed to this database's outbox in this process."""
        event = asyncio.Event()
        self._waiting.setdefault(database, set()).add(event)
        return event

    def unwatch(self, database: str, event: asyncio.Event) -> None:
        self._waiting.get(database, set()).discard(event)

    def committed(self, database: str) -> None:
        """Called by the unit-of-work factory after a commit that added outbox entries."""
        for event in self._waiting.get(database, ()):
            event.set()


COMMITTED = CommitSignal()


async def reserve_seq(database: mongo.Database, count: int) -> int:
    """Reserve `count` consecutive sequence numbers; returns the first. Never inside a transaction."""
    counters = database[COUNTERS]
    doc = await counters.find_one_and_update(
        {"_id": SEQ_COUNTER}, {"$inc": {"n": count}}, return_document=True
    )
    if doc is None:  # first use: start above any entry numbered before the counter existed
        highest = await database[COLLECTION].find({}, {"seq": 1}).sort("seq", -1).limit(1).to_list(1)
        try:
            await counters.insert_one({"_id": SEQ_COUNTER, "n": int(highest[0]["seq"]) if highest else 0})
        except mongo.DuplicateKeyError:
            pass  # another process started it first
        doc = await counters.find_one_and_update(
            {"_id": SEQ_COUNTER}, {"$inc": {"n": count}}, return_document=True
        )
    assert doc is not None
    return int(doc["n"]) - count + 1


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


def to_document(envelope: Envelope, *, seq: int) -> mongo.Document:
    """The outbox row for an envelope; `_id` is the event id, so adding the same event twice fails."""
    return {
        "_id": envelope.id,
        "type": envelope.type,
        "subject": envelope.subject,
        "correlation_id": envelope.correlation_id,
        "body": envelope.model_dump_json(),
        "status": PENDING,
        "attempts": 0,
        "seq": seq,
        "created_at": utcnow(),
    }


class Outbox:
    """Collects a unit of work's events and writes them inside its transaction."""

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self._collection = collection
        self._session = session
        self.added: list[Envelope] = []
        self._next_seq, self._block_end, self._block = 0, 0, FIRST_BLOCK // 2

    async def _seqs(self, count: int) -> list[int]:
        if self._next_seq + count > self._block_end:
            self._block = max(self._block * 2, count)
            database = self._collection.database
            self._next_seq = await reserve_seq(database, self._block)
            self._block_end = self._next_seq + self._block
        seqs = list(range(self._next_seq, self._next_seq + count))
        self._next_seq += count
        return seqs

    async def add(self, envelope: Envelope) -> None:
        """Write the event in the current transaction."""
        (seq,) = await self._seqs(1)
        await self._collection.insert_one(to_document(envelope, seq=seq), session=self._session)
        self.added.append(envelope)

    async def add_many(self, envelopes: Sequence[Envelope]) -> None:
        """Write several events in the current transaction with one round trip (a decision's awardees)."""
        if not envelopes:
            return
        seqs = await self._seqs(len(envelopes))
        docs = [to_document(e, seq=seq) for e, seq in zip(envelopes, seqs, strict=True)]
        await self._collection.insert_many(docs, ordered=True, session=self._session)
        self.added.extend(envelopes)


async def status(database: mongo.Database) -> dict[str, Any]:
    """Counts per state and the age of the oldest pending entry (operator command and metrics)."""
    collection = database[COLLECTION]
    counts = {state: await collection.count_documents({"status": state}) for state in (PENDING, FAILED)}
    oldest = await collection.find({"status": PENDING}).sort("seq", 1).limit(1).to_list(1)
    age = (utcnow() - oldest[0]["created_at"]).total_seconds() if oldest else 0.0
    return {"pending": counts[PENDING], "failed": counts[FAILED], "oldest_pending_age_s": age}


async def held_subjects(database: mongo.Database) -> set[str]:
    """Subjects with a failed entry: their later entries wait until it is redriven."""
    subjects = await database[COLLECTION].distinct("subject", {"status": FAILED})
    return {str(s) for s in subjects}


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
