"""Events the registration service publishes: campaigns, the member-association directory, registrations.

Consumers: awards (registration facts for the eligibility engine, campaigns for "registration required"),
notify (the directory read model of association contacts and officers; notices to associations).
Categorical values are plain strings so that old consumers tolerate new values; the known values are
listed in each field's description and in the `*_VALUES` tuples below.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from thidua.contracts.base import EventData

PRODUCER = "registration"

CAMPAIGN_KINDS = ("annual", "special", "thematic")
ASSOCIATION_KINDS = ("member_association", "collective_member")
TASK_RATINGS = ("hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh")
DISCIPLINE_LEVELS = ("none", "khien_trach", "canh_cao", "ha_bac_luong", "cach_chuc", "buoc_thoi_viec")
VERIFICATION_OUTCOMES = ("confirmed", "adjusted")


def _known(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{v}`" for v in values)


class _Part(BaseModel):
    """Base of nested parts of a payload: frozen, tolerant of unknown fields."""

    model_config = ConfigDict(frozen=True, extra="ignore")


# --- campaigns --------------------------------------------------------------------------------------


class CampaignLaunched(EventData):
    """A campaign (phong trào thi đua) was launched (phát động). Envelope subject: the campaign id."""

    event_type: ClassVar[str] = "campaign.launched"
    producer: ClassVar[str] = PRODUCER

    campaign_id: str = Field(description="Opaque id of the campaign.")
    code: str = Field(description="Short code of the campaign, unique, e.g. `TD-2026`.")
    name: str = Field(description="Vietnamese name of the campaign (NFC).")
    year: int = Field(description="Year the campaign belongs to.")
    kind: str = Field(
        description=f"Kind of campaign; known values: {_known(CAMPAIGN_KINDS)} "
        "(annual / đặc biệt around an anniversary or congress / chuyên đề)."
    )
    period_start: date = Field(description="First day of the emulation period.")
    period_end: date = Field(description="Last day of the emulation period.")
    registration_deadline: date | None = Field(
        default=None, description="Last day to register (đăng ký thi đua); null when there is none."
    )
    registration_required: bool = Field(
        description="Whether this campaign's titles require a registration (a campaign setting, not law)."
    )
    award_type_codes: list[str] = Field(
        default_factory=list, description="Codes of the titles and forms of commendation on offer."
    )
    targets: list[str] = Field(default_factory=list, description="Targets set by the campaign, as text.")
    directive_documents: list[str] = Field(
        default_factory=list, description="Number and title of each directive document, as text."
    )


# --- member-association directory ------------------------------------------------------------------


class Officer(_Part):
    """An officer of an association who receives its notices."""

    user_id: str | None = Field(
        default=None, description="Token subject (`sub`) of the officer, for the in-app inbox; null if none."
    )
    full_name: str = Field(description="Full name of the officer (NFC).")
    position: str | None = Field(
        default=None, description="Position in the association, e.g. chánh văn phòng."
    )
    email: str | None = Field(default=None, description="E-mail address for notices.")
    phone: str | None = Field(default=None, description="Phone number, as written.")


class _AssociationSnapshot(EventData):
    """The whole directory entry of an association, so a read model can simply replace its copy."""

    association_id: str = Field(description="Opaque id; association officers' tokens carry it.")
    code: str = Field(description="Short code of the association, unique.")
    name: str = Field(description="Vietnamese name of the association (NFC).")
    kind: str = Field(
        description=f"Kind of directory entry; known values: {_known(ASSOCIATION_KINDS)} "
        "(hội thành viên / tập thể thành viên)."
    )
    parent_id: str | None = Field(default=None, description="Id of the parent association, if any.")
    contact_emails: list[str] = Field(default_factory=list, description="General contact e-mail addresses.")
    officers: list[Officer] = Field(default_factory=list, description="Officers who receive notices.")
    active: bool = Field(default=True, description="False once the association left the network.")
    version: int = Field(
        ge=1, description="Version of the entry; a read model keeps the highest it has seen."
    )


class AssociationRegistered(_AssociationSnapshot):
    """An association was added to the directory. Envelope subject: the association id."""

    event_type: ClassVar[str] = "association.registered"
    producer: ClassVar[str] = PRODUCER


class AssociationUpdated(_AssociationSnapshot):
    """A directory entry changed (contacts, officers, active flag...).

    Envelope subject: the association id.
    """

    event_type: ClassVar[str] = "association.updated"
    producer: ClassVar[str] = PRODUCER


# --- registrations ---------------------------------------------------------------------------------


class DocumentRef(_Part):
    """A stored document (e.g. the plan), identified by id and content hash."""

    document_id: str = Field(description="Opaque id of the stored file.")
    filename: str = Field(description="Original file name.")
    media_type: str = Field(description="MIME type, e.g. `application/pdf`.")
    size_bytes: int = Field(ge=0, description="Size in bytes.")
    sha256: str = Field(description="SHA-256 of the content, lowercase hex.")


class RegisteredCollective(_Part):
    """The registering collective and what it aims for."""

    name: str = Field(description="Name of the collective (NFC).")
    award_type_codes: list[str] = Field(default_factory=list, description="Codes of the titles it aims for.")


class RegisteredPerson(_Part):
    """An individual in a registration and the titles they aim for."""

    personal_code: str = Field(description="Stable personal code of the member, the key awards history uses.")
    full_name: str = Field(description="Full name (NFC).")
    position: str | None = Field(default=None, description="Position or job title.")
    award_type_codes: list[str] = Field(default_factory=list, description="Codes of the titles aimed for.")
    email: str | None = Field(
        default=None,
        description="The member's own e-mail address for personal notices (personal data: for notify only).",
    )


class _RegistrationSnapshot(EventData):
    """The registration as it stands after the change."""

    registration_id: str = Field(description="Opaque id of the registration.")
    campaign_id: str = Field(description="Id of the campaign registered for.")
    association_id: str = Field(description="Id of the registering association.")
    year: int = Field(description="Year of the campaign.")
    version: int = Field(ge=1, description="Version of the registration; 1 when first submitted.")
    collective: RegisteredCollective = Field(description="The collective and the titles it aims for.")
    individuals: list[RegisteredPerson] = Field(default_factory=list, description="Registered individuals.")
    targets: list[str] = Field(default_factory=list, description="Targets the association sets itself.")
    pledges: list[str] = Field(default_factory=list, description="Pledges (giao ước thi đua), as text.")
    plan_document: DocumentRef | None = Field(default=None, description="The uploaded plan, if any.")
    late: bool = Field(
        default=False, description="True when made in a late window granted after the deadline."
    )
    actor_id: str | None = Field(
        default=None, description="Token subject of the officer who made the change."
    )


class RegistrationSubmitted(_RegistrationSnapshot):
    """An association registered for a campaign (đăng ký thi đua). Envelope subject: the registration id."""

    event_type: ClassVar[str] = "registration.submitted"
    producer: ClassVar[str] = PRODUCER


class RegistrationAmended(_RegistrationSnapshot):
    """A registration was amended before the deadline. Envelope subject: the registration id."""

    event_type: ClassVar[str] = "registration.amended"
    producer: ClassVar[str] = PRODUCER

    changed_fields: list[str] = Field(
        default_factory=list, description="Names of the top-level fields that changed in this version."
    )


class RegistrationWithdrawn(EventData):
    """A registration was withdrawn before the deadline. Envelope subject: the registration id."""

    event_type: ClassVar[str] = "registration.withdrawn"
    producer: ClassVar[str] = PRODUCER

    registration_id: str = Field(description="Opaque id of the registration.")
    campaign_id: str = Field(description="Id of the campaign.")
    association_id: str = Field(description="Id of the association.")
    version: int = Field(ge=1, description="Version of the registration that was withdrawn.")
    reason: str | None = Field(default=None, description="Reason given, free text.")
    actor_id: str | None = Field(default=None, description="Token subject of the officer who withdrew it.")


# --- year-end verification (phúc tra) ---------------------------------------------------------------


class Initiative(_Part):
    """An initiative (sáng kiến) recognized by a competent level."""

    title: str = Field(description="Title of the initiative.")
    recognized_by: str | None = Field(default=None, description="Body that recognized it.")
    recognized_on: date | None = Field(default=None, description="Date of recognition.")
    scope: str = Field(
        default="base",
        description="Scope of recognized effect; known values: `base` (cơ sở), `provincial`, `national`.",
    )
    document_ref: str | None = Field(default=None, description="Number of the recognition document.")


class ScientificWork(_Part):
    """A scientific topic, scheme or work that was accepted (đã nghiệm thu)."""

    title: str = Field(description="Title of the topic, scheme or work.")
    level: str | None = Field(
        default=None, description="Level that accepted it; known values: `base`, `provincial`, `national`."
    )
    accepted_on: date | None = Field(default=None, description="Date of acceptance (nghiệm thu).")
    document_ref: str | None = Field(default=None, description="Number of the acceptance document.")


class VerifiedPerson(_Part):
    """Verified year-end facts about one individual."""

    personal_code: str = Field(description="Stable personal code of the member.")
    full_name: str = Field(description="Full name (NFC).")
    position: str | None = Field(default=None, description="Position or job title.")
    task_rating: str = Field(
        description="Task-completion rating (mức độ hoàn thành nhiệm vụ); "
        f"known values: {_known(TASK_RATINGS)}."
    )
    initiatives: list[Initiative] = Field(default_factory=list, description="Recognized initiatives.")
    scientific_works: list[ScientificWork] = Field(default_factory=list, description="Accepted works.")
    discipline: str = Field(
        default="none",
        description=f"Highest discipline in the period (kỷ luật); known values: {_known(DISCIPLINE_LEVELS)}.",
    )
    discipline_ends_on: date | None = Field(
        default=None, description="Last day of the discipline period; achievements count only after it."
    )
    female: bool | None = Field(
        default=None, description="True for a woman (tie-break rule); null if unknown."
    )


class VerifiedCollective(_Part):
    """Verified year-end facts about the collective."""

    name: str = Field(description="Name of the collective (NFC).")
    task_rating: str = Field(description=f"Task-completion rating; known values: {_known(TASK_RATINGS)}.")
    member_count: int = Field(ge=0, description="Number of members of the collective.")
    members_completed_count: int = Field(ge=0, description="Members rated `hoan_thanh` or better.")
    members_disciplined_count: int = Field(
        default=0, ge=0, description="Members disciplined at warning (cảnh cáo) or above in the period."
    )
    female_member_count: int | None = Field(default=None, ge=0, description="Number of women, if known.")


class RegistrationVerified(EventData):
    """The secretariat verified the year-end self-assessment (phúc tra).

    Envelope subject: the registration id.

    Carries the verified facts the awards eligibility engine needs.

    """

    event_type: ClassVar[str] = "registration.verified"
    producer: ClassVar[str] = PRODUCER

    registration_id: str = Field(description="Opaque id of the registration.")
    campaign_id: str = Field(description="Id of the campaign.")
    association_id: str = Field(description="Id of the association.")
    year: int = Field(description="Year the facts are about.")
    outcome: str = Field(description=f"Verification outcome; known values: {_known(VERIFICATION_OUTCOMES)}.")
    adjustment_reason: str | None = Field(default=None, description="Why the self-assessment was adjusted.")
    verified_on: date = Field(description="Date of the verification.")
    verified_by: str | None = Field(default=None, description="Token subject of the secretariat officer.")
    collective: VerifiedCollective = Field(description="Facts about the collective.")
    individuals: list[VerifiedPerson] = Field(default_factory=list, description="Facts per individual.")


class YearEndResultsVerified(EventData):
    """The secretariat checked year-end results an association recorded for its members, whether or not
    they registered for a campaign (registration is optional, L22 Điều 7). Envelope subject: the results id.

    Carries the same verified facts per person as `registration.verified`, for the awards eligibility engine.
    """

    event_type: ClassVar[str] = "year_end_results.verified"
    producer: ClassVar[str] = PRODUCER

    results_id: str = Field(description="Opaque id of the recorded year-end results.")
    association_id: str = Field(description="Id of the association the people are members of.")
    year: int = Field(description="Year the facts are about.")
    outcome: str = Field(description=f"Verification outcome; known values: {_known(VERIFICATION_OUTCOMES)}.")
    adjustment_reason: str | None = Field(default=None, description="Why the recorded results were adjusted.")
    verified_on: date = Field(description="Date of the check, in the service's time zone.")
    verified_by: str | None = Field(default=None, description="Token subject of the secretariat officer.")
    individuals: list[VerifiedPerson] = Field(default_factory=list, description="Facts per individual.")


EVENTS: tuple[type[EventData], ...] = (
    CampaignLaunched,
    AssociationRegistered,
    AssociationUpdated,
    RegistrationSubmitted,
    RegistrationAmended,
    RegistrationWithdrawn,
    RegistrationVerified,
    YearEndResultsVerified,
)
