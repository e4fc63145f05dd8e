"""Oversight for grievance officers: open, due-soon and overdue counts; on-time rate per year."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from thidua.auth import GRIEVANCE_OFFICER, Principal, require_roles
from thidua.http.openapi import file_responses

from grievance.deps import build_deps
from grievance.domain import OPEN
from grievance.repository import to_domain
from grievance.scheduler import classify_deadline
from grievance.uow import GRIEVANCES

router = APIRouter(tags=["oversight"])
EXPORT_COLUMNS = (
    "tracking_code", "kind", "instance", "status", "received_on", "accepted_on", "closed_on",
    "complexity", "extensions", "outcome", "remedy", "on_time", "flagged_for_inspection",
)  # fmt: skip
Officer = Annotated[Principal, Depends(require_roles(GRIEVANCE_OFFICER))]


def on_time_rates(docs: list[dict[str, Any]]) -> dict[str, float]:
    """Share of resolved cases resolved by their deadline, per year of resolution."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for doc in docs:
        if doc.get("status") == "resolved" and doc.get("closed_on"):
            year = str(doc["closed_on"])[:4]
            totals[year][0] += bool(doc.get("on_time"))
            totals[year][1] += 1
    return {year: round(done / count, 4) for year, (done, count) in sorted(totals.items())}


@router.get("/oversight/grievances")
async def oversight(request: Request, officer: Officer) -> dict[str, Any]:
    """Counts of open / due soon / overdue cases and the on-time rate per year."""
    settings = request.app.state.settings
    deps = build_deps(settings)
    docs = await request.app.state.db[GRIEVANCES].find({}, {"secret_hash": 0, "summary": 0}).to_list(None)
    counts = {"open": 0, "due_soon": 0, "overdue": 0}
    for doc in docs:
        case = to_domain(doc)
        counts["open"] += case.status in OPEN
        verdicts = {
            classify_deadline(deps, d, lead=settings.due_soon_lead_working_days) for d in case.alertable()
        }
        kinds = {v[0] for v in verdicts if v is not None}
        counts["overdue"] += "overdue" in kinds
        counts["due_soon"] += "due_soon" in kinds and "overdue" not in kinds
    return counts | {"on_time_rate_by_year": on_time_rates(docs)}


@router.get("/oversight/grievances/export.csv", response_class=Response, responses=file_responses("text/csv"))
async def export(request: Request, officer: Officer) -> Response:
    """Every case as CSV: codes, statuses, dates and outcomes; no filer, no summary."""
    docs = await request.app.state.db[GRIEVANCES].find({}).sort("received_on", 1).to_list(None)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for doc in docs:
        writer.writerow(["" if doc.get(c) is None else doc.get(c) for c in EXPORT_COLUMNS])
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="grievances.csv"'},
    )
