"""Oversight for grievance officers: open, due-soon and overdue counts; on-time rate per year; the export."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from grievance.deps import Deps
from grievance.domain import OPEN
from grievance.repository import to_domain
from grievance.scheduler import classify_deadline
from grievance.uow import GrievanceUnitOfWork

EXPORT_COLUMNS = (
    "tracking_code", "kind", "instance", "status", "received_on", "accepted_on", "closed_on",
    "complexity", "extensions", "outcome", "remedy", "on_time", "flagged_for_inspection",
)  # fmt: skip
_NOT_READ = {"secret_hash": 0, "summary": 0, "summary_sealed": 0}


def on_time_rates(docs: list[dict[str, Any]]) -> dict[str, float]:
    """Share of resolved cases resolved by their deadline, per year of resolution."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in docs:
        if doc.get("status") == "resolved" and doc.get("closed_on"):
            year = str(doc["closed_on"])[:4]
            totals[year][0] += bool(doc.get("on_time"))
            totals[year][1] += 1
    return {year: round(done / count, 4) for year, (done, count) in sorted(totals.items())}


async def count_cases(uow: GrievanceUnitOfWork, *, deps: Deps, lead: int) -> dict[str, Any]:
    """Counts of open / due soon / overdue cases and the on-time rate per year of resolution."""
    docs = await uow.grievances.collection.find({}, _NOT_READ, session=uow.session).to_list(None)
    counts = {"open": 0, "due_soon": 0, "overdue": 0}
    for doc in docs:
        case = to_domain(doc)
        counts["open"] += case.status in OPEN
        verdicts = {classify_deadline(deps, d, lead=lead) for d in case.alertable()}
        kinds = {v[0] for v in verdicts if v is not None}
        counts["overdue"] += "overdue" in kinds
        counts["due_soon"] += "due_soon" in kinds and "overdue" not in kinds
    return counts | {"on_time_rate_by_year": on_time_rates(docs)}


async def export_rows(uow: GrievanceUnitOfWork) -> list[list[Any]]:
    """Every case as export rows, oldest first: codes, statuses, dates and outcomes; no filer, no summary."""
    cursor = uow.grievances.collection.find({}, _NOT_READ, session=uow.session).sort("received_on", 1)
    return [["" if doc.get(c) is None else doc.get(c) for c in EXPORT_COLUMNS] async for doc in cursor]
