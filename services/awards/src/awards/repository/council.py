"""Council sessions, ballot receipts and minutes (mapping only)."""

from __future__ import annotations

from thidua import mongo

from awards.repository.base import Documents
from awards.session import CouncilSession, Minutes


class SessionRepository(Documents[CouncilSession]):
    """Council sessions and their counts."""

    kind = CouncilSession

    async def count_vote(self, session_id: str, nomination_id: str, vote: str) -> None:
        """Add one ballot to a nomination's counts (an increment: ballots of several members may race)."""
        await self.collection.update_one(
            {"_id": session_id}, {"$inc": {f"counts.{nomination_id}.{vote}": 1}}, session=self.session
        )


class ReceiptRepository:
    """One receipt per member, session and nomination: it proves a vote, never its content."""

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self.collection, self.session = collection, session

    async def claim(self, receipt_id: str) -> bool:
        """Record a receipt; False when the member already voted on this nomination."""
        try:
            await self.collection.insert_one({"_id": receipt_id}, session=self.session)
        except mongo.DuplicateKeyError:
            return False
        return True


class MinutesRepository(Documents[Minutes]):
    """The minutes (biên bản) of closed sessions."""

    kind = Minutes
