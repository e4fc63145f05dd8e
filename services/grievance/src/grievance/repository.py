"""Grievance <-> document mapping, with optimistic concurrency; no rules here."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from thidua import mongo

from grievance.domain import Deadline, Grievance
from grievance.errors import ConcurrencyConflict

NO_DEADLINE = "9999-12-31"  # sorts after every real deadline
_DATES = (
    "received_on",
    "informed_on",
    "limitation_ends_on",
    "accepted_on",
    "suspended_on",
    "closed_on",
    "accused_informed_on",
)


def _deadline_doc(d: Deadline) -> dict[str, Any]:
    doc = {"kind": d.kind, "due_on": d.due_on.isoformat(), "unit": d.unit, "source": d.source}
    return doc | {"start": d.start.isoformat() if d.start else None, "days": d.days}


def _deadline(d: dict[str, Any]) -> Deadline:
    start = date.fromisoformat(d["start"]) if d.get("start") else None
    due = date.fromisoformat(d["due_on"])
    return Deadline(d["kind"], due, d["unit"], d["source"], start, d.get("days", 0))


def to_document(grievance: Grievance) -> dict[str, Any]:
    """The stored form of a case (dates as ISO strings)."""
    doc = dataclasses.asdict(grievance)
    doc["_id"] = doc.pop("id")
    for name in _DATES:
        doc[name] = doc[name].isoformat() if doc[name] else None
    doc["deadlines"] = {k: _deadline_doc(d) for k, d in grievance.deadlines.items()}
    doc["watch"] = bool(grievance.deadlines)
    # the officers' list sorts on it: the nearest deadline the clock is running on first, none last
    doc["next_due_on"] = min((d.due_on.isoformat() for d in grievance.alertable()), default=NO_DEADLINE)
    return doc


def to_domain(doc: dict[str, Any]) -> Grievance:
    """A case from its stored form."""
    fields = {f.name for f in dataclasses.fields(Grievance)}
    values = {k: v for k, v in doc.items() if k in fields}
    values["id"] = doc["_id"]
    for name in _DATES:
        values[name] = date.fromisoformat(doc[name]) if doc.get(name) else None
    values["deadlines"] = {k: _deadline(d) for k, d in doc.get("deadlines", {}).items()}
    return Grievance(**values)


class GrievanceRepository:
    """Cases in the `grievances` collection of this unit of work's session."""

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self._collection, self._session = collection, session

    @property
    def collection(self) -> mongo.Collection:
        """The collection, for the read-only reports that scan every case."""
        return self._collection

    async def add(self, grievance: Grievance, *, extra: dict[str, Any]) -> None:
        """Insert a new case with fields the domain does not hold (secret hash, the letter's text)."""
        grievance.version = 1
        await self._collection.insert_one(to_document(grievance) | extra, session=self._session)

    async def get(self, grievance_id: str) -> Grievance | None:
        """The case, or None."""
        doc = await self._collection.find_one({"_id": grievance_id}, session=self._session)
        return None if doc is None else to_domain(doc)

    async def document(self, grievance_id: str) -> dict[str, Any] | None:
        """The stored case with the fields the domain does not hold (the letter's summary)."""
        doc: dict[str, Any] | None = await self._collection.find_one(
            {"_id": grievance_id}, session=self._session
        )
        return doc

    async def save(self, grievance: Grievance) -> None:
        """Write the changed case; a concurrent change raises ConcurrencyConflict."""
        expected = grievance.version
        grievance.version = expected + 1
        doc = to_document(grievance)
        doc.pop("_id")
        result = await self._collection.update_one(
            {"_id": grievance.id, "version": expected}, {"$set": doc}, session=self._session
        )
        if result.matched_count == 0:
            grievance.version = expected
            raise ConcurrencyConflict(grievance.id)

    async def count(self, query: dict[str, Any]) -> int:
        """How many cases match the query."""
        return int(await self._collection.count_documents(query, session=self._session))

    async def page(
        self, query: dict[str, Any], *, sort: list[tuple[str, int]], offset: int, limit: int
    ) -> list[dict[str, Any]]:
        """One page of stored cases matching the query, in the given order (the id breaks ties)."""
        cursor = self._collection.find(query, session=self._session)
        cursor = cursor.sort([*sort, ("_id", mongo.ASCENDING)]).skip(offset).limit(limit)
        return [doc async for doc in cursor]

    async def by_tracking_code(self, tracking_code: str) -> dict[str, Any] | None:
        """The stored case with this public tracking code, or None."""
        doc: dict[str, Any] | None = await self._collection.find_one(
            {"tracking_code": tracking_code}, session=self._session
        )
        return doc
