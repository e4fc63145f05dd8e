"""Document access of the awards service: mapping only, no rules, every write in the unit's session."""

from __future__ import annotations

from typing import Any

from thidua import mongo

FACTS, REGISTRATIONS, CAMPAIGNS, HISTORY = "facts", "registrations", "campaigns", "award_history"
NOMINATIONS, HOLDS, SESSIONS, RECEIPTS = "nominations", "holds", "council_sessions", "ballot_receipts"
DECISIONS, DISCLOSURES, MINUTES, DOCUMENTS = "decisions", "disclosures", "minutes", "documents"

INDEXES: dict[str, list[mongo.IndexModel]] = {
    FACTS: [mongo.IndexModel([("key", mongo.ASCENDING), ("kind", mongo.ASCENDING)])],
    HISTORY: [mongo.IndexModel([("key", mongo.ASCENDING), ("kind", mongo.ASCENDING)])],
    NOMINATIONS: [
        mongo.IndexModel([("association_id", mongo.ASCENDING)]),
        mongo.IndexModel([("nominee_key", mongo.ASCENDING)]),
    ],
    HOLDS: [mongo.IndexModel([("nomination_id", mongo.ASCENDING)]), mongo.IndexModel([("grievance_id", 1)])],
    DISCLOSURES: [mongo.IndexModel([("campaign_id", mongo.ASCENDING)])],
}


def nominee_key(kind: str, *, personal_code: str | None, association_id: str | None) -> str:
    """The key facts and history are kept under: a personal code, or the collective's association id."""
    return f"{kind}:{personal_code if kind == 'individual' else association_id}"


class Repository:
    """Reads and writes of one unit of work."""

    def __init__(self, database: mongo.Database, session: mongo.Session) -> None:
        self._db, self._session = database, session

    async def get(self, collection: str, doc_id: str) -> dict[str, Any] | None:
        """One document by id."""
        return await self._db[collection].find_one({"_id": doc_id}, session=self._session)

    async def find(self, collection: str, query: dict[str, Any], *, limit: int = 500) -> list[dict[str, Any]]:
        """Documents matching `query` (plain equality on indexed fields)."""
        cursor = self._db[collection].find(query, session=self._session).limit(limit)
        return [doc async for doc in cursor]

    async def insert(self, collection: str, doc: dict[str, Any]) -> None:
        """Insert a new document; a duplicate id raises `DuplicateKeyError`."""
        await self._db[collection].insert_one(doc, session=self._session)

    async def put(self, collection: str, doc: dict[str, Any]) -> None:
        """Insert or replace a document by id."""
        await self._db[collection].replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self._session)

    async def set(self, collection: str, doc_id: str, changes: dict[str, Any]) -> None:
        """Set fields of a document."""
        await self._db[collection].update_one({"_id": doc_id}, {"$set": changes}, session=self._session)

    async def inc(self, collection: str, doc_id: str, changes: dict[str, int]) -> None:
        """Increment counters of a document."""
        await self._db[collection].update_one({"_id": doc_id}, {"$inc": changes}, session=self._session)
