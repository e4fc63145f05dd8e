"""Typed client of the grievance service: public intake and tracking, an association's own complaints."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from portal.clients.base import Body, Call, Endpoint, Model, ServiceClient

S = "grievance"


class TargetIn(Body):
    kind: Literal["nomination", "award", "decision", "council_session", "association", "person"]
    nomination_id: str | None = None
    award_id: str | None = None
    decision_id: str | None = None
    association_id: str | None = None
    personal_code: str | None = None


class FilerIn(Body):
    name: str
    contact: str
    address: str | None = None


class GrievanceIn(Body):
    kind: Literal["complaint", "denunciation"]
    targets: list[TargetIn]
    summary: str
    filer: FilerIn | None = None
    channel: Literal["api", "public_form", "letter", "in_person"] = "public_form"
    has_evidence: bool = False


class Filed(Model):
    id: str
    tracking_code: str
    secret: str
    kind: str
    status: str


class Deadline(Model):
    kind: str
    due_on: date


class Tracked(Model):
    tracking_code: str
    kind: str
    status: str
    received_on: date | None = None
    closed_on: date | None = None
    conclusion: str | None = None
    deadlines: list[Deadline] = Field(default_factory=list)


class Case(Model):
    id: str
    tracking_code: str
    kind: str
    status: str
    summary: str = ""
    received_on: date | None = None
    deadlines: list[Deadline] = Field(default_factory=list)


class CasePage(Model):
    items: list[Case]
    total: int
    next: str | None = None


FILE = Endpoint(S, "POST", "/grievances", body=GrievanceIn, response=Filed)
TRACK = Endpoint(S, "GET", "/public/grievances/{tracking_code}", response=Tracked)
LIST = Endpoint(S, "GET", "/grievances", query=("status", "limit", "offset"), response=CasePage)
ENDPOINTS = (FILE, TRACK, LIST)


class GrievanceClient(ServiceClient):
    """The grievance service as the public or an association officer sees it."""

    service = S

    async def file(self, token: str | None, body: GrievanceIn, *, key: str) -> Filed:
        """File a complaint or denunciation (the public gives a name and contact; no token)."""
        filed: Filed = await self.value(FILE, token, Call(body=body, headers={"Idempotency-Key": key}))
        return filed

    async def track(self, tracking_code: str, secret: str) -> Tracked:
        """The status and deadlines of a case, for whoever holds its secret (404 otherwise)."""
        call = Call(path_params={"tracking_code": tracking_code}, headers={"X-Tracking-Secret": secret})
        found: Tracked = await self.value(TRACK, None, call)
        return found

    async def own(self, token: str) -> list[Case]:
        """The association's own complaints, newest first, every page of them."""
        cases: list[Case] = []
        while True:
            found: CasePage = await self.value(LIST, token, Call(params={"limit": 200, "offset": len(cases)}))
            cases.extend(found.items)
            if found.next is None or not found.items:
                return cases
