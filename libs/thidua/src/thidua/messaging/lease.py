"""The relay's lease: a time-limited right to publish a service's outbox, with a fencing token.

One document (`relay_leases/outbox`) names the owner, when the lease runs out, and a token that grows by one
at every takeover. The holder renews it while it works; a standby takes it once it has run out. Every
update the holder makes to outbox entries (published, attempt counted, failed) runs in a transaction that
also renews the lease on the condition that the token is still its own, so a holder that stalled past its
lease (a long pause, a lost network) and was replaced cannot mark anything: its transaction matches no lease
and is abandoned.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from thidua import mongo
from thidua.contracts.base import utcnow

LEASES = "relay_leases"
LEASE_ID = "outbox"


class LeaseLost(RuntimeError):
    """Another relay took the lease over: this one must stop publishing and marking."""


class Lease:
    """The lease as one relay holds it; `_id` guards only, no scans."""

    def __init__(self, collection: mongo.Collection, *, owner: str, ttl_s: float) -> None:
        self._collection = collection
        self.owner = owner
        self.ttl_s = ttl_s
        self.token = 0
        self._valid_until = 0.0

    def remaining_s(self) -> float:
        """How long this relay may still act on the lease by its own clock (0 when not held).

        It counts two thirds of the TTL from the moment the last renewal was sent, so a third of the TTL is
        left as a margin for clock drift and a slow answer before the database would let a standby in.
        """
        return max(0.0, self._valid_until - asyncio.get_running_loop().time())

    def held(self) -> bool:
        """True while this relay may act on the lease."""
        return self.remaining_s() > 0

    def _guard(self) -> mongo.Document:
        return {"_id": LEASE_ID, "owner": self.owner, "token": self.token}

    def _renewed(self, started: float, ok: bool) -> bool:
        self._valid_until = started + self.ttl_s * 2 / 3 if ok else 0.0
        return ok

    async def acquire_or_renew(self) -> bool:
        """Renew the lease if ours, take it (a new token) if free or run out; True if held afterwards."""
        started = asyncio.get_running_loop().time()
        now = utcnow()
        expires = now + timedelta(seconds=self.ttl_s)
        if self.token:
            renewed = await self._collection.update_one(self._guard(), {"$set": {"expires_at": expires}})
            if renewed.matched_count == 1:
                return self._renewed(started, True)
        taken = await self._collection.find_one_and_update(
            {"_id": LEASE_ID, "expires_at": {"$lt": now}},
            {"$set": {"owner": self.owner, "expires_at": expires}, "$inc": {"token": 1}},
            return_document=True,
        )
        if taken is None:
            try:
                await self._collection.insert_one(
                    {"_id": LEASE_ID, "owner": self.owner, "expires_at": expires, "token": 1}
                )
                taken = {"token": 1}
            except mongo.DuplicateKeyError:
                return self._renewed(started, False)
        self.token = int(taken["token"])
        return self._renewed(started, True)

    async def fence(self, session: mongo.Session) -> float:
        """Inside a marking transaction: renew the lease if the token is still ours, else LeaseLost.

        Writing the lease document in the same transaction makes a concurrent takeover conflict with it,
        so the marks commit only while the lease is ours. Returns when the renewal was sent: pass it to
        `renewed` once the transaction has committed (not before: an aborted one renewed nothing).
        """
        started = asyncio.get_running_loop().time()
        expires = utcnow() + timedelta(seconds=self.ttl_s)
        result = await self._collection.update_one(
            self._guard(), {"$set": {"expires_at": expires}}, session=session
        )
        if result.matched_count != 1:
            self._valid_until = 0.0
            raise LeaseLost(f"the relay lease moved on from token {self.token}")
        return started

    def renewed(self, started: float) -> None:
        """A fenced transaction sent at `started` committed: the lease runs from then."""
        self._renewed(started, True)

    async def release(self) -> None:
        """Give the lease up so a standby takes over at once."""
        self._valid_until = 0.0
        await self._collection.delete_one(self._guard())
