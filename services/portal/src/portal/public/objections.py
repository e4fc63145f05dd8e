"""`/public/disclosures/{id}/objection`: anyone sends an opinion (ý kiến) on a disclosed nomination while its
window is open; the secretariat reads it, the public list never shows it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError

from portal.clients import awards
from portal.clients.awards import Disclosure, ObjectionIn
from portal.clients.base import ServiceDown, ServiceError
from portal.web.deps import portal_of
from portal.web.forms import FORM, Errors, message, problem_errors, values
from portal.web.guard import form_token, guard_public_form
from portal.web.i18n import N_, gettext, today

router = APIRouter()
FIELDS = ("content", "name", "contact")
DOWN = N_(
    "The service does not answer right now; nothing was sent. Your text is kept below: send it again later."
)


async def _disclosure(request: Request, disclosure_id: str) -> Disclosure | None:
    rows = await portal_of(request).clients.awards.disclosures()
    return next((r for r in rows if r.id == disclosure_id), None)


def _page(
    request: Request, row: Disclosure | None, data: dict[str, str], errors: Errors, *, status: int = 200
) -> Response:
    context = {
        "row": row,
        "data": data,
        "errors": errors,
        "today": today(),
        "form_token": form_token(request),
    }
    return portal_of(request).pages.render(request, "public/objection.html", context, status_code=status)


@router.get("/public/disclosures/{disclosure_id}/objection")
async def objection_form(request: Request, disclosure_id: str) -> Response:
    """The form, for a nomination on the disclosure list."""
    if not await portal_of(request).capabilities.offers(awards.PUBLIC_OBJECTION):
        return _page(request, None, {}, {}, status=404)
    row = await _disclosure(request, disclosure_id)
    return _page(request, row, {}, {}, status=200 if row else 404)


def _checked(data: dict[str, str]) -> Errors:
    errors: Errors = {}
    if not data.get("content", "").strip():
        message(errors, "content", gettext(N_("Write your opinion and why.")))
    elif len(data["content"]) > 5000:
        message(errors, "content", gettext(N_("At most 5,000 characters.")))
    for name in ("name", "contact"):
        if len(data.get(name, "")) > 200:
            message(errors, name, gettext(N_("At most 200 characters.")))
    return errors


@router.post("/public/disclosures/{disclosure_id}/objection")
async def send_objection(request: Request, disclosure_id: str) -> Response:
    """Send the opinion; the page then says it was received, and when."""
    await guard_public_form(request, bucket="objection")
    portal = portal_of(request)
    data = values(await request.form())
    row = await _disclosure(request, disclosure_id)
    errors = _checked(data)
    if row is None:
        return _page(request, None, data, errors, status=404)
    if errors:
        return _page(request, row, data, errors, status=422)
    body = ObjectionIn(
        disclosure_id=disclosure_id,
        content=data["content"].strip(),
        name=data.get("name") or None,
        contact=data.get("contact") or None,
    )
    try:
        received = await portal.clients.awards.send_objection(body)
    except ValidationError:
        message(errors, FORM, gettext(N_("Some fields are not valid; see the messages beside them.")))
        return _page(request, row, data, errors, status=422)
    except ServiceError as exc:
        return _page(request, row, data, problem_errors(exc, known=FIELDS), status=422)
    except ServiceDown:
        message(errors, FORM, gettext(DOWN))
        return _page(request, row, data, errors, status=503)
    context = {"row": row, "received": received}
    return portal.pages.render(request, "public/objection_sent.html", context)
