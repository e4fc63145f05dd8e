"""Decisions: recorded from the nominations that passed (number, date, signer, authority), the XLSX list,
forwarding beyond the Union's authority, cancellation on a lawful ground, and the informing report."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients import notify
from portal.clients.awards import CancellationIn, DecisionIn, Nomination
from portal.secretariat.common import REFUSED, Desk, failure, parsed_date, required, spreadsheet
from portal.web.deps import Secretariat
from portal.web.forms import Errors, any_errors, message, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/secretariat")
GROUNDS = ("fraudulent_achievements", "false_information", "unlawful_procedure", "violation_found")
SIGNATURE = {"number", "signed_on", "signer_name", "signer_title"}


def decidable(found: list[Nomination]) -> list[Nomination]:
    """Nominations a decision may confer: passed by the council, or complete ones needing no vote."""
    return [
        n for n in found
        if n.status == "passed"
        or (n.status == "submitted" and not n.council_vote_required
            and all(c.outcome == "passed" for c in n.report.criteria))
    ]  # fmt: skip


def signature(data: dict[str, str], errors: Errors) -> dict[str, Any]:
    """Number, date, signer and their title, each required."""
    out: dict[str, Any] = {
        k: required(data.get(k), errors, k) for k in ("number", "signer_name", "signer_title")
    }
    out["signed_on"] = parsed_date(data.get("signed_on"), errors, "signed_on")
    if out["signed_on"] is None and not errors.get("signed_on"):
        message(errors, "signed_on", gettext(N_("This field is required.")))
    return out


async def _list_page(
    request: Request, session: Secretariat, errors: Errors, typed: dict[str, Any], status: int = 200
) -> Response:
    me = Desk(request, session)
    found = await me.clients.desk.nominations(me.token)
    context = {
        "candidates": decidable(found), "awarded": [n for n in found if n.award_id or n.forwarding_id],
        "errors": errors, "typed": typed, "today": today(),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/decisions.html", context, status_code=status)


@router.get("/decisions")
async def decisions(request: Request, session: Secretariat) -> Response:
    """Nominations ready for a decision, the form to record it, and the awards already conferred."""
    return await _list_page(request, session, {}, {"authority": "union"})


@router.post("/decisions")
async def record(request: Request, session: Secretariat) -> Response:
    """Record the decision; its page then prints it and reports who has been informed."""
    me, form = Desk(request, session), await request.form()
    data = values(form)
    chosen = [str(v) for v in form.getlist("nomination_ids")]
    errors: Errors = {}
    signed = signature(data, errors)
    if not chosen:
        message(errors, "nomination_ids", gettext(N_("Choose the nominations the decision confers.")))
    typed = data | {"chosen": chosen}
    if any_errors(errors):
        return await _list_page(request, session, errors, typed, status=422)
    authority = "province" if data.get("authority") == "province" else "union"
    body = DecisionIn(**signed, nomination_ids=chosen, authority=authority)
    try:
        made = await me.clients.desk.record_decision(me.token, body)
    except REFUSED as exc:
        return await _list_page(request, session, failure(exc, SIGNATURE), typed, status=422)
    return RedirectResponse(f"/secretariat/decisions/{made.id}?done=recorded", status_code=303)


async def _decision_page(
    request: Request, session: Secretariat, decision_id: str, errors: Errors, status: int = 200
) -> Response:
    me = Desk(request, session)
    found = await me.clients.desk.decision(me.token, decision_id)
    nominations = await asyncio.gather(
        *(me.clients.desk.nomination(me.token, i) for i in found.nomination_ids)
    )
    deliveries = await asyncio.gather(
        *(me.clients.notify.deliveries(me.token, a.award_id) for a in found.awards)
    )
    late = {item.award_id: item for item in await me.clients.notify.late_informing(me.token)}
    context = {
        "d": found, "nominations": {n.id: n for n in nominations},
        "informed": {a.award_id: list(d) for a, d in zip(found.awards, deliveries, strict=True)},
        "late": late, "grounds": GROUNDS, "errors": errors, "today": today(),
        "done": request.query_params.get("done", ""),
        "can_resend": await me.portal.capabilities.offers(notify.SEND_NOTICE),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/decision.html", context, status_code=status)


@router.get("/decisions/{decision_id}")
async def decision(decision_id: str, request: Request, session: Secretariat) -> Response:
    """A decision: its awardees, what went to the province, whether and how each awardee was told."""
    return await _decision_page(request, session, decision_id, {})


@router.get("/decisions/{decision_id}/export.xlsx")
async def export(decision_id: str, request: Request, session: Secretariat) -> Response:
    """The decision's list of awardees as a spreadsheet (until the Word/PDF document is offered)."""
    me = Desk(request, session)
    return spreadsheet(
        await me.clients.desk.decision_xlsx(me.token, decision_id), f"quyet-dinh-{decision_id}.xlsx"
    )


@router.post("/decisions/{decision_id}/awards/{award_id}/cancellation")
async def cancel(decision_id: str, award_id: str, request: Request, session: Secretariat) -> Response:
    """Cancel one award of the decision on a lawful ground (L22 Điều 93 k2), signed like a decision."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    signed = signature(data, errors)
    if data.get("ground") not in GROUNDS:
        message(errors, "ground", gettext(N_("Choose the lawful ground.")))
    if any_errors(errors):
        return await _decision_page(request, session, decision_id, errors, status=422)
    body = CancellationIn.model_validate(signed | {"ground": data["ground"]})
    try:
        await me.clients.desk.cancel_award(me.token, award_id, body)
    except REFUSED as exc:
        return await _decision_page(
            request, session, decision_id, failure(exc, SIGNATURE | {"ground"}), status=422
        )
    return RedirectResponse(f"/secretariat/decisions/{decision_id}?done=cancelled", status_code=303)


@router.get("/informing")
async def informing(request: Request, session: Secretariat) -> Response:
    """Every awardee not informed within the statutory working days, across decisions."""
    me = Desk(request, session)
    late = await me.clients.notify.late_informing(me.token)
    context = {"late": sorted(late, key=lambda item: item.due_on)}
    return me.portal.pages.render(request, "secretariat/informing.html", context)
