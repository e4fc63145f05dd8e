"""Routes: the awardee list of a decision as XLSX, and the public search of published decisions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from thidua.auth import CurrentPrincipal
from thidua.http.openapi import file_responses

from awards import decisions
from awards.api.deps import Run, actor_of, view
from awards.api.spreadsheets import XLSX, decision_workbook

router = APIRouter(tags=["decisions"])


@router.get("/decisions/{decision_id}/export.xlsx", response_class=Response, responses=file_responses(XLSX))
async def export_decision(decision_id: str, principal: CurrentPrincipal, run: Run) -> Response:
    """The decision's awardees as a spreadsheet (personal codes and money: staff, or the own association)."""
    decision, awards = await run(lambda uow: decisions.decision_export(uow, decision_id=decision_id))
    headers = {"Content-Disposition": f'attachment; filename="decision-{decision_id}.xlsx"'}
    return Response(
        decision_workbook(decision, awards, actor_of(principal)), media_type=XLSX, headers=headers
    )


@router.get("/public/decisions")
async def search_decisions(
    run: Run,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    name: str | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    """Published awards (no token): name, unit, award, year and decision number only."""
    found = await run(lambda uow: decisions.search_published_awards(uow, year=year, name=name, unit=unit))
    return {"items": [view(a.published()) for a in found]}
