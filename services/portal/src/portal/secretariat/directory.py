"""The directory of member associations and collective members: add, edit, deactivate; contact officers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients.registration import Association, AssociationIn, OfficerIn
from portal.secretariat.common import REFUSED, Desk, failure, required
from portal.web.deps import Secretariat
from portal.web.forms import Errors, any_errors, lines, rows, values

router = APIRouter(prefix="/secretariat")
FIELDS = {"code", "name", "kind", "contact_emails", "active"}
OFFICER_FIELDS = ("full_name", "position", "email", "phone")
BLANK_OFFICERS = 2


def association_from(data: dict[str, str], errors: Errors) -> AssociationIn | None:
    """The entry typed in the form (officers from `officers.N.field`)."""
    code, name = required(data.get("code"), errors, "code"), required(data.get("name"), errors, "name")
    officers = [
        OfficerIn(
            full_name=o.get("full_name", ""),
            position=o.get("position") or None,
            email=o.get("email") or None,
            phone=o.get("phone") or None,
        )
        for _, o in rows(data, "officers")
    ]
    for index, officer in enumerate(officers):
        if not officer.full_name:
            required("", errors, f"officers.{index}.full_name")
    if any_errors(errors):
        return None
    return AssociationIn(
        code=code, name=name, kind=data.get("kind") or "member_association",
        contact_emails=lines(data.get("contact_emails", "")), officers=officers,
        active=data.get("active", "on") == "on",
    )  # fmt: skip


def fields_of(found: Association | None) -> dict[str, Any]:
    """What the form shows for an entry (blank for a new one)."""
    if found is None:
        return {"kind": "member_association", "active": "on", "officers": [{}] * BLANK_OFFICERS}
    officers = [o.model_dump(exclude_none=True) for o in found.officers]
    return {
        "code": found.code, "name": found.name, "kind": found.kind, "active": "on" if found.active else "",
        "contact_emails": "\n".join(found.contact_emails), "version": found.version,
        "officers": officers + [{}] * BLANK_OFFICERS,
    }  # fmt: skip


def typed(data: dict[str, str]) -> dict[str, Any]:
    """The form's values again, with its officer rows."""
    officers = [o for _, o in rows(data, "officers")]
    return data | {"officers": officers + [{}] * BLANK_OFFICERS}


@router.get("/associations")
async def associations(request: Request, session: Secretariat) -> Response:
    """The directory, searched without diacritics, and the form to add an entry."""
    me, q = Desk(request, session), request.query_params.get("q", "").strip()
    found = await me.clients.directory.associations(me.token, q=q or None)
    context = {"associations": found, "q": q, "f_": fields_of(None), "errors": {}}
    return me.portal.pages.render(request, "secretariat/associations.html", context)


@router.post("/associations")
async def add(request: Request, session: Secretariat) -> Response:
    """Add an association or a collective member."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    body = association_from(data, errors)
    if body is not None:
        try:
            made = await me.clients.directory.create_association(me.token, body)
            return RedirectResponse(f"/secretariat/associations/{made.id}?done=created", status_code=303)
        except REFUSED as exc:
            errors = failure(exc, FIELDS)
    found = await me.clients.directory.associations(me.token)
    context = {"associations": found, "q": "", "f_": typed(data), "errors": errors}
    return me.portal.pages.render(request, "secretariat/associations.html", context, status_code=422)


@router.get("/associations/{association_id}")
async def entry(association_id: str, request: Request, session: Secretariat) -> Response:
    """One entry, in its edit form."""
    me = Desk(request, session)
    found = await me.clients.registration.association(me.token, association_id)
    context = {"a": found, "f_": fields_of(found), "errors": {}, "done": request.query_params.get("done", "")}
    return me.portal.pages.render(request, "secretariat/association.html", context)


@router.post("/associations/{association_id}")
async def edit(association_id: str, request: Request, session: Secretariat) -> Response:
    """Replace the entry's details (untick `active` to deactivate it); its code stays."""
    me, data = Desk(request, session), values(await request.form())
    found = await me.clients.registration.association(me.token, association_id)
    errors: Errors = {}
    body = association_from(data | {"code": found.code}, errors)
    if body is not None:
        try:
            version = int(data.get("version") or found.version)
            await me.clients.directory.update_association(me.token, association_id, body, version=version)
            return RedirectResponse(f"/secretariat/associations/{association_id}?done=saved", status_code=303)
        except REFUSED as exc:
            errors = failure(exc, FIELDS)
    context = {"a": found, "f_": typed(data) | {"version": found.version}, "errors": errors, "done": ""}
    return me.portal.pages.render(request, "secretariat/association.html", context, status_code=422)
