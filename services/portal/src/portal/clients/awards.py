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


AWARD_TYPES = Endpoint(S, "GET", "/award-types", query=("on",), response=AwardTypes)
CREATE_NOMINATION = Endpoint(S, "POST", "/nominations", body=NominationIn, response=Nomination)
LIST_NOMINATIONS = Endpoint(S, "GET", "/nominations", query=("status",), response=Nominations)
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
ENDPOINTS = (
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
