"""Routes of the grievance officers' oversight: the counts and the CSV export of every case."""

from __future__ import annotations

import csv
import io

from fastapi import APIRouter, Request
from fastapi.responses import Response
from thidua.http.openapi import file_responses

from grievance import oversight
from grievance.answers import OversightOut
from grievance.api.edge import Officer, deps_of, run, settings_of

router = APIRouter(tags=["oversight"])


@router.get("/oversight/grievances", response_model=OversightOut)
async def counts(request: Request, officer: Officer) -> OversightOut:
    """Counts of open / due soon / overdue cases and the on-time rate per year."""
    deps, lead = deps_of(request), settings_of(request).due_soon_lead_working_days
    found = await run(request, lambda uow: oversight.count_cases(uow, deps=deps, lead=lead))
    return OversightOut.model_validate(found)


@router.get("/oversight/grievances/export.csv", response_class=Response, responses=file_responses("text/csv"))
async def export(request: Request, officer: Officer) -> Response:
    """Every case as CSV: codes, statuses, dates and outcomes; no filer, no summary."""
    rows = await run(request, oversight.export_rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(oversight.EXPORT_COLUMNS)
    writer.writerows(rows)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="grievances.csv"'},
    )
