"""Reading cases: the officers' and associations' lists, one case, its audit log and the public tracking.

Who may read what is decided here, from a `Viewer` the edge builds from the caller's token.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Any

from thidua import mongo

from grievance import messages as msg
from grievance.audit import verify_chain
from grievance.deps import hash_secret
from grievance.errors import GrievanceNotFound, NotAllowed, TrackingNotFound
from grievance.uow import GrievanceUnitOfWork

HIDDEN_FIELDS = ("secret_hash", "summary_sealed", "watch", "version", "next_due_on")
PUBLIC_FIELDS = ("tracking_code", "kind", "status", "received_on", "closed_on", "conclusion", "notices")
BY_DEADLINE = [("next_due_on", mongo.ASCENDING), ("received_on", mongo.DESCENDING)]
NEWEST_FIRST = [("received_on", mongo.DESCENDING)]


@dataclass(frozen=True)
class Viewer:
    """Who is reading: a grievance officer sees every case, an association officer its own complaints."""

    sub: str
    officer: bool
    association_id: str | None = None


def case_view(doc: dict[str, Any]) -> dict[str, Any]:
    """A case for officers and the complaining association: the letter's text redacted of the filer, no
    secret hash, no filer identity; deadlines nearest first."""
    out = {k: v for k, v in doc.items() if k not in HIDDEN_FIELDS and k != "_id"}
    out["id"] = doc["_id"]
    out["deadlines"] = sorted(doc.get("deadlines", {}).values(), key=lambda d: d["due_on"])
    return out


async def list_cases(
    uow: GrievanceUnitOfWork, *, viewer: Viewer, status: str | None, offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of the cases the viewer may see and their total: for officers the nearest statutory
    deadline first (cases with none last), for an association its newest first."""
    query: dict[str, Any] = {} if status is None else {"status": status}
    sort = BY_DEADLINE
    if not viewer.officer:
        if viewer.association_id is None:
            raise NotAllowed(msg.LISTERS_ONLY)
        query["complainant_association_id"] = viewer.association_id
        sort = NEWEST_FIRST
    total = await uow.grievances.count(query)
    docs = await uow.grievances.page(query, sort=sort, offset=offset, limit=limit)
    return [case_view(d) for d in docs], total


async def visible_case(uow: GrievanceUnitOfWork, *, viewer: Viewer, grievance_id: str) -> dict[str, Any]:
    """The stored case if the viewer may see it (GrievanceNotFound, NotAllowed otherwise)."""
    doc = await uow.grievances.document(grievance_id)
    if doc is None:
        raise GrievanceNotFound(grievance_id)
    if viewer.officer:
        return doc
    if viewer.association_id is not None and doc.get("complainant_association_id") == viewer.association_id:
        return doc
    raise NotAllowed(msg.ANOTHER_FILER)


async def show_case(uow: GrievanceUnitOfWork, *, viewer: Viewer, grievance_id: str) -> dict[str, Any]:
    """One case as its viewer sees it."""
    return case_view(await visible_case(uow, viewer=viewer, grievance_id=grievance_id))


async def read_audit(uow: GrievanceUnitOfWork, *, viewer: Viewer, grievance_id: str) -> dict[str, Any]:
    """The case's hash-chained audit log, oldest first, and whether the chain is intact."""
    await visible_case(uow, viewer=viewer, grievance_id=grievance_id)
    cursor = uow.audit.find({"grievance_id": grievance_id}, session=uow.session).sort("seq", 1)
    entries = [entry async for entry in cursor]
    broken = verify_chain(entries)
    return {
        "intact": broken is None,
        "broken_at": broken,
        "entries": [{k: v for k, v in e.items() if k != "_id"} for e in entries],
    }


async def track_case(uow: GrievanceUnitOfWork, *, tracking_code: str, secret: str) -> dict[str, Any]:
    """Status, notices and deadlines for whoever holds the tracking secret; no one's name."""
    doc = await uow.grievances.by_tracking_code(tracking_code)
    if doc is None or not hmac.compare_digest(doc.get("secret_hash", ""), hash_secret(secret)):
        raise TrackingNotFound()
    out = {k: doc.get(k) for k in PUBLIC_FIELDS}
    out["notices"] = out["notices"] or []
    out["deadlines"] = [{"kind": d["kind"], "due_on": d["due_on"]} for d in doc.get("deadlines", {}).values()]
    return out
