"""Verified facts, registrations, campaigns and cluster results the engine reads (mapping only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from thidua import mongo

from awards.facts import (
    CampaignRule,
    ClusterResult,
    CollectiveYear,
    PersonYear,
    Registered,
    YearRecord,
    year_id,
)
from awards.repository.base import Documents


class FactsRepository:
    """Verified facts per nominee and year: individuals' and collectives' in one collection, by `kind`."""

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self.collection, self.session = collection, session
        self._people, self._collectives = _People(collection, session), _Collectives(collection, session)

    def _record(self, doc: Mapping[str, Any]) -> YearRecord:
        if doc.get("kind") == "collective":
            return self._collectives.to_record(doc)
        return self._people.to_record(doc)

    async def put_year(self, record: YearRecord) -> None:
        """Store (or replace) a nominee's facts for a year."""
        if isinstance(record, CollectiveYear):
            await self._collectives.put(record)
        else:
            await self._people.put(record)

    async def year(self, key: str, year: int) -> YearRecord | None:
        """A nominee's facts for one year."""
        doc = await self.collection.find_one({"_id": year_id(key, year)}, session=self.session)
        return None if doc is None else self._record(doc)

    async def years(self, key: str) -> list[YearRecord]:
        """Every verified year of a nominee."""
        cursor = self.collection.find({"key": key}, session=self.session).limit(500)
        return [self._record(doc) async for doc in cursor]


class _People(Documents[PersonYear]):
    kind = PersonYear


class _Collectives(Documents[CollectiveYear]):
    kind = CollectiveYear


class RegisteredRepository(Documents[Registered]):
    """Who registered for which campaign."""

    kind = Registered

    async def of_association(self, campaign_id: str, association_id: str) -> list[Registered]:
        """An association's registrations for a campaign."""
        return await self.find({"campaign_id": campaign_id, "association_id": association_id})


class CampaignRepository(Documents[CampaignRule]):
    """Whether each campaign requires registration."""

    kind = CampaignRule


class ClusterRepository(Documents[ClusterResult]):
    """Rule 11: the province's cluster members and leaders, per cluster and year."""

    kind = ClusterResult

    def key(self, record: ClusterResult) -> str:
        """One result per cluster and year."""
        return f"{record.cluster_id}:{record.year}"

    async def of_member(self, association_id: str, year: int) -> ClusterResult | None:
        """The cluster an association belongs to in a year (the first on record)."""
        found = await self.find({"year": year, "member_association_ids": association_id}, limit=1)
        return found[0] if found else None
