"""Documents of the notify service: directory, notifications, deliveries, preferences, webhooks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from thidua.mongo import ASCENDING, Collection, Database, Document, IndexModel, Session

from notify.domain import DirectoryEntry

DIRECTORY, NOTIFICATIONS, DELIVERIES = "directory", "notifications", "deliveries"
PREFERENCES, WEBHOOKS = "preferences", "webhooks"
PEOPLE = "people"  # personal code -> the member's own e-mail, from registrations
OUTCOMES, SESSIONS = "outcomes", "sessions"  # nominees' results and the nominations of each session
PENDING, SENDING, DELIVERED, FAILED = "pending", "sending", "delivered", "failed"

INDEXES: dict[str, list[IndexModel]] = {
    NOTIFICATIONS: [
        IndexModel([("event_id", ASCENDING), ("recipient_key", ASCENDING)], unique=True),
        IndexModel([("audience", ASCENDING)]),
        IndexModel([("subject", ASCENDING)]),
    ],
    DELIVERIES: [
        IndexModel(
            [("event_id", ASCENDING), ("recipient_key", ASCENDING), ("channel", ASCENDING)], unique=True
        ),
        IndexModel([("status", ASCENDING), ("next_attempt_at", ASCENDING)]),
        IndexModel([("subject", ASCENDING)]),
        IndexModel([("notification_id", ASCENDING)]),
    ],
    WEBHOOKS: [IndexModel([("active", ASCENDING)])],
    OUTCOMES: [
        IndexModel([("nomination_id", ASCENDING)]),
        IndexModel([("decision_id", ASCENDING)]),
        IndexModel([("session_id", ASCENDING)]),
    ],
}


class NotifyRepository:
    """Document mapping for one unit of work; every write goes through its session."""

    def __init__(self, database: Database, session: Session) -> None:
        self._db, self._session = database, session

    def _c(self, name: str) -> Collection:
        return self._db[name]

    async def save_directory(self, *, entry: DirectoryEntry, version: int) -> None:
        """Upsert an association's contacts unless a newer version is already stored."""
        doc = {
            "name": entry.name,
            "emails": list(entry.emails),
            "officer_emails": dict(entry.officer_emails),
            "version": version,
        }
        current = await self._c(DIRECTORY).find_one({"_id": entry.association_id}, session=self._session)
        if current is not None and int(current.get("version", 0)) > version:
            return
        await self._c(DIRECTORY).update_one(
            {"_id": entry.association_id}, {"$set": doc}, upsert=True, session=self._session
        )

    async def save_people(self, *, emails: Mapping[str, str], at: datetime) -> None:
        """Record members' e-mail addresses unless a later registration event already set them."""
        if not emails:
            return
        stored = {
            doc["_id"]: doc["at"]
            async for doc in self._c(PEOPLE).find({"_id": {"$in": list(emails)}}, session=self._session)
        }
        for code, email in emails.items():
            if code in stored and stored[code] > at:
                continue
            await self._c(PEOPLE).update_one(
                {"_id": code}, {"$set": {"email": email, "at": at}}, upsert=True, session=self._session
            )

    async def people(self, *, personal_codes: list[str]) -> dict[str, str]:
        """Personal code -> e-mail of the given members, where known."""
        if not personal_codes:
            return {}
        cursor = self._c(PEOPLE).find({"_id": {"$in": personal_codes}}, session=self._session)
        return {doc["_id"]: doc["email"] async for doc in cursor}

    async def directory(self, *, association_ids: list[str]) -> dict[str, DirectoryEntry]:
        """Directory entries of the given associations."""
        out: dict[str, DirectoryEntry] = {}
        for aid in association_ids:
            doc = await self._c(DIRECTORY).find_one({"_id": aid}, session=self._session)
            if doc is not None:
                out[aid] = DirectoryEntry(aid, doc["name"], tuple(doc["emails"]), doc["officer_emails"])
        return out

    async def muted_types(self, *, recipient_key: str) -> set[str]:
        """Event types the recipient muted."""
        doc = await self._c(PREFERENCES).find_one({"_id": recipient_key}, session=self._session)
        return set(doc.get("muted_types", [])) if doc else set()

    async def set_muted_types(self, *, recipient_key: str, muted: list[str]) -> None:
        """Replace the recipient's muted event types."""
        await self._c(PREFERENCES).update_one(
            {"_id": recipient_key}, {"$set": {"muted_types": muted}}, upsert=True, session=self._session
        )

    async def active_webhooks(self) -> list[Document]:
        """Registered webhooks that are enabled."""
        cursor = self._c(WEBHOOKS).find({"active": True}, session=self._session)
        return [doc async for doc in cursor]

    async def insert_many(self, *, collection: str, docs: list[dict[str, Any]]) -> None:
        """Insert; a duplicate of a unique key raises DuplicateKeyError (or a bulk error) and aborts."""
        if docs:
            await self._c(collection).insert_many(docs, session=self._session)

    async def record_outcome(self, *, doc: Mapping[str, Any]) -> None:
        """Remember a nominee's result for the informing report (once per event)."""
        await self._c(OUTCOMES).update_one(
            {"_id": doc["_id"]}, {"$setOnInsert": dict(doc)}, upsert=True, session=self._session
        )

    async def record_session(self, *, session_id: str, nomination_ids: list[str]) -> None:
        """Remember the nominations a closed session took up."""
        await self._c(SESSIONS).update_one(
            {"_id": session_id},
            {"$set": {"nomination_ids": nomination_ids}},
            upsert=True,
            session=self._session,
        )

    async def mark_delivered(self, *, delivery_id: str, attempt: int, at: datetime) -> bool:
        """Record success of the claimed attempt; False if another worker moved it."""
        result = await self._c(DELIVERIES).update_one(
            {"_id": delivery_id, "status": SENDING, "attempt": attempt},
            {
                "$set": {"status": DELIVERED, "delivered_at": at},
                "$push": {"log": {"at": at, "ok": True}},
                "$unset": {"sealed_address": ""},  # a sealed address serves one delivery only
            },
            session=self._session,
        )
        return result.modified_count == 1

    async def mark_failed_attempt(
        self, *, delivery_id: str, attempt: int, at: datetime, error: str, retry_at: datetime | None
    ) -> bool:
        """Record a failed attempt: pending again at `retry_at`, or failed for good when None."""
        status = PENDING if retry_at is not None else FAILED
        change: dict[str, Any] = {
            "$set": {"status": status, "next_attempt_at": retry_at, "last_error": error},
            "$push": {"log": {"at": at, "ok": False, "error": error}},
        }
        if retry_at is None:
            change["$unset"] = {"sealed_address": ""}
        result = await self._c(DELIVERIES).update_one(
            {"_id": delivery_id, "status": SENDING, "attempt": attempt},
            change,
            session=self._session,
        )
        return result.modified_count == 1

    async def deliveries_of(self, *, notification_id: str) -> list[Document]:
        """Every delivery of one notification."""
        cursor = self._c(DELIVERIES).find({"notification_id": notification_id}, session=self._session)
        return [doc async for doc in cursor]

    async def count_webhook_failure(self, *, webhook_id: str, disable_after: int) -> None:
        """Count an exhausted delivery against a webhook; disable it past the threshold."""
        hook = await self._c(WEBHOOKS).find_one({"_id": webhook_id}, session=self._session)
        if hook is None:
            return
        failures = int(hook.get("failures", 0)) + 1
        changes: dict[str, Any] = {"failures": failures}
        if failures >= disable_after:
            changes["active"] = False
        await self._c(WEBHOOKS).update_one({"_id": webhook_id}, {"$set": changes}, session=self._session)
