"""Routes: the eligibility preview while an officer fills in a nomination, and objections from the public."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from thidua import calendar
from thidua.http.edge import to_domain
from thidua.http.pagination import Page, Paging, page_of
from thidua.http.ratelimit import rate_limited

from awards import preview, public_objections
from awards.api.deps import Association, Run, Secretariat, Settings, actor_of, view
from awards.api.problems import ERRORS
from awards.eligibility import Report
from awards.nomination import NominationDraft
from awards.responses import ObjectionOut, ObjectionReceipt, ReportOut
from awards.schemas import NominationIn, PublicObjectionIn

router = APIRouter(tags=["nominations"])
_PROBLEM = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}


def _report(report: Report) -> ReportOut:
    return ReportOut.model_validate(dict(view(report)) | {"eligible": not (report.failed or report.missing)})


@router.post("/nominations/preview", response_model=ReportOut)
async def preview_nomination(
    body: NominationIn, principal: Association, run: Run, cfg: Settings
) -> ReportOut:
    """The eligibility report of a nomination being filled in: every criterion, nothing stored."""
    draft = to_domain(NominationDraft, body.model_dump(), errors=ERRORS)
    actor, overrides = actor_of(principal), cfg.catalogue_overrides()
    report = await run(
        lambda uow: preview.preview_nomination(
            uow, draft=draft, today=calendar.today(), overrides=overrides, actor=actor
        )
    )
    return _report(report)


@router.post(
    "/public/objections",
    status_code=201,
    response_model=ObjectionReceipt,
    dependencies=[Depends(rate_limited("awards-objections"))],
    responses={
        404: {"description": "Không có danh sách công khai này.", "content": _PROBLEM},
        409: {"description": "Ngoài thời gian công khai: không nhận ý kiến.", "content": _PROBLEM},
    },
)
async def send_objection(body: PublicObjectionIn, run: Run) -> ObjectionReceipt:
    """An objection from anyone (no token) about a disclosed nomination, while its window is open."""
    received = await run(
        lambda uow: public_objections.receive_public_objection(
            uow,
            disclosure_id=body.disclosure_id,
            content=body.content,
            name=body.name,
            contact=body.contact,
            today=calendar.today(),
        )
    )
    return ObjectionReceipt(id=received.id, received_on=received.received_on)


@router.get("/nominations/{nomination_id}/objections", response_model=Page[ObjectionOut])
async def list_objections(
    nomination_id: str, principal: Secretariat, run: Run, paging: Paging, request: Request
) -> Page[ObjectionOut]:
    """The objections the public sent about a nomination, newest first (secretariat only)."""
    found, total = await run(
        lambda uow: public_objections.list_objections(
            uow, nomination_id=nomination_id, limit=paging.limit, offset=paging.offset
        )
    )
    items = [ObjectionOut.model_validate(view(o)) for o in found]
    return page_of(items, total=total, paging=paging, request=request)
