"""Nominations: a member or a collective for an award the association may propose, with the eligibility
report beside the form (every criterion met or not, in Vietnamese with its legal source), evidence uploads
and supplements."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from portal.clients import awards
from portal.clients.awards import AwardType, DossierItemIn, NominationIn, NomineeIn, Report, SupplementIn
from portal.clients.base import Call, ServiceDown, ServiceError
from portal.clients.registration import Person
from portal.officer.common import OfficerContext, down_message
from portal.web.deps import Officer, portal_of
from portal.web.forms import FORM, Errors, int_or_none, message, problem_errors, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/officer")
DOSSIER_KINDS = (
    "to_trinh",
    "bao_cao_thanh_tich",
    "bien_ban_binh_xet",
    "ket_qua_bo_phieu",
    "xac_nhan_sang_kien",
    "other",
)
FIELDS = (
    "campaign_id", "award_type_code", "year", "commendation_type", "nominee.kind", "nominee.name",
    "nominee.unit",
    "nominee.personal_code", "achievement_report", "dossier",
)  # fmt: skip
FINAL = ("decided", "forwarded", "rejected", "vote_failed")


@dataclass
class Choices:
    """What the nomination form offers: award types in force, campaigns, registered members."""

    award_types: list[AwardType]
    campaigns: list[Any]
    members: list[Person]
    unit: str


async def choices(me: OfficerContext, request: Request) -> Choices:
    """The form's lists, from the services (in parallel)."""
    clients = portal_of(request).clients
    types, campaigns, registrations, association = await asyncio.gather(
        clients.awards.award_types(me.token, on=today()),
        clients.registration.campaigns(me.token),
        clients.registration.registrations(me.token),
        clients.registration.association(me.token, me.association_id),
    )
    members: dict[str, Person] = {}
    for r in registrations:
        if r.status != "withdrawn":
            members.update({p.personal_code: p for p in r.plan.individuals})
    return Choices(types, campaigns, sorted(members.values(), key=lambda p: p.full_name), association.name)


def uploaded(form: FormData) -> list[DossierItemIn]:
    """Documents uploaded on an earlier try of this form, carried as hidden fields."""
    out: list[DossierItemIn] = []
    for value in form.getlist("uploaded"):
        kind, document_id, sha256, filename = ([*str(value).split("|", 3), "", "", "", ""])[:4]
        if kind in DOSSIER_KINDS and document_id and sha256:
            out.append(DossierItemIn(kind=kind, filename=filename, sha256=sha256, document_id=document_id))
    return out


async def upload_new(request: Request, me: OfficerContext, form: FormData) -> list[DossierItemIn]:
    """Store each file chosen on this try with the awards service; the dossier items name their hashes."""
    out = []
    for kind in DOSSIER_KINDS:
        for upload in form.getlist(f"dossier.{kind}"):
            if isinstance(upload, UploadFile) and upload.filename:
                stored = await portal_of(request).clients.awards.upload(
                    me.token, association_id=me.association_id, filename=upload.filename,
                    content=await upload.read(), media_type=upload.content_type or "application/octet-stream",
                )  # fmt: skip
                out.append(
                    DossierItemIn(
                        kind=kind,
                        filename=stored.filename,
                        sha256=stored.sha256,
                        document_id=stored.document_id,
                    )
                )
    return out


def nomination_from(
    data: dict[str, str], me: OfficerContext, chosen: Choices, dossier: list[DossierItemIn]
) -> NominationIn:
    """The nomination typed in the form; a registered member chosen by code fills in the name."""
    member = next((m for m in chosen.members if m.personal_code == data.get("member")), None)
    kind = data.get("nominee.kind") or "individual"
    name = data.get("nominee.name") or (member.full_name if member and kind == "individual" else "")
    code = data.get("nominee.personal_code") or (
        member.personal_code if member and kind == "individual" else None
    )
    return NominationIn(
        association_id=me.association_id,
        campaign_id=data.get("campaign_id") or None,
        award_type_code=data.get("award_type_code", ""),
        year=int_or_none(data.get("year")) or today().year,
        commendation_type=data.get("commendation_type") or "cong_trang",
        nominee=NomineeIn(
            kind=kind,
            name=name or (chosen.unit if kind == "collective" else ""),
            unit=data.get("nominee.unit") or chosen.unit,
            personal_code=code if kind == "individual" else None,
        ),
        achievement_report=data.get("achievement_report", ""),
        dossier=dossier,
    )


def _form_page(
    request: Request,
    chosen: Choices,
    data: dict[str, str],
    errors: Errors,
    *,
    report: Report | None = None,
    dossier: list[DossierItemIn] | None = None,
    status: int = 200,
    preview: bool = False,
) -> Response:
    context = {
        "c": chosen, "data": data, "errors": errors, "report": report, "dossier": dossier or [],
        "kinds": DOSSIER_KINDS, "preview": preview,
        "commendation_types": ("cong_trang", "dot_xuat", "phong_trao", "chuyen_de"),
    }  # fmt: skip
    return portal_of(request).pages.render(
        request, "officer/nomination_form.html", context, status_code=status
    )


@router.get("/nominations")
async def nominations(request: Request, session: Officer) -> Response:
    """The association's nominations with their status."""
    portal, me = portal_of(request), OfficerContext(request, session)
    found = await portal.clients.awards.nominations(me.token)
    can_import = await portal.capabilities.offers(awards.IMPORT)
    context = {"nominations": found, "can_import": can_import}
    return portal.pages.render(request, "officer/nominations.html", context)


@router.get("/nominations/new")
async def new_nomination(request: Request, session: Officer) -> Response:
    """The nomination form."""
    me = OfficerContext(request, session)
    chosen = await choices(me, request)
    data = {"year": str(today().year), "nominee.kind": "individual", "key": uuid.uuid4().hex}
    data |= {
        k: v for k, v in request.query_params.items() if k in ("member", "award_type_code", "campaign_id")
    }
    preview = await portal_of(request).capabilities.offers(awards.PREVIEW)
    return _form_page(request, chosen, data, {}, preview=preview)


def _checked(body: NominationIn, chosen: Choices) -> Errors:
    errors: Errors = {}
    kind = next((t for t in chosen.award_types if t.code == body.award_type_code), None)
    if kind is None:
        message(errors, "award_type_code", gettext(N_("Choose the award to propose.")))
    elif body.nominee.kind not in kind.subjects:
        message(errors, "award_type_code", gettext(N_("This award is not given to this kind of nominee.")))
    if not body.nominee.name:
        message(errors, "nominee.name", gettext(N_("Give the nominee's name or choose a registered member.")))
    if not body.achievement_report:
        message(errors, "achievement_report", gettext(N_("Summarize the achievements.")))
    return errors


@router.post("/nominations/new")
async def nominate(request: Request, session: Officer) -> Response:
    """Upload the chosen documents, then submit; a failed criterion shows the report beside the form."""
    portal, me, form = portal_of(request), OfficerContext(request, session), await request.form()
    data, chosen = values(form), await choices(me, request)
    dossier = uploaded(form)

    def again(errors: Errors, status: int = 422, report: Report | None = None) -> Response:
        return _form_page(request, chosen, data, errors, report=report, dossier=dossier, status=status)

    try:
        dossier += await upload_new(request, me, form)
        body = nomination_from(data, me, chosen, dossier)
    except ServiceError as exc:
        return again(problem_errors(exc, known=FIELDS))
    except ServiceDown:
        return again({FORM: [down_message()]}, 503)
    except ValidationError:
        return again({"nominee.kind": [gettext(N_("Choose one of the offered values."))]})
    errors = _checked(body, chosen)
    if errors:
        return again(errors)
    try:
        made = await portal.clients.awards.nominate(me.token, body, key=data.get("key") or uuid.uuid4().hex)
    except ServiceError as exc:
        found = exc.problem.get("report")
        return again(
            problem_errors(exc, known=FIELDS),
            report=Report.model_validate(found) if isinstance(found, dict) else None,
        )
    except ServiceDown:
        return again({FORM: [down_message()]}, 503)
    return RedirectResponse(f"/officer/nominations/{made.id}?done=submitted", status_code=303)


@router.post("/nominations/preview")
async def preview(request: Request, session: Officer) -> Response:
    """The eligibility report of the form as typed so far (htmx; only when the awards service offers it)."""
    portal, me = portal_of(request), OfficerContext(request, session)
    if not await portal.capabilities.offers(awards.PREVIEW):
        return Response(status_code=204)
    form = await request.form()
    chosen = await choices(me, request)
    try:
        body = nomination_from(values(form), me, chosen, uploaded(form))
        report: Report | None = await portal.clients.awards.value(awards.PREVIEW, me.token, Call(body=body))
    except (ServiceError, ServiceDown, ValidationError):
        report = None
    return portal.pages.render(request, "officer/eligibility.html", {"report": report})


@router.get("/nominations/{nomination_id}")
async def nomination(nomination_id: str, request: Request, session: Officer) -> Response:
    """One nomination: status, the eligibility report, the dossier, holds; supplements while it is open."""
    portal, me = portal_of(request), OfficerContext(request, session)
    found = await portal.clients.awards.nomination(me.token, nomination_id)
    context = {
        "n": found, "errors": {}, "kinds": DOSSIER_KINDS, "done": request.query_params.get("done", ""),
        "open": found.status not in FINAL,
    }  # fmt: skip
    return portal.pages.render(request, "officer/nomination.html", context)


@router.post("/nominations/{nomination_id}/supplements")
async def supplement(nomination_id: str, request: Request, session: Officer) -> Response:
    """Add evidence (a new dossier version; the eligibility check runs again)."""
    portal, me, form = portal_of(request), OfficerContext(request, session), await request.form()
    data = values(form)
    errors: Errors = {}
    try:
        dossier = await upload_new(request, me, form)
        if not dossier and not data.get("achievement_report"):
            message(
                errors,
                "dossier",
                gettext(N_("Choose at least one document or write a new achievement report.")),
            )
        else:
            body = SupplementIn(dossier=dossier, achievement_report=data.get("achievement_report") or None)
            await portal.clients.awards.supplement(me.token, nomination_id, body)
            return RedirectResponse(
                f"/officer/nominations/{nomination_id}?done=supplemented", status_code=303
            )
    except ServiceError as exc:
        errors = problem_errors(exc, known={"dossier", "achievement_report"})
    except ServiceDown:
        errors = {FORM: [down_message()]}
    found = await portal.clients.awards.nomination(me.token, nomination_id)
    context = {
        "n": found,
        "errors": errors,
        "kinds": DOSSIER_KINDS,
        "done": "",
        "open": found.status not in FINAL,
    }
    return portal.pages.render(request, "officer/nomination.html", context, status_code=422)
