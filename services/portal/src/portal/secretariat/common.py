"""What the desks share: the signed-in user's token, a form's errors, a spreadsheet answer."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import Response

from portal.clients.base import ServiceDown, ServiceError
from portal.officer.common import down_message
from portal.web.deps import portal_of, token_of
from portal.web.forms import FORM, Errors, problem_errors
from portal.web.i18n import N_, gettext
from portal.web.sessions import WebSession

REFUSED = (ServiceError, ServiceDown)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class Desk:
    """The signed-in desk user: the portal, their token."""

    def __init__(self, request: Request, session: WebSession) -> None:
        self.request, self.session = request, session
        self.portal = portal_of(request)
        self.clients = self.portal.clients
        self.token = token_of(request, session)


def failure(exc: ServiceError | ServiceDown, known: set[str]) -> Errors:
    """A refused or unanswered call as messages beside the form's fields."""
    if isinstance(exc, ServiceError):
        return problem_errors(exc, known=known)
    return {FORM: [down_message()]}


def parsed_date(value: str | None, errors: Errors, name: str) -> date | None:
    """A date typed as dd/mm/yyyy or yyyy-mm-dd (a date input); a message beside the field when not."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        if "/" in text:
            day, month, year = (int(p) for p in text.split("/"))
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        errors.setdefault(name, []).append(gettext(N_("Enter a date as dd/mm/yyyy.")))
        return None


def required(value: str | None, errors: Errors, name: str) -> str:
    """The field's value; a message beside the field when it is blank."""
    if not (value or "").strip():
        errors.setdefault(name, []).append(gettext(N_("This field is required.")))
    return (value or "").strip()


def download(content: bytes, filename: str, media_type: str) -> Response:
    """A file to save (the name encoded for any language)."""
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


def spreadsheet(content: bytes, filename: str) -> Response:
    """An XLSX download."""
    return download(content, filename, XLSX)
