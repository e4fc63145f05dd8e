"""Request bodies of the registration API (responses are the domain objects themselves)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Texts = Annotated[list[Text], Field(max_length=200)]
Codes = Annotated[list[Code], Field(max_length=50)]
MAX_COUNT = 10_000_000  # a bound below MongoDB's int64: larger numbers were a 500 when stored


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CampaignIn(_In):
    """A new campaign; without a deadline, an annual campaign gets the configured default."""

    code: Code
    name: Text
    year: int = Field(ge=2000, le=2100)
    kind: Code = Field(description="annual, special (đặc biệt) or thematic (chuyên đề)")
    period_start: date
    period_end: date
    registration_deadline: date | None = None
    registration_required: bool = False
    award_type_codes: Codes = []
    targets: Texts = []
    directive_documents: Texts = []
    launched: bool = Field(default=True, description="Launch at once (publishes campaign.launched).")


class OfficerIn(_In):
    """An officer of an association."""

    full_name: Text
    user_id: Code | None = None
    position: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class AssociationIn(_In):
    """A new directory entry."""

    code: Code
    name: Text
    kind: Code = Field(description="member_association or collective_member")
    parent_id: Code | None = None
    contact_emails: Annotated[list[Text], Field(max_length=20)] = []
    officers: Annotated[list[OfficerIn], Field(max_length=50)] = []
    active: bool = True


class PersonIn(_In):
    """An individual in a registration."""

    personal_code: Code
    full_name: Text
    position: Text | None = None
    award_type_codes: Codes = []
    email: Text | None = Field(default=None, description="The member's own e-mail, for personal notices.")


class PlanIn(_In):
    """What an association registers."""

    collective_name: Text
    collective_award_codes: Codes = []
    individuals: Annotated[list[PersonIn], Field(max_length=500)] = []
    targets: Texts = []
    pledges: Texts = []


class RegistrationIn(PlanIn):
    """A registration; an officer's defaults to their own association."""

    association_id: Code | None = None


class LateWindowIn(_In):
    """A late window for one association."""

    association_id: Code
    until: date


class WithdrawalIn(_In):
    """Why the registration is withdrawn."""

    reason: Text | None = None


class InitiativeIn(_In):
    """A recognized initiative."""

    title: Text
    recognized_by: Text | None = None
    recognized_on: date | None = None
    scope: Code = "base"
    document_ref: Text | None = None


class WorkIn(_In):
    """An accepted scientific work."""

    title: Text
    level: Code | None = None
    accepted_on: date | None = None
    document_ref: Text | None = None


class CollectiveAssessmentIn(_In):
    """The collective's year-end facts."""

    task_rating: Code
    member_count: int = Field(ge=0, le=MAX_COUNT)
    members_completed_count: int = Field(ge=0, le=MAX_COUNT)
    members_disciplined_count: int = Field(default=0, ge=0, le=MAX_COUNT)
    female_member_count: int | None = Field(default=None, ge=0, le=MAX_COUNT)
    initiatives: Annotated[list[InitiativeIn], Field(max_length=200)] = []
    scientific_works: Annotated[list[WorkIn], Field(max_length=200)] = []


class PersonAssessmentIn(_In):
    """One individual's year-end facts."""

    personal_code: Code
    task_rating: Code
    initiatives: Annotated[list[InitiativeIn], Field(max_length=200)] = []
    scientific_works: Annotated[list[WorkIn], Field(max_length=200)] = []
    discipline: Code = "none"
    discipline_ends_on: date | None = None
    female: bool | None = None


class SelfAssessmentIn(_In):
    """The year-end self-assessment."""

    collective: CollectiveAssessmentIn
    individuals: Annotated[list[PersonAssessmentIn], Field(max_length=500)] = []


class VerificationIn(_In):
    """The secretariat's verification: confirmed, or adjusted with the facts and a reason."""

    outcome: Code = Field(description="confirmed or adjusted")
    reason: Text | None = None
    adjusted: SelfAssessmentIn | None = None


class YearEndPersonIn(PersonAssessmentIn):
    """One member's year-end results (no registration needed)."""

    full_name: Text
    position: Text | None = None


class YearEndResultsIn(_In):
    """Year-end results of one or many members of the association, for one year."""

    year: int = Field(ge=2000, le=2100)
    individuals: Annotated[list[YearEndPersonIn], Field(min_length=1, max_length=500)]


class YearEndVerificationIn(_In):
    """The secretariat's check: confirmed, or adjusted with the facts and a reason."""

    outcome: Code = Field(description="confirmed or adjusted")
    reason: Text | None = None
    adjusted: Annotated[list[YearEndPersonIn], Field(max_length=500)] | None = None
