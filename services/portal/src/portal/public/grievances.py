"""`/public/grievances/new` and `/public/grievances/track`: file a complaint or a denunciation without an
account (the tracking code and secret shown once, offered for download), and follow it."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from portal.clients.base import ServiceDown, ServiceError
from portal.clients.grievance import FilerIn, GrievanceIn, TargetIn
from portal.web.deps import optional_session, portal_of, token_of
from portal.web.forms import FORM, Errors, message, problem_errors, values
from portal.web.guard import form_token, guard_public_form, rate_limit
from portal.web.i18n import N_, gettext

router = APIRouter()
FIELDS = (
    "kind",
    "target_kind",
    "reference",
    "summary",
    "filer.name",
    "filer.contact",
    "filer.address",
)
DOWN = N_(
    "The service does not answer right now; nothing was sent. "
    "Your text is kept below: send it again in a few minutes."
)
TARGETS = ("nomination", "award", "decision", "association", "person")


def _form(request: Request, data: dict[str, str], errors: Errors, *, status: int = 200) -> Response:
    context = {
        "data": data,
        "errors": errors,
        "form_token": form_token(request, path="/public/grievances/new"),
    }
    return portal_of(request).pages.render(request, "public/grievance_new.html", context, status_code=status)


@router.get("/public/grievances/new")
async def new_grievance(request: Request) -> Response:
    """The intake form (a complaint about a result may arrive pre-filled from a notice)."""
    prefill = {k: request.query_params.get(k, "") for k in ("kind", "target_kind", "reference", "summary")}
    return _form(request, {"kind": prefill["kind"] or "complaint", **prefill, "key": uuid.uuid4().hex}, {})


def _body(data: dict[str, str], *, signed_in: bool) -> GrievanceIn:
    summary = data.get("summary", "")
    if data.get("reference"):
        summary = f"{gettext(N_('Concerning'))}: {data['reference']}\n\n{summary}"
    filer = None
    if not signed_in or data.get("filer.name"):
        filer = FilerIn(
            name=data.get("filer.name", ""),
            contact=data.get("filer.contact", ""),
            address=data.get("filer.address") or None,
        )
    return GrievanceIn(
        kind=data.get("kind", "complaint"),
        targets=[TargetIn(kind=data.get("target_kind") or "decision")],
        summary=summary,
        filer=filer,
        channel="public_form",
        has_evidence=data.get("has_evidence") == "on",
    )


def _checked(data: dict[str, str], *, signed_in: bool) -> Errors:
    errors: Errors = {}
    if data.get("kind") not in ("complaint", "denunciation"):
        message(errors, "kind", gettext(N_("Choose a complaint or a denunciation.")))
    if data.get("target_kind") not in TARGETS:
        message(errors, "target_kind", gettext(N_("Choose what the letter is about.")))
    if not data.get("summary"):
        message(errors, "summary", gettext(N_("Write the content of the letter.")))
    if not signed_in:
        if not data.get("filer.name"):
            message(errors, "filer.name", gettext(N_("Give your full name (a denunciation must be signed).")))
        if len(data.get("filer.contact", "")) < 3:
            message(errors, "filer.contact", gettext(N_("Give a telephone number, an e-mail or an address.")))
    return errors


@router.post("/public/grievances/new")
async def file_grievance(request: Request) -> Response:
    """File the letter; on success show the tracking code and secret once."""
    await guard_public_form(request, bucket="grievance")
    portal, session = portal_of(request), optional_session(request)
    data = values(await request.form())
    errors = _checked(data, signed_in=session is not None)
    if errors:
        return _form(request, data, errors, status=422)
    token = token_of(request, session) if session is not None else None
    try:
        filed = await portal.clients.grievance.file(
            token, _body(data, signed_in=session is not None), key=data.get("key") or uuid.uuid4().hex
        )
    except (ValidationError, ValueError):
        message(errors, FORM, gettext(N_("Some fields are not valid; see the messages beside them.")))
        return _form(request, data, errors, status=422)
    except ServiceError as exc:
        return _form(request, data, problem_errors(exc, known=FIELDS), status=422)
    except ServiceDown as exc:
        message(errors, FORM, _down_message(exc.service))
        return _form(request, data, errors, status=503)
    return portal.pages.render(request, "public/grievance_filed.html", {"filed": filed})


def _down_message(service: str) -> str:
    return gettext(DOWN)


def _track_page(
    request: Request, data: dict[str, str], errors: Errors, case: object = None, status: int = 200
) -> Response:
    context = {
        "data": data,
        "errors": errors,
        "case": case,
        "form_token": form_token(request, path="/public/grievances/track"),
    }
    return portal_of(request).pages.render(
        request, "public/grievance_track.html", context, status_code=status
    )


@router.get("/public/grievances/track")
async def track_form(request: Request) -> Response:
    """The tracking form (the code may be given in the address; the secret never is)."""
    return _track_page(request, {"tracking_code": request.query_params.get("code", "")}, {})


@router.post("/public/grievances/track")
async def track(request: Request) -> Response:
    """The case's status for whoever gives its code and secret (limited per address against guessing)."""
    await rate_limit(request, bucket="track")
    portal = portal_of(request)
    data = values(await request.form())
    code, secret = data.get("tracking_code", ""), data.get("secret", "")
    errors: Errors = {}
    if not code or not secret:
        message(errors, FORM, gettext(N_("Give the tracking code and the secret.")))
        return _track_page(request, data, errors, status=422)
    try:
        case = await portal.clients.grievance.track(code, secret)
    except ServiceError:
        message(errors, FORM, gettext(N_("No letter has this tracking code and secret.")))
        return _track_page(request, {"tracking_code": code}, errors, status=404)
    except ServiceDown as exc:
        message(errors, FORM, _down_message(exc.service))
        return _track_page(request, {"tracking_code": code}, errors, status=503)
    return _track_page(request, {"tracking_code": code}, {}, case=case)
