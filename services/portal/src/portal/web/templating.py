"""Jinja2 pages: one environment with the catalogue, the Vietnamese formats and the page context."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from portal import text
from portal.settings import PACKAGE_DIR
from portal.web import i18n

TEMPLATES_DIR = PACKAGE_DIR / "templates"
TABLES = {
    "registration_status": text.REGISTRATION_STATUS,
    "nomination_status": text.NOMINATION_STATUS,
    "grievance_status": text.GRIEVANCE_STATUS,
    "grievance_kind": text.GRIEVANCE_KIND,
    "deadline": text.DEADLINE_KIND,
    "rating": text.RATINGS,
    "nominee_kind": text.NOMINEE_KIND,
    "commendation_type": text.COMMENDATION_TYPE,
    "dossier": text.DOSSIER_KIND,
    "campaign_kind": text.CAMPAIGN_KIND,
    "outcome": text.OUTCOME,
    "criterion": text.CRITERIA,
    "event": text.EVENT_TYPE,
    "channel": text.OBJECTION_CHANNEL,
    "delivery_channel": text.DELIVERY_CHANNEL,
    "ground": text.CANCELLATION_GROUND,
    "grievance_outcome": text.GRIEVANCE_OUTCOME,
    "target": text.TARGET_KIND,
    "refusal": text.REFUSAL_REASON,
    "audit": text.AUDIT_ACTION,
    "complexity": text.COMPLEXITY,
}


def environment(locale: str) -> Environment:
    """The template environment: autoescaped HTML, gettext from the catalogue, date and money filters."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(("html", "xml")),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(i18n.translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(vn_date=i18n.format_date, vn_datetime=i18n.format_datetime, vn_money=i18n.format_money)
    env.globals.update(
        locale=locale,
        label=lambda table, code: text.label(TABLES[table], code),
        service_label=lambda name: text.label(text.SERVICES, name),
    )
    return env


class Pages:
    """Renders the portal's templates with what every page needs (the user, the CSRF token, the path)."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        """An HTML response; an htmx request for a fragment gets only the named block when asked."""
        session = getattr(request.state, "session", None)
        values: dict[str, Any] = {
            "request": request,
            "session": session,
            "user": session.user if session is not None else None,
            "csrf_token": session.csrf if session is not None else "",
            "path": request.url.path,
            "htmx": request.headers.get("HX-Request") == "true",
            "static_version": getattr(request.app.state, "static_version", "1"),
        }
        values.update(context or {})
        html = self.env.get_template(template).render(values)
        return HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
