"""Public objections received during disclosure (mapping only)."""

from __future__ import annotations

from awards.nomination import PublicObjection
from awards.repository.base import Documents


class ObjectionRepository(Documents[PublicObjection]):
    """Objections from the public, read by the secretariat only."""

    kind = PublicObjection

    async def of_nomination(
        self, nomination_id: str, *, limit: int, offset: int
    ) -> tuple[list[PublicObjection], int]:
        """One page of a nomination's objections, newest first, and their total."""
        query = {"nomination_id": nomination_id}
        total = await self.collection.count_documents(query, session=self.session)
        cursor = (
            self.collection.find(query, session=self.session)
            .sort([("received_on", -1), ("_id", -1)])
            .skip(offset)
            .limit(limit)
        )
        return [self.to_record(doc) async for doc in cursor], total
