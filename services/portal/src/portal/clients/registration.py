"""Typed client of the registration service: campaigns, the association's own entry, registrations."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from portal.clients.base import Body, Call, Endpoint, Model, ServiceClient

S = "registration"


class Campaign(Model):
    id: str
    code: str
    name: str
    year: int
    kind: str
    period_start: date
    period_end: date
    registration_deadline: date | None = None
    registration_required: bool = False
    award_type_codes: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    launched: bool = True


class CampaignPage(Model):
    items: list[Campaign]
    total: int


class Officer(Model):
    full_name: str
    user_id: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None


class Association(Model):
    id: str
    code: str
    name: str
    kind: str
    active: bool = True
    parent_id: str | None = None
    contact_emails: list[str] = Field(default_factory=list)
    officers: list[Officer] = Field(default_factory=list)
    version: int = 1


class AssociationPage(Model):
    items: list[Association]
    total: int


class Person(Model):
    personal_code: str
    full_name: str
    position: str | None = None
    award_type_codes: list[str] = Field(default_factory=list)
    email: str | None = None


class Plan(Model):
    collective_name: str
    collective_award_codes: list[str] = Field(default_factory=list)
    individuals: list[Person] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    pledges: list[str] = Field(default_factory=list)


class DocumentRef(Model):
    document_id: str
    filename: str
    media_type: str
    size_bytes: int
    sha256: str


class CollectiveAssessment(Model):
    task_rating: str
    member_count: int
    members_completed_count: int
    members_disciplined_count: int = 0
    female_member_count: int | None = None


class PersonAssessment(Model):
    personal_code: str
    task_rating: str
    discipline: str = "none"
    female: bool | None = None


class SelfAssessment(Model):
    collective: CollectiveAssessment
    individuals: list[PersonAssessment] = Field(default_factory=list)


class Verification(Model):
    outcome: str
    verified_on: date
    verified_by: str = ""
    reason: str | None = None
    adjusted: SelfAssessment | None = None


class Registration(Model):
    id: str
    campaign_id: str
    association_id: str
    year: int
    plan: Plan
    status: str = "submitted"
    version: int = 1
    late: bool = False
    plan_document: DocumentRef | None = None
    self_assessment: SelfAssessment | None = None
    verification: Verification | None = None


class RegistrationPage(Model):
    items: list[Registration]
    total: int


class PersonIn(Body):
    personal_code: str
    full_name: str
    position: str | None = None
    award_type_codes: list[str] = Field(default_factory=list)
    email: str | None = None


class PlanIn(Body):
    collective_name: str
    collective_award_codes: list[str] = Field(default_factory=list)
    individuals: list[PersonIn] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    pledges: list[str] = Field(default_factory=list)


class WithdrawalIn(Body):
    reason: str | None = None


class CollectiveAssessmentIn(Body):
    task_rating: str
    member_count: int
    members_completed_count: int
    members_disciplined_count: int = 0
    female_member_count: int | None = None


class InitiativeIn(Body):
    title: str
    scope: str = "base"


class PersonAssessmentIn(Body):
    personal_code: str
    task_rating: str
    initiatives: list[InitiativeIn] = Field(default_factory=list)
    discipline: str = "none"
    female: bool | None = None


class SelfAssessmentIn(Body):
    collective: CollectiveAssessmentIn
    individuals: list[PersonAssessmentIn] = Field(default_factory=list)


class CampaignIn(Body):
    code: str
    name: str
    year: int
    kind: str
    period_start: date
    period_end: date
    registration_deadline: date | None = None
    registration_required: bool = False
    award_type_codes: list[str] = Field(default_factory=list)
    targets: list[str] = Field(default_factory=list)
    launched: bool = False


class OfficerIn(Body):
    full_name: str
    position: str | None = None
    email: str | None = None
    phone: str | None = None


class AssociationIn(Body):
    code: str
    name: str
    kind: str
    parent_id: str | None = None
    contact_emails: list[str] = Field(default_factory=list)
    officers: list[OfficerIn] = Field(default_factory=list)
    active: bool = True


class VerificationIn(Body):
    outcome: str
    reason: str | None = None
    adjusted: SelfAssessmentIn | None = None


class Summary(Model):
    campaign_id: str
    associations_active: int
    registered: list[str] = Field(default_factory=list)
    not_registered: list[tuple[str, str]] = Field(default_factory=list)


LIST_CAMPAIGNS = Endpoint(S, "GET", "/campaigns", query=("year", "limit", "offset"), response=CampaignPage)
GET_CAMPAIGN = Endpoint(S, "GET", "/campaigns/{campaign_id}", response=Campaign)
GET_ASSOCIATION = Endpoint(S, "GET", "/associations/{association_id}", response=Association)
REGISTER = Endpoint(S, "POST", "/campaigns/{campaign_id}/registrations", body=PlanIn, response=Registration)
LIST_REGISTRATIONS = Endpoint(
    S,
    "GET",
    "/registrations",
    query=("campaign_id", "association_id", "status", "limit", "offset"),
    response=RegistrationPage,
)
GET_REGISTRATION = Endpoint(S, "GET", "/registrations/{registration_id}", response=Registration)
AMEND = Endpoint(S, "PATCH", "/registrations/{registration_id}", body=PlanIn, response=Registration)
WITHDRAW = Endpoint(
    S, "POST", "/registrations/{registration_id}/withdrawal", body=WithdrawalIn, response=Registration
)
SELF_ASSESS = Endpoint(
    S,
    "POST",
    "/registrations/{registration_id}/self-assessment",
    body=SelfAssessmentIn,
    response=Registration,
)
UPLOAD_PLAN = Endpoint(
    S, "POST", "/registrations/{registration_id}/plan-document", form=("file",), response=Registration
)
GET_PLAN = Endpoint(S, "GET", "/registrations/{registration_id}/plan-document", response=bytes)
# Planned: registering again after a withdrawal (today a withdrawn registration blocks a new one).
REREGISTER = Endpoint(
    S,
    "POST",
    "/registrations/{registration_id}/resubmission",
    body=PlanIn,
    response=Registration,
    planned=True,
)
CREATE_CAMPAIGN = Endpoint(S, "POST", "/campaigns", body=CampaignIn, response=Campaign)
LAUNCH = Endpoint(S, "POST", "/campaigns/{campaign_id}/launch", response=Campaign)
SUMMARY = Endpoint(S, "GET", "/campaigns/{campaign_id}/summary", response=Summary)
CREATE_ASSOCIATION = Endpoint(S, "POST", "/associations", body=AssociationIn, response=Association)
LIST_ASSOCIATIONS = Endpoint(
    S, "GET", "/associations", query=("q", "limit", "offset"), response=AssociationPage
)
PUT_ASSOCIATION = Endpoint(
    S, "PUT", "/associations/{association_id}", body=AssociationIn, response=Association
)
VERIFY = Endpoint(
    S, "POST", "/registrations/{registration_id}/verification", body=VerificationIn, response=Registration
)
REGISTRATIONS_XLSX = Endpoint(S, "GET", "/campaigns/{campaign_id}/registrations.xlsx", response=bytes)
# Planned (README "Chờ API"): editing a campaign, reminding the associations not registered.
EDIT_CAMPAIGN = Endpoint(
    S, "PUT", "/campaigns/{campaign_id}", body=CampaignIn, response=Campaign, planned=True
)
REMIND = Endpoint(S, "POST", "/campaigns/{campaign_id}/reminders", planned=True)
SECRETARIAT_ENDPOINTS = (
    CREATE_CAMPAIGN, LAUNCH, SUMMARY, CREATE_ASSOCIATION, LIST_ASSOCIATIONS, PUT_ASSOCIATION, VERIFY,
    REGISTRATIONS_XLSX, EDIT_CAMPAIGN, REMIND,
)  # fmt: skip
ENDPOINTS = (
    *SECRETARIAT_ENDPOINTS,
    LIST_CAMPAIGNS, GET_CAMPAIGN, GET_ASSOCIATION, REGISTER, LIST_REGISTRATIONS, GET_REGISTRATION, AMEND,
    WITHDRAW, SELF_ASSESS, UPLOAD_PLAN, GET_PLAN, REREGISTER,
)  # fmt: skip


def _etag(version: int) -> dict[str, str]:
    return {"If-Match": f'"{version}"'}


class RegistrationClient(ServiceClient):
    """The registration service as the signed-in officer sees it."""

    service = S

    async def campaigns(self, token: str, *, year: int | None = None) -> list[Campaign]:
        """Launched campaigns, newest year first (one page of 200)."""
        page: CampaignPage = await self.value(
            LIST_CAMPAIGNS, token, Call(params={"year": year, "limit": 200})
        )
        return [c for c in page.items if c.launched]

    async def campaign(self, token: str, campaign_id: str) -> Campaign:
        """One campaign."""
        found: Campaign = await self.value(
            GET_CAMPAIGN, token, Call(path_params={"campaign_id": campaign_id})
        )
        return found

    async def association(self, token: str, association_id: str) -> Association:
        """The directory entry of the officer's own association."""
        call = Call(path_params={"association_id": association_id})
        found: Association = await self.value(GET_ASSOCIATION, token, call)
        return found

    async def registrations(self, token: str, *, campaign_id: str | None = None) -> list[Registration]:
        """The association's registrations (the service scopes an officer to their own)."""
        call = Call(params={"campaign_id": campaign_id, "limit": 200})
        page: RegistrationPage = await self.value(LIST_REGISTRATIONS, token, call)
        return page.items

    async def registration(self, token: str, registration_id: str) -> Registration:
        """One registration."""
        call = Call(path_params={"registration_id": registration_id})
        found: Registration = await self.value(GET_REGISTRATION, token, call)
        return found

    async def register(self, token: str, campaign_id: str, plan: PlanIn, *, key: str) -> Registration:
        """Register the officer's association; `key` makes a resubmitted form create nothing twice."""
        call = Call(path_params={"campaign_id": campaign_id}, body=plan, headers={"Idempotency-Key": key})
        made: Registration = await self.value(REGISTER, token, call)
        return made

    async def amend(self, token: str, registration_id: str, plan: PlanIn, *, version: int) -> Registration:
        """Replace the plan of the version the officer edited (412 when it changed meanwhile)."""
        call = Call(path_params={"registration_id": registration_id}, body=plan, headers=_etag(version))
        amended: Registration = await self.value(AMEND, token, call)
        return amended

    async def withdraw(
        self, token: str, registration_id: str, *, reason: str | None, version: int
    ) -> Registration:
        """Withdraw before the deadline."""
        call = Call(
            path_params={"registration_id": registration_id},
            body=WithdrawalIn(reason=reason),
            headers=_etag(version),
        )
        withdrawn: Registration = await self.value(WITHDRAW, token, call)
        return withdrawn

    async def self_assess(
        self, token: str, registration_id: str, assessment: SelfAssessmentIn, *, version: int
    ) -> Registration:
        """Record the year-end self-assessment."""
        call = Call(path_params={"registration_id": registration_id}, body=assessment, headers=_etag(version))
        assessed: Registration = await self.value(SELF_ASSESS, token, call)
        return assessed

    async def upload_plan(
        self, token: str, registration_id: str, *, filename: str, content: bytes, media_type: str
    ) -> Registration:
        """Upload the plan document (PDF, DOCX or ODT)."""
        call = Call(
            path_params={"registration_id": registration_id}, files={"file": (filename, content, media_type)}
        )
        updated: Registration = await self.value(UPLOAD_PLAN, token, call)
        return updated


class SecretariatRegistrations(ServiceClient):
    """What the secretariat does with the registration service: campaigns, the directory, verification."""

    service = S

    async def all_campaigns(self, token: str) -> list[Campaign]:
        """Every campaign, launched or not (one page of 200)."""
        page: CampaignPage = await self.value(LIST_CAMPAIGNS, token, Call(params={"limit": 200}))
        return page.items

    async def create_campaign(self, token: str, body: CampaignIn) -> Campaign:
        """A new campaign (a draft unless `launched`)."""
        made: Campaign = await self.value(CREATE_CAMPAIGN, token, Call(body=body))
        return made

    async def launch(self, token: str, campaign_id: str) -> Campaign:
        """Open the campaign for registration."""
        launched: Campaign = await self.value(LAUNCH, token, Call(path_params={"campaign_id": campaign_id}))
        return launched

    async def summary(self, token: str, campaign_id: str) -> Summary:
        """Who has registered and who has not."""
        found: Summary = await self.value(SUMMARY, token, Call(path_params={"campaign_id": campaign_id}))
        return found

    async def registrations_xlsx(self, token: str, campaign_id: str) -> bytes:
        """The campaign's registrations as a spreadsheet."""
        content: bytes = await self.value(
            REGISTRATIONS_XLSX, token, Call(path_params={"campaign_id": campaign_id})
        )
        return content

    async def registrations(
        self, token: str, *, campaign_id: str | None = None, status: str | None = None
    ) -> list[Registration]:
        """Registrations of every association (one page of 200)."""
        call = Call(params={"campaign_id": campaign_id, "status": status, "limit": 200})
        page: RegistrationPage = await self.value(LIST_REGISTRATIONS, token, call)
        return page.items

    async def associations(self, token: str, *, q: str | None = None) -> list[Association]:
        """The directory (one page of 200), matched without diacritics on `q`."""
        page: AssociationPage = await self.value(
            LIST_ASSOCIATIONS, token, Call(params={"q": q, "limit": 200})
        )
        return page.items

    async def create_association(self, token: str, body: AssociationIn) -> Association:
        """Add an association or collective member."""
        made: Association = await self.value(CREATE_ASSOCIATION, token, Call(body=body))
        return made

    async def update_association(
        self, token: str, association_id: str, body: AssociationIn, *, version: int
    ) -> Association:
        """Replace an entry's details (412 when it changed meanwhile)."""
        call = Call(path_params={"association_id": association_id}, body=body, headers=_etag(version))
        updated: Association = await self.value(PUT_ASSOCIATION, token, call)
        return updated

    async def verify(
        self, token: str, registration_id: str, body: VerificationIn, *, version: int
    ) -> Registration:
        """Confirm or adjust the self-assessment."""
        call = Call(path_params={"registration_id": registration_id}, body=body, headers=_etag(version))
        verified: Registration = await self.value(VERIFY, token, call)
        return verified

    async def plan_document(self, token: str, registration_id: str) -> bytes:
        """The registration's plan document."""
        content: bytes = await self.value(
            GET_PLAN, token, Call(path_params={"registration_id": registration_id})
        )
        return content
