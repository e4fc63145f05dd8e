"""The officer's home: open campaigns and deadlines, registrations and nominations with their status,
unread notices, and what needs doing next."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date

from fastapi import Request
from fastapi.responses import Response

from portal.clients.awards import Nomination
from portal.clients.notify import Notice
from portal.clients.registration import Campaign, Registration
from portal.officer.common import OfficerContext, tolerant
from portal.web.deps import portal_of
from portal.web.i18n import N_, format_date, gettext, today
from portal.web.sessions import WebSession


@dataclass(frozen=True)
class Todo:
    """One thing the officer should do, with the page to do it on."""

    text: str
    href: str
    due: date | None = None


def open_campaigns(campaigns: list[Campaign], day: date) -> list[Campaign]:
    """Campaigns still taking registrations (no deadline, or not yet passed), nearest deadline first."""
    open_ = [c for c in campaigns if c.registration_deadline is None or c.registration_deadline >= day]
    return sorted(open_, key=lambda c: (c.registration_deadline or date.max, c.name))


def todos(
    campaigns: list[Campaign],
    registrations: list[Registration],
    nominations: list[Nomination],
    unread: int,
    day: date,
) -> list[Todo]:
    """What needs doing next, soonest first."""
    out = _registrations_due(campaigns, registrations, day)
    names = {c.id: c.name for c in campaigns}
    ends = {c.id: c.period_end for c in campaigns}
    for r in registrations:
        if r.status == "submitted" and r.self_assessment is None:
            end = ends.get(r.campaign_id)
            name = names.get(r.campaign_id, r.plan.collective_name)
            text = (
                gettext(
                    N_("Submit the year-end self-assessment of “%(name)s” before %(day)s"),
                    name=name,
                    day=format_date(end),
                )
                if end
                else gettext(N_("Submit the year-end self-assessment of “%(name)s”"), name=name)
            )
            out.append(Todo(text, f"/officer/registrations/{r.id}/self-assessment", end))
    for n in nominations:
        if n.status == "incomplete":
            text = gettext(
                N_("Complete the dossier of %(name)s (%(award)s)"),
                name=n.nominee.name,
                award=n.award_type_name,
            )
            out.append(Todo(text, f"/officer/nominations/{n.id}"))
    if unread:
        out.append(Todo(gettext(N_("Read %(count)s new notices"), count=unread), "/officer/inbox"))
    return sorted(out, key=lambda t: t.due or date.max)


def _registrations_due(campaigns: list[Campaign], registrations: list[Registration], day: date) -> list[Todo]:
    """Open campaigns with a deadline the association has not registered for."""
    registered = {r.campaign_id for r in registrations if r.status != "withdrawn"}
    out = []
    for c in open_campaigns(campaigns, day):
        if c.id not in registered and c.registration_deadline is not None:
            deadline = format_date(c.registration_deadline)
            text = gettext(N_("Register for “%(name)s” before %(day)s"), name=c.name, day=deadline)
            out.append(Todo(text, f"/officer/campaigns/{c.id}/register", c.registration_deadline))
    return out


async def officer_home(request: Request, session: WebSession) -> Response:
    """The home page; a service that is away leaves its part empty with a note, the rest still shows."""
    portal, me, down = portal_of(request), OfficerContext(request, session), set[str]()
    clients = portal.clients
    campaigns, registrations, nominations, notices = await asyncio.gather(
        tolerant(clients.registration.campaigns(me.token), list[Campaign](), down),
        tolerant(clients.registration.registrations(me.token), list[Registration](), down),
        tolerant(clients.awards.nominations(me.token), list[Nomination](), down),
        tolerant(clients.notify.inbox(me.token), list[Notice](), down),
    )
    day = today()
    unread = [n for n in notices if n.read_at is None]
    context = {
        "campaigns": open_campaigns(campaigns, day),
        "campaign_names": {c.id: c.name for c in campaigns},
        "registrations": registrations,
        "nominations": nominations[:10],
        "nomination_count": len(nominations),
        "unread": unread[:5],
        "unread_count": len(unread),
        "todos": todos(campaigns, registrations, nominations, len(unread), day),
        "down": sorted(down),
    }
    return portal.pages.render(request, "officer/home.html", context)
