"""Council sessions, ballot receipts and minutes (mapping only)."""

from __future__ import annotations

from thidua import mongo

from awards.repository.base import Documents
from awards.session import OPEN, CouncilSession, Minutes


class SessionRepository(Documents[CouncilSession]):
    """Council sessions and their counts."""

    kind = CouncilSession

    async def receive_ballot(self, session_id: str) -> bool:
        """Note one more ballot on a still open session (False when it closed meanwhile).

        The write makes a ballot and a closure of the same session conflict; it carries no vote.
        """
        result = await self.collection.update_one(
            {"_id": session_id, "status": OPEN}, {"$inc": {"ballots": 1}}, session=self.session
        )
        return result.matched_count == 1


class ReceiptRepository:
    """One receipt per member, session and nomination, with the vote sealed in it until the closure.

    A receipt document is `{_id: receipt, session_id, sealed}`: no timestamp, no sequence, no ObjectId.
    """

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self.collection, self.session = collection, session

    async def claim(self, receipt_id: str, *, session_id: str, sealed: str) -> bool:
        """Record a receipt and its sealed vote; False when the member already voted on this nomination."""
        try:
            await self.collection.insert_one(
                {"_id": receipt_id, "session_id": session_id, "sealed": sealed}, session=self.session
            )
        except mongo.DuplicateKeyError:
            return False
        return True

    async def sealed(self, session_id: str) -> list[tuple[str, str]]:
        """`(receipt, sealed vote)` of every ballot of a session still sealed."""
        cursor = self.collection.find(
            {"session_id": session_id, "sealed": {"$exists": True}}, session=self.session
        )
        return [(doc["_id"], doc["sealed"]) async for doc in cursor]

    async def unseal(self, session_id: str) -> None:
        """Remove a counted session's sealed votes: its receipts remain, proving only that ballots came."""
        await self.collection.update_many(
            {"session_id": session_id}, {"$unset": {"sealed": ""}}, session=self.session
        )


class MinutesRepository(Documents[Minutes]):
    """The minutes (biên bản) of closed sessions."""

    kind = Minutes
