"""The secret ballot: the agenda with each nominee's dossier summary and eligibility report, agree /
disagree / abstain per nominee or for the whole list, recusal shown, a receipt that never shows the votes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients import awards
from portal.clients.awards import Nomination
from portal.secretariat.common import REFUSED, Desk, failure
from portal.web.deps import CouncilMember
from portal.web.forms import FORM, Errors, values
from portal.web.i18n import N_, gettext

router = APIRouter(prefix="/council")
VOTES = ("yes", "no", "abstain")


@router.get("")
async def home(request: Request, session: CouncilMember) -> Response:
    """The open sessions (where awards lists them), or the session code the secretariat gave."""
    me = Desk(request, session)
    code = request.query_params.get("session", "").strip()
    if code:
        return RedirectResponse(f"/council/sessions/{code}", status_code=303)
    listed = await me.portal.capabilities.offers(awards.LIST_SESSIONS)
    return me.portal.pages.render(request, "council/home.html", {"listed": listed})


async def agenda_of(me: Desk, session_id: str, request: Request) -> list[Nomination]:
    """The session's agenda: from awards when it offers the session, else the link's `agenda` ids."""
    if await me.portal.capabilities.offers(awards.GET_SESSION):
        ids = (await me.clients.desk.session(me.token, session_id)).nomination_ids
    else:
        ids = [i for i in request.query_params.get("agenda", "").split(",") if i]
    found = {n.id: n for n in await me.clients.desk.nominations(me.token, status="submitted")}
    return [found[i] for i in ids if i in found]


def recused(session: CouncilMember, nomination: Nomination) -> bool:
    """A member does not vote on a nomination of their own association."""
    own = session.user.association_id
    return bool(own) and own == nomination.association_id


async def _ballot_page(
    request: Request, session: CouncilMember, session_id: str, errors: Errors, typed: dict[str, str],
    status: int = 200,
) -> Response:  # fmt: skip
    me = Desk(request, session)
    agenda = await agenda_of(me, session_id, request)
    context: dict[str, Any] = {
        "session_id": session_id, "agenda": agenda, "recused": {n.id for n in agenda if recused(session, n)},
        "errors": errors, "typed": typed, "query": request.url.query,
    }  # fmt: skip
    return me.portal.pages.render(request, "council/ballot.html", context, status_code=status)


@router.get("/sessions/{session_id}")
async def ballot(session_id: str, request: Request, session: CouncilMember) -> Response:
    """The agenda and the ballot."""
    return await _ballot_page(request, session, session_id, {}, {})


@router.post("/sessions/{session_id}/ballot")
async def cast(session_id: str, request: Request, session: CouncilMember) -> Response:
    """Cast the ballot; the receipt says how many votes were received, never which."""
    me, data = Desk(request, session), values(await request.form())
    agenda = await agenda_of(me, session_id, request)
    whole = data.get("all") if data.get("all") in VOTES else None
    votes = {
        n.id: whole or data.get(f"vote.{n.id}", "")
        for n in agenda
        if not recused(session, n) and (whole or data.get(f"vote.{n.id}") in VOTES)
    }
    errors: Errors = {}
    if not votes:
        errors[FORM] = [gettext(N_("Choose agree, disagree or abstain for at least one nominee."))]
        return await _ballot_page(request, session, session_id, errors, data, status=422)
    try:
        received = await me.clients.desk.cast(me.token, session_id, votes)
    except REFUSED as exc:
        return await _ballot_page(request, session, session_id, failure(exc, set()), data, status=409)
    context = {"session_id": session_id, "received": received, "at": datetime.now(UTC)}
    return me.portal.pages.render(request, "council/receipt.html", context, status_code=201)
