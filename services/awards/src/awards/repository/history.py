"""Decisions and the award history (mapping only)."""

from __future__ import annotations

from awards.history import Award, Decision
from awards.repository.base import Documents


class AwardRepository(Documents[Award]):
    """The award history: decided here or imported."""

    kind = Award

    async def of_nominee(self, key: str) -> list[Award]:
        """Every award of a nominee, standing or cancelled."""
        return await self.find({"key": key})

    async def of_association_year(
        self, association_id: str, year: int, code: str | None = None
    ) -> list[Award]:
        """Awards of an association's members (and the collective) for a year, optionally of one title."""
        query: dict[str, object] = {"association_id": association_id, "year": year}
        return await self.find(query if code is None else query | {"code": code})

    async def of_decision(self, decision_id: str) -> list[Award]:
        """The awards a decision conferred."""
        return await self.find({"decision_id": decision_id})

    async def published(self, year: int | None) -> list[Award]:
        """Standing awards decided here (not imported), optionally of one year."""
        query: dict[str, object] = {"source": "decision", "status": "active"}
        return await self.find(query if year is None else query | {"year": year})


class DecisionRepository(Documents[Decision]):
    """Recorded decisions."""

    kind = Decision
