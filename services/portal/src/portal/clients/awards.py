"""Typed client of the awards service: the catalogue, nominations, evidence, public lists."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from portal.clients.base import Body, Call, Endpoint, Model, ServiceClient

S = "awards"


class AwardType(Model):
    code: str
    name: str
    kind: str
    subjects: list[str]
    authority: str
    council_vote_required: bool = False
    dossier_items: list[str] = Field(default_factory=list)
    source: str = ""
    rule_set: str = ""
    effective_from: date | None = None
    effective_to: date | None = None


class AwardTypes(Model):
    items: list[AwardType]


class Criterion(Model):
    code: str
    outcome: str
    source: str = ""
    detail: str = ""


class Report(Model):
    rule_set: str = ""
    award_type_code: str = ""
    criteria: list[Criterion] = Field(default_factory=list)


class Nominee(Model):
    kind: str
    name: str
    unit: str
    personal_code: str | None = None


class DossierItem(Model):
    kind: str
    filename: str
    sha256: str
    document_id: str | None = None


class Hold(Model):
    id: str
    reason: str = ""
    active: bool = True


class ObjectionSeen(Model):
    received_on: date
    channel: str = "letter"
    grievance_id: str | None = None


class CouncilCount(Model):
    session_id: str
    yes: int
    base: int


class Gender(Model):
    female: bool | None = None
    women: int | None = None
    members: int | None = None


class Nomination(Model):
    id: str
    association_id: str
    campaign_id: str | None = None
    award_type_code: str
    award_type_name: str
    year: int
    nominee: Nominee
    status: str
    achievement_report: str = ""
    dossier: list[DossierItem] = Field(default_factory=list)
    report: Report = Field(default_factory=Report)
    version: int = 1
    holds: list[Hold] = Field(default_factory=list)
    authority: str = ""
    council_vote_required: bool = False
    objections: list[ObjectionSeen] | None = None
    council: CouncilCount | None = None
    award_id: str | None = None
    forwarding_id: str | None = None
    gender: Gender = Field(default_factory=Gender)


class Nominations(Model):
    items: list[Nomination]


class StoredDocument(Model):
    document_id: str
    filename: str
    media_type: str
    size_bytes: int
    sha256: str


class Disclosure(Model):
    id: str | None = None
    name: str
    unit: str
    award: str
    window_start: date
    window_end: date


class Disclosures(Model):
    items: list[Disclosure]


class PublicDecision(Model):
    name: str
    unit: str
    award: str
    year: int
    decision_number: str | None = None


class PublicDecisions(Model):
    items: list[PublicDecision]


class Exemplar(Model):
    id: str
    kind: str
    name: str
    unit: str
    field_of_work: str = ""
    title: str | None = None
    summary: str | None = None
    story: str | None = None
    published_at: str | None = None


class ExemplarPage(Model):
    items: list[Exemplar]
    page: int
    page_size: int
    total: int


class NomineeIn(Body):
    kind: Literal["individual", "collective", "household"]
    name: str
    unit: str
    personal_code: str | None = None


class DossierItemIn(Body):
    kind: str
    filename: str
    sha256: str
    document_id: str | None = None


class NominationIn(Body):
    association_id: str
    campaign_id: str | None = None
    award_type_code: str
    year: int
    commendation_type: str = "cong_trang"
    nominee: NomineeIn
    achievement_report: str
    dossier: list[DossierItemIn] = Field(default_factory=list)


class SupplementIn(Body):
    dossier: list[DossierItemIn] = Field(default_factory=list)
    achievement_report: str | None = None


class ImportRowError(Model):
    row: int
    column: str = ""
    message: str = ""


class ImportResult(Model):
    rows: int
    created: int
    errors: list[ImportRowError] = Field(default_factory=list)


class ObjectionIn(Body):
    """A public objection (ý kiến) to a disclosed nomination, sent during its window."""

    disclosure_id: str
    content: str
    name: str | None = None
    contact: str | None = None


class DisclosureIn(Body):
    window_start: date
    working_days: int | None = None


class Disclosed(Model):
    id: str
    nomination_id: str
    window_start: date
    window_end: date


class RecordObjectionIn(Body):
    received_on: date
    channel: Literal["letter", "in_person", "email", "portal", "grievance"] = "letter"
    grievance_id: str | None = None


class Objections(Model):
    nomination_id: str
    objections: int


class MemberIn(Body):
    member_id: str
    name: str
    association_id: str | None = None
    present: bool = True


class SessionIn(Body):
    held_on: date
    campaign_id: str | None = None
    members: list[MemberIn]
    nomination_ids: list[str]


class Member(Model):
    member_id: str
    name: str
    association_id: str | None = None
    present: bool = True


class Session(Model):
    id: str
    held_on: date
    campaign_id: str | None = None
    members: list[Member] = Field(default_factory=list)
    nomination_ids: list[str] = Field(default_factory=list)
    status: str = "open"


class Outcome(Model):
    nomination_id: str
    award_type_code: str
    yes: int
    no: int
    abstain: int
    recused: int
    base: int
    threshold: float
    required_yes: int
    passed: bool


class Closed(Model):
    session_id: str
    status: str
    quorum_met: bool | None = None
    minutes_document_id: str | None = None
    results: list[Outcome] = Field(default_factory=list)


class BallotIn(Body):
    votes: dict[str, Literal["yes", "no", "abstain"]]


class Receipt(Model):
    session_id: str
    received: int


class DecisionIn(Body):
    number: str
    signed_on: date
    signer_name: str
    signer_title: str
    nomination_ids: list[str]
    authority: Literal["union", "province"] = "union"


class Conferral(Model):
    award_id: str
    nomination_id: str


class Forwarded(Model):
    forwarding_id: str
    nomination_id: str


class Decision(Model):
    id: str
    number: str
    signed_on: date
    signer_name: str
    signer_title: str
    nomination_ids: list[str]
    authority: str = "union"
    awards: list[Conferral] = Field(default_factory=list)
    forwardings: list[Forwarded] = Field(default_factory=list)


class CancellationIn(Body):
    ground: Literal["fraudulent_achievements", "false_information", "unlawful_procedure", "violation_found"]
    number: str
    signed_on: date
    signer_name: str
    signer_title: str


class Cancelled(Model):
    award_id: str
    status: str
    ground: str


AWARD_TYPES = Endpoint(S, "GET", "/award-types", query=("on",), response=AwardTypes)
CREATE_NOMINATION = Endpoint(S, "POST", "/nominations", body=NominationIn, response=Nomination)
LIST_NOMINATIONS = Endpoint(
    S, "GET", "/nominations", query=("association_id", "status", "order"), response=Nominations
)
GET_NOMINATION = Endpoint(S, "GET", "/nominations/{nomination_id}", response=Nomination)
SUPPLEMENT = Endpoint(
    S, "POST", "/nominations/{nomination_id}/supplements", body=SupplementIn, response=Nomination
)
UPLOAD_DOCUMENT = Endpoint(S, "POST", "/documents", form=("file", "association_id"), response=StoredDocument)
PUBLIC_DISCLOSURES = Endpoint(S, "GET", "/public/disclosures", query=("campaign_id",), response=Disclosures)
PUBLIC_DECISIONS = Endpoint(
    S, "GET", "/public/decisions", query=("year", "name", "unit"), response=PublicDecisions
)
PUBLIC_EXEMPLARS = Endpoint(S, "GET", "/public/exemplars", query=("page", "page_size"), response=ExemplarPage)
PREVIEW = Endpoint(S, "POST", "/nominations/preview", body=NominationIn, response=Report)
# Planned (see the portal README): the nominee import.
IMPORT_TEMPLATE = Endpoint(S, "GET", "/templates/nominations.xlsx", response=bytes, planned=True)
IMPORT = Endpoint(
    S, "POST", "/nominations/import", query=("dry_run",), form=("file",), response=ImportResult, planned=True
)


class ObjectionReceipt(Model):
    id: str
    received_on: date


PUBLIC_OBJECTION = Endpoint(S, "POST", "/public/objections", body=ObjectionIn, response=ObjectionReceipt)
DISCLOSE = Endpoint(
    S, "POST", "/nominations/{nomination_id}/disclosure", body=DisclosureIn, response=Disclosed
)
RECORD_OBJECTION = Endpoint(
    S, "POST", "/nominations/{nomination_id}/objections", body=RecordObjectionIn, response=Objections
)
OPEN_SESSION = Endpoint(S, "POST", "/council-sessions", body=SessionIn, response=Session)
CAST_BALLOT = Endpoint(S, "POST", "/council-sessions/{session_id}/ballots", body=BallotIn, response=Receipt)
CLOSE_SESSION = Endpoint(S, "POST", "/council-sessions/{session_id}/closure", response=Closed)
RECORD_DECISION = Endpoint(S, "POST", "/decisions", body=DecisionIn, response=Decision)
GET_DECISION = Endpoint(S, "GET", "/decisions/{decision_id}", response=Decision)
DECISION_XLSX = Endpoint(S, "GET", "/decisions/{decision_id}/export.xlsx", response=bytes)
CANCEL_AWARD = Endpoint(S, "POST", "/awards/{award_id}/cancellation", body=CancellationIn, response=Cancelled)
# Planned (README "Chờ API"): reading sessions, who voted, the minutes, the list of decisions.
LIST_SESSIONS = Endpoint(S, "GET", "/council-sessions", query=("status",), planned=True)
GET_SESSION = Endpoint(S, "GET", "/council-sessions/{session_id}", response=Session, planned=True)
VOTERS = Endpoint(S, "GET", "/council-sessions/{session_id}/voters", planned=True)
MINUTES = Endpoint(S, "GET", "/council-sessions/{session_id}/minutes", planned=True)
LIST_DECISIONS = Endpoint(S, "GET", "/decisions", query=("year",), planned=True)
GET_DOCUMENT = Endpoint(S, "GET", "/documents/{document_id}", response=bytes, planned=True)
EXEMPLAR_REPORT_XLSX = Endpoint(S, "GET", "/reports/exemplars.xlsx", query=("campaign_id",), response=bytes)
DESK_ENDPOINTS = (
    EXEMPLAR_REPORT_XLSX,
    DISCLOSE, RECORD_OBJECTION, OPEN_SESSION, CAST_BALLOT, CLOSE_SESSION, RECORD_DECISION, GET_DECISION,
    DECISION_XLSX, CANCEL_AWARD, LIST_SESSIONS, GET_SESSION, VOTERS, MINUTES, LIST_DECISIONS, GET_DOCUMENT,
)  # fmt: skip
ENDPOINTS = (
    *DESK_ENDPOINTS,
    AWARD_TYPES, CREATE_NOMINATION, LIST_NOMINATIONS, GET_NOMINATION, SUPPLEMENT, UPLOAD_DOCUMENT,
    PUBLIC_DISCLOSURES, PUBLIC_DECISIONS, PUBLIC_EXEMPLARS,
    PREVIEW, IMPORT_TEMPLATE, IMPORT, PUBLIC_OBJECTION,
)  # fmt: skip


class AwardsClient(ServiceClient):
    """The awards service as the signed-in officer or the public sees it."""

    service = S

    async def award_types(self, token: str, *, on: date) -> list[AwardType]:
        """The titles and forms under the rule set in force on `on`."""
        found: AwardTypes = await self.value(AWARD_TYPES, token, Call(params={"on": on.isoformat()}))
        return found.items

    async def nominations(self, token: str) -> list[Nomination]:
        """The association's nominations (the service scopes an officer to their own)."""
        found: Nominations = await self.value(LIST_NOMINATIONS, token)
        return found.items

    async def nomination(self, token: str, nomination_id: str) -> Nomination:
        """One nomination with its report and holds (another association's is a 404)."""
        found: Nomination = await self.value(
            GET_NOMINATION, token, Call(path_params={"nomination_id": nomination_id})
        )
        return found

    async def nominate(self, token: str, body: NominationIn, *, key: str) -> Nomination:
        """Submit a nomination; a failed criterion is a ServiceError `ineligible` carrying the report."""
        made: Nomination = await self.value(
            CREATE_NOMINATION, token, Call(body=body, headers={"Idempotency-Key": key})
        )
        return made

    async def supplement(self, token: str, nomination_id: str, body: SupplementIn) -> Nomination:
        """Add evidence (a new dossier version, checked again)."""
        call = Call(path_params={"nomination_id": nomination_id}, body=body)
        updated: Nomination = await self.value(SUPPLEMENT, token, call)
        return updated

    async def upload(
        self, token: str, *, association_id: str, filename: str, content: bytes, media_type: str
    ) -> StoredDocument:
        """Store an evidence file; the answer carries its SHA-256 for the dossier item."""
        call = Call(data={"association_id": association_id}, files={"file": (filename, content, media_type)})
        stored: StoredDocument = await self.value(UPLOAD_DOCUMENT, token, call)
        return stored

    async def disclosures(self, *, campaign_id: str | None = None) -> list[Disclosure]:
        """The public disclosure list (no token)."""
        found: Disclosures = await self.value(
            PUBLIC_DISCLOSURES, None, Call(params={"campaign_id": campaign_id})
        )
        return found.items

    async def send_objection(self, body: ObjectionIn) -> ObjectionReceipt:
        """Send the public's objection to a disclosed nomination (no token)."""
        received: ObjectionReceipt = await self.value(PUBLIC_OBJECTION, None, Call(body=body))
        return received

    async def decisions(self, *, year: int | None = None) -> list[PublicDecision]:
        """Published awards (no token); filtering by name and unit is done by the caller, accent-free."""
        found: PublicDecisions = await self.value(PUBLIC_DECISIONS, None, Call(params={"year": year}))
        return found.items

    async def exemplars(self, *, page: int = 1, page_size: int = 20) -> ExemplarPage:
        """Published exemplary models (no token), newest first."""
        found: ExemplarPage = await self.value(
            PUBLIC_EXEMPLARS, None, Call(params={"page": page, "page_size": page_size})
        )
        return found

    async def import_template(self, token: str) -> bytes:
        """The Excel template of a batch of nominations (planned endpoint)."""
        content: bytes = await self.value(IMPORT_TEMPLATE, token)
        return content

    async def import_nominations(
        self, token: str, *, filename: str, content: bytes, dry_run: bool
    ) -> ImportResult:
        """Check (dry run) or create the nominations of a filled template (planned endpoint)."""
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        call = Call(params={"dry_run": str(dry_run).lower()}, files={"file": (filename, content, kind)})
        result: ImportResult = await self.value(IMPORT, token, call)
        return result


class AwardsDesk(ServiceClient):
    """What the secretariat and the council do with the awards service."""

    service = S

    async def nominations(
        self, token: str, *, status: str | None = None, priority: bool = False
    ) -> list[Nomination]:
        """Every nomination (optionally of one status), in the lawful order when `priority`."""
        params = {"status": status, "order": "priority" if priority else None}
        found: Nominations = await self.value(LIST_NOMINATIONS, token, Call(params=params))
        return found.items

    async def nomination(self, token: str, nomination_id: str) -> Nomination:
        """One nomination."""
        found: Nomination = await self.value(
            GET_NOMINATION, token, Call(path_params={"nomination_id": nomination_id})
        )
        return found

    async def disclose(self, token: str, nomination_id: str, body: DisclosureIn) -> Disclosed:
        """Open the disclosure window (working days, holidays skipped)."""
        call = Call(path_params={"nomination_id": nomination_id}, body=body)
        found: Disclosed = await self.value(DISCLOSE, token, call)
        return found

    async def record_objection(self, token: str, nomination_id: str, body: RecordObjectionIn) -> int:
        """Record an objection received during the window; the answer is the count so far."""
        call = Call(path_params={"nomination_id": nomination_id}, body=body)
        found: Objections = await self.value(RECORD_OBJECTION, token, call)
        return found.objections

    async def open_session(self, token: str, body: SessionIn) -> Session:
        """Open a council session with its roster and agenda."""
        made: Session = await self.value(OPEN_SESSION, token, Call(body=body))
        return made

    async def session(self, token: str, session_id: str) -> Session:
        """One session: agenda and roster (planned endpoint)."""
        found: Session = await self.value(GET_SESSION, token, Call(path_params={"session_id": session_id}))
        return found

    async def cast(self, token: str, session_id: str, votes: dict[str, str]) -> int:
        """Cast the member's secret ballot; the answer confirms how many votes were received."""
        call = Call(path_params={"session_id": session_id}, body=BallotIn.model_validate({"votes": votes}))
        receipt: Receipt = await self.value(CAST_BALLOT, token, call)
        return receipt.received

    async def close_session(self, token: str, session_id: str) -> Closed:
        """Close and tally the session."""
        closed: Closed = await self.value(CLOSE_SESSION, token, Call(path_params={"session_id": session_id}))
        return closed

    async def record_decision(self, token: str, body: DecisionIn) -> Decision:
        """Record a decision from nominations that passed."""
        made: Decision = await self.value(RECORD_DECISION, token, Call(body=body))
        return made

    async def decision(self, token: str, decision_id: str) -> Decision:
        """One decision and its awardees."""
        found: Decision = await self.value(
            GET_DECISION, token, Call(path_params={"decision_id": decision_id})
        )
        return found

    async def decision_xlsx(self, token: str, decision_id: str) -> bytes:
        """The decision's list of awardees as a spreadsheet."""
        content: bytes = await self.value(
            DECISION_XLSX, token, Call(path_params={"decision_id": decision_id})
        )
        return content

    async def cancel_award(self, token: str, award_id: str, body: CancellationIn) -> Cancelled:
        """Cancel an award on a lawful ground."""
        done: Cancelled = await self.value(
            CANCEL_AWARD, token, Call(path_params={"award_id": award_id}, body=body)
        )
        return done

    async def exemplar_report_xlsx(self, token: str, campaign_id: str | None) -> bytes:
        """The exemplary-models report as a spreadsheet."""
        content: bytes = await self.value(
            EXEMPLAR_REPORT_XLSX, token, Call(params={"campaign_id": campaign_id})
        )
        return content

    async def document(self, token: str, document_id: str) -> bytes:
        """A stored dossier document (planned endpoint)."""
        content: bytes = await self.value(GET_DOCUMENT, token, Call(path_params={"document_id": document_id}))
        return content
