"""Cases nearest their statutory deadline first; a case's clock, targets and actions; the filer's identity
on an explicit request with a reason; the audit trail; a letter received by post registered from a form."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients.base import Body
from portal.clients.grievance import (
    AcceptanceIn,
    Case,
    ExtensionIn,
    FilerIn,
    LetterIn,
    PublicationIn,
    ResolutionIn,
    SuspensionIn,
    TargetIn,
    WithdrawalIn,
)  # fmt: skip
from portal.secretariat.common import REFUSED, Desk, failure, parsed_date, required
from portal.web.deps import GrievanceOfficer
from portal.web.forms import Errors, any_errors, message, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/grievance")
OPEN = ("received", "accepted", "extended", "suspended")
DUE_SOON_DAYS = 5
REFUSAL_REASONS = (
    "limitation_expired", "unsigned", "no_direct_interest", "not_competent", "already_resolved",
    "before_court", "unidentifiable_sender", "other",
)  # fmt: skip
COMPLEXITY = (
    "multi_location", "multi_issue", "many_filers", "foreign_element", "several_agencies",
    "agencies_disagree", "conflicting_evidence",
)  # fmt: skip
TARGET_KINDS = ("nomination", "award", "decision", "association", "person")


def next_deadline(case: Case) -> date | None:
    """The case's nearest statutory deadline."""
    return min((d.due_on for d in case.deadlines), default=None)


def urgency(case: Case, day: date) -> str:
    """`overdue`, `due-soon` (within DUE_SOON_DAYS days) or empty."""
    due = next_deadline(case)
    if due is None:
        return ""
    if due < day:
        return "overdue"
    return "due-soon" if (due - day).days <= DUE_SOON_DAYS else ""


def by_deadline(cases: list[Case]) -> list[Case]:
    """Open cases, the nearest deadline first (cases without one last)."""
    return sorted(
        (c for c in cases if c.status in OPEN), key=lambda c: (next_deadline(c) or date.max, c.tracking_code)
    )


@router.get("")
async def desk(request: Request, session: GrievanceOfficer) -> Response:
    """The open cases, nearest statutory deadline first; due-soon and overdue ones marked."""
    me, day = Desk(request, session), today()
    found = await me.clients.cases.cases(me.token)
    shown = by_deadline(found)
    context = {
        "cases": shown, "urgency": {c.id: urgency(c, day) for c in shown},
        "next": {c.id: next_deadline(c) for c in shown}, "closed": [c for c in found if c.status not in OPEN],
    }  # fmt: skip
    return me.portal.pages.render(request, "grievance/desk.html", context)


async def _case_page(
    request: Request,
    session: GrievanceOfficer,
    grievance_id: str,
    errors: Errors,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    me = Desk(request, session)
    found = await me.clients.cases.case(me.token, grievance_id)
    context = {
        "c": found, "errors": errors, "reasons": REFUSAL_REASONS, "today": today(), "complexity": COMPLEXITY,
        "urgency": urgency(found, today()), "done": request.query_params.get("done", ""), **(extra or {}),
    }  # fmt: skip
    return me.portal.pages.render(request, "grievance/case.html", context, status_code=status)


@router.get("/cases/{grievance_id}")
async def case(grievance_id: str, request: Request, session: GrievanceOfficer) -> Response:
    """One case: its clock (limitation, acceptance, resolution, extensions, suspension), targets, actions."""
    return await _case_page(request, session, grievance_id, {})


def action_body(action: str, data: dict[str, str], errors: Errors) -> Body | None:
    """The service's body for one of the officer's actions, or None with messages beside the fields."""
    if action == "acceptance":
        decision = "refuse" if data.get("decision") == "refuse" else "accept"
        reason = data.get("reason_code") or None
        if decision == "refuse" and reason not in REFUSAL_REASONS:
            message(errors, "reason_code", gettext(N_("Choose the reason for refusing the case.")))
        criteria = [c for c in data.get("complexity", "").split() if c in COMPLEXITY]
        return AcceptanceIn.model_validate(
            {
                "decision": decision,
                "reason_code": reason if decision == "refuse" else None,
                "complexity_criteria": criteria if decision == "accept" else [],
            }
        )
    if action == "extension":
        return ExtensionIn(decision_number=required(data.get("decision_number"), errors, "decision_number"))
    if action in ("suspension", "resumption"):
        return SuspensionIn(on=parsed_date(data.get("on"), errors, "on"))
    if action == "resolution":
        outcome = data.get("outcome")
        if outcome not in ("upheld", "partly_upheld", "rejected"):
            message(errors, "outcome", gettext(N_("Choose the outcome.")))
            return None
        return ResolutionIn.model_validate({
            "outcome": outcome, "remedy": data.get("remedy") or "none",
            "decision_number": data.get("decision_number") or None,
            "violation_found": data.get("violation_found") == "on",
        })  # fmt: skip
    if action == "withdrawal":
        return WithdrawalIn(partial=data.get("partial") == "on")
    if action == "publication":
        return PublicationIn(conclusion=required(data.get("conclusion"), errors, "conclusion"))
    return None


ACTIONS = ("acceptance", "extension", "suspension", "resumption", "resolution", "withdrawal", "publication")
FIELDS = {"reason_code", "decision_number", "on", "outcome", "remedy", "conclusion"}


@router.post("/cases/{grievance_id}/publication-preview")
async def preview(grievance_id: str, request: Request, session: GrievanceOfficer) -> Response:
    """The conclusion as it will be published, to read before publishing it."""
    data = values(await request.form())
    errors: Errors = {}
    text = required(data.get("conclusion"), errors, "conclusion")
    return await _case_page(
        request, session, grievance_id, errors, {"preview": text}, status=422 if errors else 200
    )


@router.post("/cases/{grievance_id}/identity")
async def identity(grievance_id: str, request: Request, session: GrievanceOfficer) -> Response:
    """The filer's identity, only on an explicit request with a stated reason (audited by the service)."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    reason = required(data.get("reason"), errors, "reason")
    if errors:
        return await _case_page(request, session, grievance_id, errors, status=422)
    try:
        filer = await me.clients.cases.filer(me.token, grievance_id)
    except REFUSED as exc:
        return await _case_page(request, session, grievance_id, failure(exc, {"reason"}), status=422)
    return await _case_page(request, session, grievance_id, {}, {"filer": filer, "reason": reason})


@router.get("/cases/{grievance_id}/audit")
async def audit(grievance_id: str, request: Request, session: GrievanceOfficer) -> Response:
    """The case's hash-chained audit trail, and whether the chain is intact."""
    me = Desk(request, session)
    found = await me.clients.cases.case(me.token, grievance_id)
    trail = await me.clients.cases.audit(me.token, grievance_id)
    return me.portal.pages.render(request, "grievance/audit.html", {"c": found, "trail": trail})


@router.get("/letters/new")
async def letter_form(request: Request, session: GrievanceOfficer) -> Response:
    """The form to register a letter received by post or in person."""
    me = Desk(request, session)
    context = {"f_": {"kind": "complaint", "channel": "letter", "key": uuid.uuid4().hex}, "errors": {},
               "targets": TARGET_KINDS, "today": today()}  # fmt: skip
    return me.portal.pages.render(request, "grievance/letter.html", context)


@router.post("/letters")
async def register_letter(request: Request, session: GrievanceOfficer) -> Response:
    """Register the letter: its kind, what it concerns, the sender, the day it was received."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    summary = required(data.get("summary"), errors, "summary")
    received = parsed_date(data.get("received_on"), errors, "received_on")
    kind = data.get("target_kind") or "nomination"
    kind = kind if kind in TARGET_KINDS else "nomination"
    ref = required(data.get("target_ref"), errors, "target_ref")
    filer = None
    if data.get("filer_name") or data.get("filer_contact"):
        filer = FilerIn(name=required(data.get("filer_name"), errors, "filer_name"),
                        contact=required(data.get("filer_contact"), errors, "filer_contact"))  # fmt: skip
    context = {"f_": data, "errors": errors, "targets": TARGET_KINDS, "today": today()}
    if any_errors(errors):
        return me.portal.pages.render(request, "grievance/letter.html", context, status_code=422)
    field = {"nomination": "nomination_id", "award": "award_id", "decision": "decision_id",
             "association": "association_id", "person": "personal_code"}[kind]  # fmt: skip
    body = LetterIn.model_validate({
        "kind": "denunciation" if data.get("kind") == "denunciation" else "complaint",
        "targets": [TargetIn.model_validate({"kind": kind, field: ref})], "summary": summary, "filer": filer,
        "channel": "in_person" if data.get("channel") == "in_person" else "letter", "received_on": received,
    })  # fmt: skip
    try:
        filed = await me.clients.cases.register_letter(
            me.token, body, key=data.get("key") or uuid.uuid4().hex
        )
    except REFUSED as exc:
        context["errors"] = failure(
            exc, {"summary", "received_on", "filer_name", "filer_contact", "target_ref"}
        )
        return me.portal.pages.render(request, "grievance/letter.html", context, status_code=422)
    return RedirectResponse(f"/grievance/cases/{filed.id}?done=registered", status_code=303)


@router.post("/cases/{grievance_id}/{action}")
async def act(grievance_id: str, action: str, request: Request, session: GrievanceOfficer) -> Response:
    """Accept or refuse, extend, suspend, resume, resolve, withdraw or publish."""
    me, form = Desk(request, session), await request.form()
    data = values(form) | {"complexity": " ".join(str(v) for v in form.getlist("complexity"))}
    errors: Errors = {}
    body = action_body(action, data, errors) if action in ACTIONS else None
    if body is None or any_errors(errors):
        if not any_errors(errors):
            message(
                errors, "__form__", gettext(N_("This action is not possible in the record's current state."))
            )
        return await _case_page(request, session, grievance_id, errors, status=422)
    try:
        await me.clients.cases.act(me.token, grievance_id, action, body)
    except REFUSED as exc:
        return await _case_page(request, session, grievance_id, failure(exc, FIELDS), status=422)
    return RedirectResponse(f"/grievance/cases/{grievance_id}?done={action}", status_code=303)
