"""Typed client of the grievance service: public intake and tracking, an association's own complaints."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

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
    source: str = ""
    start: date | None = None
    days: int = 0


class PublicDeadline(Model):
    kind: str
    due_on: date


class Tracked(Model):
    tracking_code: str
    kind: str
    status: str
    received_on: date | None = None
    closed_on: date | None = None
    conclusion: str | None = None
    deadlines: list[PublicDeadline] = Field(default_factory=list)


class Case(Model):
    id: str
    tracking_code: str
    kind: str
    status: str
    summary: str = ""
    received_on: date | None = None
    deadlines: list[Deadline] = Field(default_factory=list)
    channel: str = ""
    targets: list[dict[str, Any]] = Field(default_factory=list)
    limitation_ends_on: date | None = None
    complexity: str = "normal"
    accepted_on: date | None = None
    extensions: int = 0
    suspended_on: date | None = None
    closed_on: date | None = None
    refusal_reason: str | None = None
    outcome: str | None = None
    remedy: str | None = None
    conclusion: str | None = None


class Filer(Model):
    grievance_id: str
    filer: dict[str, Any]


class Audit(Model):
    intact: bool
    broken_at: int | None = None
    entries: list[dict[str, Any]] = Field(default_factory=list)


class AcceptanceIn(Body):
    decision: Literal["accept", "refuse"]
    reason_code: str | None = None
    complexity_criteria: list[str] = Field(default_factory=list)


class ExtensionIn(Body):
    decision_number: str


class SuspensionIn(Body):
    on: date | None = None


class ResolutionIn(Body):
    outcome: Literal["upheld", "partly_upheld", "rejected"]
    remedy: Literal["none", "reconsider_nomination", "cancel_award"] = "none"
    decision_number: str | None = None
    violation_found: bool = False


class WithdrawalIn(Body):
    partial: bool = False


class PublicationIn(Body):
    conclusion: str | None = None


class LetterIn(Body):
    """A letter received by post, registered by the grievance officer."""

    kind: Literal["complaint", "denunciation"]
    targets: list[TargetIn]
    summary: str
    filer: FilerIn | None = None
    channel: Literal["letter", "in_person"] = "letter"
    received_on: date | None = None
    has_evidence: bool = False


class CasePage(Model):
    items: list[Case]
    total: int
    next: str | None = None


FILE = Endpoint(S, "POST", "/grievances", body=GrievanceIn, response=Filed)
TRACK = Endpoint(S, "GET", "/public/grievances/{tracking_code}", response=Tracked)
LIST = Endpoint(S, "GET", "/grievances", query=("status", "limit", "offset"), response=CasePage)
GET = Endpoint(S, "GET", "/grievances/{grievance_id}", response=Case)
FILER = Endpoint(S, "GET", "/grievances/{grievance_id}/filer", response=Filer)
AUDIT = Endpoint(S, "GET", "/grievances/{grievance_id}/audit", response=Audit)
REGISTER_LETTER = Endpoint(S, "POST", "/grievances", body=LetterIn, response=Filed)
ACTIONS = {
    "acceptance": Endpoint(S, "POST", "/grievances/{grievance_id}/acceptance", body=AcceptanceIn),
    "extension": Endpoint(S, "POST", "/grievances/{grievance_id}/extension", body=ExtensionIn),
    "suspension": Endpoint(S, "POST", "/grievances/{grievance_id}/suspension", body=SuspensionIn),
    "resumption": Endpoint(S, "POST", "/grievances/{grievance_id}/resumption", body=SuspensionIn),
    "resolution": Endpoint(S, "POST", "/grievances/{grievance_id}/resolution", body=ResolutionIn),
    "withdrawal": Endpoint(S, "POST", "/grievances/{grievance_id}/withdrawal", body=WithdrawalIn),
    "publication": Endpoint(S, "POST", "/grievances/{grievance_id}/publication", body=PublicationIn),
}
ENDPOINTS = (FILE, TRACK, LIST, GET, FILER, AUDIT, REGISTER_LETTER, *ACTIONS.values())


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


class GrievanceDesk(ServiceClient):
    """The grievance service as a grievance officer uses it."""

    service = S

    async def cases(self, token: str, *, status: str | None = None) -> list[Case]:
        """Every case (the officer sees all), nearest statutory deadline first, every page of them."""
        cases: list[Case] = []
        while True:
            params = {"status": status, "limit": 200, "offset": len(cases)}
            found: CasePage = await self.value(LIST, token, Call(params=params))
            cases.extend(found.items)
            if found.next is None or not found.items:
                return cases

    async def case(self, token: str, grievance_id: str) -> Case:
        """One case."""
        found: Case = await self.value(GET, token, Call(path_params={"grievance_id": grievance_id}))
        return found

    async def act(self, token: str, grievance_id: str, action: str, body: Body) -> None:
        """One of the officer's actions on the case."""
        await self.send(ACTIONS[action], token, Call(path_params={"grievance_id": grievance_id}, body=body))

    async def filer(self, token: str, grievance_id: str) -> dict[str, Any]:
        """The filer's identity in clear (audited by the service)."""
        found: Filer = await self.value(FILER, token, Call(path_params={"grievance_id": grievance_id}))
        return found.filer

    async def audit(self, token: str, grievance_id: str) -> Audit:
        """The case's hash-chained audit trail and whether it is intact."""
        found: Audit = await self.value(AUDIT, token, Call(path_params={"grievance_id": grievance_id}))
        return found

    async def register_letter(self, token: str, body: LetterIn, *, key: str) -> Filed:
        """Register a letter received by post or in person."""
        filed: Filed = await self.value(
            REGISTER_LETTER, token, Call(body=body, headers={"Idempotency-Key": key})
        )
        return filed
