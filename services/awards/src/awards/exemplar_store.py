"""Documents of exemplary models and advanced-models conferences: mapping only, every write in the session."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from thidua import mongo

from awards.exemplars import Adoption, StageChange

EXEMPLARS, CONFERENCES = "exemplars", "exemplar_conferences"

EXEMPLAR_INDEXES: dict[str, list[mongo.IndexModel]] = {
    EXEMPLARS: [
        mongo.IndexModel([("association_id", mongo.ASCENDING)]),
        mongo.IndexModel([("campaign_id", mongo.ASCENDING)]),
        mongo.IndexModel([("published", mongo.ASCENDING), ("published_at", mongo.DESCENDING)]),
    ],
    CONFERENCES: [mongo.IndexModel([("campaign_id", mongo.ASCENDING)])],
}


def change_doc(change: StageChange) -> dict[str, Any]:
    """A stage change as stored in the history."""
    return asdict(change) | {"at": change.at.isoformat()}


def adoption_doc(adoption: Adoption) -> dict[str, Any]:
    """An adoption as stored in the replications."""
    return asdict(adoption) | {"at": adoption.at.isoformat()}


class ExemplarStore:
    """Reads and writes of exemplars and conferences in one unit of work."""

    def __init__(self, database: mongo.Database, session: mongo.Session) -> None:
        self._db, self._session = database, session

    async def get(self, exemplar_id: str) -> dict[str, Any] | None:
        """One exemplar by id."""
        return await self._db[EXEMPLARS].find_one({"_id": exemplar_id}, session=self._session)

    async def find(self, query: dict[str, Any], *, limit: int = 1000) -> list[dict[str, Any]]:
        """Exemplars matching `query` (equality on indexed fields)."""
        cursor = self._db[EXEMPLARS].find(query, session=self._session).limit(limit)
        return [doc async for doc in cursor]

    async def add(self, doc: dict[str, Any]) -> None:
        """Store a new exemplar."""
        await self._db[EXEMPLARS].insert_one(doc, session=self._session)

    async def record_change(self, exemplar_id: str, change: StageChange) -> None:
        """Set the new stage and append the change to the history."""
        await self._db[EXEMPLARS].update_one(
            {"_id": exemplar_id},
            {"$set": {"stage": change.to_stage}, "$push": {"history": change_doc(change)}},
            session=self._session,
        )

    async def record_adoption(self, exemplar_id: str, adoption: Adoption) -> None:
        """Append an adopting association."""
        await self._db[EXEMPLARS].update_one(
            {"_id": exemplar_id}, {"$push": {"replications": adoption_doc(adoption)}}, session=self._session
        )

    async def record_selection(self, exemplar_id: str, selection: dict[str, Any]) -> None:
        """Append a conference selection."""
        await self._db[EXEMPLARS].update_one(
            {"_id": exemplar_id}, {"$push": {"selections": selection}}, session=self._session
        )

    async def record_publication(self, exemplar_id: str, publication: dict[str, Any]) -> None:
        """Mark the exemplar published with its public story."""
        changes = {"published": True, "published_at": publication["published_at"], "publication": publication}
        await self._db[EXEMPLARS].update_one({"_id": exemplar_id}, {"$set": changes}, session=self._session)

    async def published_page(
        self, *, skip: int, limit: int, campaign_id: str | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        """The total and one page of published exemplars, newest first."""
        query: dict[str, Any] = {"published": True} | ({"campaign_id": campaign_id} if campaign_id else {})
        total = await self._db[EXEMPLARS].count_documents(query, session=self._session)
        cursor = (
            self._db[EXEMPLARS]
            .find(query, session=self._session)
            .sort("published_at", mongo.DESCENDING)
            .skip(skip)
            .limit(limit)
        )
        return total, [doc async for doc in cursor]

    async def get_conference(self, conference_id: str) -> dict[str, Any] | None:
        """One conference by id."""
        return await self._db[CONFERENCES].find_one({"_id": conference_id}, session=self._session)

    async def add_conference(self, doc: dict[str, Any]) -> None:
        """Store a new conference."""
        await self._db[CONFERENCES].insert_one(doc, session=self._session)

    async def set_selected(self, conference_id: str, exemplar_ids: list[str]) -> None:
        """Set a conference's selection."""
        await self._db[CONFERENCES].update_one(
            {"_id": conference_id}, {"$set": {"exemplar_ids": exemplar_ids}}, session=self._session
        )
