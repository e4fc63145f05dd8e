"""Nominations, their holds, the public disclosure list and evidence documents (mapping only)."""

from __future__ import annotations

from awards.domain import Disclosure, Hold
from awards.nomination import EvidenceDocument, Nomination
from awards.repository.base import Documents


class NominationRepository(Documents[Nomination]):
    """Nominations."""

    kind = Nomination

    async def of_nominee(self, key: str) -> list[Nomination]:
        """Every nomination of a nominee (person or collective)."""
        return await self.find({"nominee_key": key})

    async def listed(
        self, *, association_id: str | None = None, status: str | None = None
    ) -> list[Nomination]:
        """Nominations, optionally of one association and in one status, in the order submitted."""
        query = {k: v for k, v in (("association_id", association_id), ("status", status)) if v is not None}
        return await self.find(query)

    async def of_association_year(
        self, association_id: str, year: int, award_type_code: str
    ) -> list[Nomination]:
        """An association's nominations for one title and year."""
        query = {"association_id": association_id, "year": year, "award_type_code": award_type_code}
        return await self.find(query)


class HoldRepository(Documents[Hold]):
    """Deferral holds."""

    kind = Hold

    async def of_nomination(self, nomination_id: str) -> list[Hold]:
        """Every hold, lifted or not, of a nomination."""
        return await self.find({"nomination_id": nomination_id})

    async def of_nominee(self, key: str) -> list[Hold]:
        """Holds on a person, for the nominations they get later."""
        return await self.find({"nominee_key": key})

    async def of_grievance(self, grievance_id: str) -> list[Hold]:
        """Holds a grievance put."""
        return await self.find({"grievance_id": grievance_id})


class DisclosureRepository(Documents[Disclosure]):
    """The public disclosure list."""

    kind = Disclosure

    async def listed(self, campaign_id: str | None) -> list[Disclosure]:
        """Every disclosure, or those of one campaign."""
        return await self.find({"campaign_id": campaign_id} if campaign_id else {})

    async def of_nomination(self, nomination_id: str) -> list[Disclosure]:
        """The disclosures of one nomination."""
        return await self.find({"nomination_id": nomination_id})


class DocumentRepository(Documents[EvidenceDocument]):
    """Evidence documents: metadata and content (the content is never read back here)."""

    kind = EvidenceDocument

    async def add_with_content(self, document: EvidenceDocument, content: bytes) -> None:
        """Store a new document's metadata and content."""
        await self.collection.insert_one(
            self.to_document(document) | {"content": content}, session=self.session
        )
