"""Council sessions: prepared from the eligible nominations in the lawful order (NĐ152 Điều 4 k6, women
first among equals), the roster from the council members' accounts; closed and tallied, results printed."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.clients import awards
from portal.clients.awards import Closed, MemberIn, Nomination, Session, SessionIn
from portal.secretariat.common import REFUSED, Desk, failure, parsed_date
from portal.web.deps import Secretariat
from portal.web.forms import FORM, Errors, message, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/secretariat")


def eligible(found: list[Nomination]) -> list[Nomination]:
    """The nominations a council session may consider: submitted, every criterion met, needing a vote."""
    return [
        n for n in found
        if n.status == "submitted" and n.council_vote_required
        and all(c.outcome == "passed" for c in n.report.criteria)
    ]  # fmt: skip


async def _prepare_page(
    request: Request, session: Secretariat, errors: Errors, typed: dict[str, str], status: int = 200
) -> Response:
    me = Desk(request, session)
    found, directory, members = await asyncio.gather(
        me.clients.desk.nominations(me.token, status="submitted", priority=True),
        me.clients.directory.associations(me.token),
        me.portal.accounts.accounts.all(),
    )
    context = {
        "agenda": eligible(found), "names": {a.id: a.name for a in directory}, "associations": directory,
        "members": [u for u in members if u.has("council")], "errors": errors, "typed": typed,
        "today": today(), "selected": set(typed.get("__selected__", "").split()),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/session_new.html", context, status_code=status)


@router.get("/sessions/new")
async def prepare(request: Request, session: Secretariat) -> Response:
    """The agenda in the lawful order and the roster, to open a session."""
    return await _prepare_page(request, session, {}, {})


@router.post("/sessions")
async def open_session(request: Request, session: Secretariat) -> Response:
    """Open the session; its page shows the agenda, the roster and the link the members vote from."""
    me, form = Desk(request, session), await request.form()
    data = values(form)
    chosen = [str(v) for v in form.getlist("nomination_ids")]
    roster = [str(v) for v in form.getlist("members")]
    errors: Errors = {}
    held_on = parsed_date(data.get("held_on"), errors, "held_on") or today()
    if not chosen:
        message(errors, "nomination_ids", gettext(N_("Choose at least one nomination for the agenda.")))
    if not roster:
        message(errors, "members", gettext(N_("Choose the council members of the session.")))
    users = {u.username: u for u in await me.portal.accounts.accounts.all()}
    members = [
        MemberIn(
            member_id=name,
            name=users[name].name if name in users else name,
            association_id=data.get(f"association.{name}") or None,
            present=data.get(f"present.{name}") == "on",
        )
        for name in roster
    ]
    typed = data | {"__selected__": " ".join(chosen)}
    if errors:
        return await _prepare_page(request, session, errors, typed, status=422)
    body = SessionIn(held_on=held_on, members=members, nomination_ids=chosen)
    try:
        made = await me.clients.desk.open_session(me.token, body)
    except REFUSED as exc:
        return await _prepare_page(request, session, failure(exc, {"held_on"}), typed, status=422)
    found = await me.clients.desk.nominations(me.token, status="submitted")
    context = {
        "s": made, "agenda": [n for n in found if n.id in set(made.nomination_ids)],
        "closed": None, "errors": {}, "live": await me.portal.capabilities.offers(awards.VOTERS),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/session.html", context, status_code=201)


@router.get("/sessions/{session_id}")
async def session_page(session_id: str, request: Request, session: Secretariat) -> Response:
    """A session: its agenda and roster where awards offers them, the closing form."""
    me = Desk(request, session)
    made: Session | None = None
    if await me.portal.capabilities.offers(awards.GET_SESSION):
        made = await me.clients.desk.session(me.token, session_id)
    context: dict[str, Any] = {
        "s": made, "session_id": session_id, "agenda": [], "closed": None, "errors": {},
        "live": await me.portal.capabilities.offers(awards.VOTERS),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/session.html", context)


@router.post("/sessions/{session_id}/closure")
async def close(session_id: str, request: Request, session: Secretariat) -> Response:
    """Close and tally the session; the results (the minutes' table) are shown and printable."""
    me = Desk(request, session)
    errors: Errors = {}
    closed: Closed | None = None
    try:
        closed = await me.clients.desk.close_session(me.token, session_id)
    except REFUSED as exc:
        errors = failure(exc, set())
    names: dict[str, str] = {}
    if closed is not None:
        found = await me.clients.desk.nominations(me.token)
        names = {n.id: f"{n.nominee.name} — {n.award_type_name}" for n in found}
    context: dict[str, Any] = {
        "s": None, "session_id": session_id, "agenda": [], "closed": closed, "names": names,
        "errors": errors, "live": False, "today": today(),
    }  # fmt: skip
    status = 200 if not errors.get(FORM) else 409
    return me.portal.pages.render(request, "secretariat/session.html", context, status_code=status)
