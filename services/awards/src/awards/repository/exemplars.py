"""Exemplary models and advanced-models conferences (mapping only)."""

from __future__ import annotations

from collections.abc import Mapping

from thidua import mongo

from awards.exemplar_records import Conference, Exemplar
from awards.repository.base import Documents


class ExemplarRepository(Documents[Exemplar]):
    """Exemplary models."""

    kind = Exemplar

    async def listed(self, filters: Mapping[str, object], *, limit: int = 1000) -> list[Exemplar]:
        """Models matching equality filters (campaign, stage, association, field)."""
        return await self.find(filters, limit=limit)

    async def published_page(
        self, *, skip: int, limit: int, campaign_id: str | None = None
    ) -> tuple[int, list[Exemplar]]:
        """The total and one page of published models, newest first."""
        query: dict[str, object] = {"published": True} | ({"campaign_id": campaign_id} if campaign_id else {})
        total = await self.collection.count_documents(query, session=self.session)
        cursor = (
            self.collection.find(query, session=self.session)
            .sort("published_at", mongo.DESCENDING)
            .skip(skip)
            .limit(limit)
        )
        return total, [self.to_record(doc) async for doc in cursor]


class ConferenceRepository(Documents[Conference]):
    """Advanced-models conferences."""

    kind = Conference
