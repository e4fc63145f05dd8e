"""Routes: public disclosure (công khai) and the objections received during it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from thidua.calendar import WorkingCalendar
from thidua.http.edge import to_domain

from awards import disclosures
from awards.api.deps import Run, Secretariat, Settings, view
from awards.api.problems import ERRORS
from awards.nomination import Objection
from awards.schemas import DisclosureIn, ObjectionIn

router = APIRouter(tags=["decisions"])


@router.post("/nominations/{nomination_id}/disclosure", status_code=201)
async def disclose(
    nomination_id: str, body: DisclosureIn, principal: Secretariat, run: Run, cfg: Settings
) -> dict[str, Any]:
    """Put a nomination on the public list for a window of working days."""
    overrides, calendar = cfg.catalogue_overrides(), WorkingCalendar.from_settings(cfg)
    disclosure = await run(
        lambda uow: disclosures.disclose_nomination(
            uow,
            nomination_id=nomination_id,
            window_start=body.window_start,
            working_days=body.working_days,
            overrides=overrides,
            calendar=calendar,
        )
    )
    return dict(view(disclosure))


@router.get("/public/disclosures")
async def public_disclosures(run: Run, campaign_id: str | None = None) -> dict[str, Any]:
    """The public disclosure list (no token): name, unit, proposed award and the window only."""
    found = await run(lambda uow: disclosures.list_public_disclosures(uow, campaign_id=campaign_id))
    return {"items": [view(d.public()) for d in found]}


@router.post("/nominations/{nomination_id}/objections", status_code=201)
async def record_objection(
    nomination_id: str, body: ObjectionIn, principal: Secretariat, run: Run
) -> dict[str, Any]:
    """Record an objection received during disclosure; the council's minutes report the count."""
    objection = to_domain(Objection, body.model_dump(), errors=ERRORS)
    count = await run(
        lambda uow: disclosures.record_objection(uow, nomination_id=nomination_id, objection=objection)
    )
    return {"nomination_id": nomination_id, "objections": count}
