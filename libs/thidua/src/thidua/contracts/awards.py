"""Events the awards service publishes: nominations, council sessions, awards, exemplary models.

Consumers: notify (notices to nominees, awardees and their associations; the provincial board's webhook),
grievance (what a complaint may be about and when a decision was made), and the provincial board, which
binds its own queue to `award.#`. Public data about a person in these events is limited to name, unit
and award, plus the personal code other services use as a key.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from thidua.contracts.base import EventData

PRODUCER = "awards"

NOMINEE_KINDS = ("individual", "collective", "household")
COMMENDATION_TYPES = ("cong_trang", "dot_xuat", "phong_trao", "chuyen_de", "qua_trinh_cong_hien", "doi_ngoai")
AUTHORITIES = ("union", "province")
HOLD_REASONS = ("grievance", "discipline", "investigation", "press_report")
REJECTION_REASONS = (
    "ineligible",
    "dossier_refused",
    "council_vote_failed",
    "violation_found",
    "withdrawn",
)
CANCELLATION_GROUNDS = (
    "fraudulent_achievements",
    "false_information",
    "unlawful_procedure",
    "violation_found",
)
EXEMPLAR_STAGES = ("discovered", "fostered", "summarized", "replicated")


def _known(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{v}`" for v in values)


class _Part(BaseModel):
    """Base of nested parts of a payload: frozen, tolerant of unknown fields."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class Nominee(_Part):
    """Who is nominated or awarded: public data only (name, unit) plus the keys other services use."""

    kind: str = Field(description=f"Kind of nominee; known values: {_known(NOMINEE_KINDS)}.")
    name: str = Field(description="Full name of the person, or name of the collective or household (NFC).")
    unit: str = Field(description="Unit (đơn vị) the nominee belongs to, as published.")
    personal_code: str | None = Field(default=None, description="Personal code, for an individual.")
    association_id: str | None = Field(
        default=None,
        description="Directory id, for a collective that is an association or collective member.",
    )


class DecisionRef(_Part):
    """A decision document (quyết định): number, date, signer, authority."""

    decision_id: str = Field(description="Opaque id of the decision.")
    number: str = Field(description="Official number, e.g. `125/QĐ-LHH`.")
    signed_on: date = Field(description="Date of signature.")
    signer_name: str = Field(description="Name of the signer.")
    signer_title: str = Field(description="Title of the signer, e.g. Chủ tịch.")
    authority: str = Field(description=f"Conferring authority; known values: {_known(AUTHORITIES)}.")
    received_on: date | None = Field(
        default=None,
        description="Date the decision reached the Union (its receipt); the 10 working days to inform the "
        "awardees count from it (QĐ 311/QĐ-BNV 2025). When absent, the day the event was recorded.",
    )


class _NominationFacts(EventData):
    """What every nomination event says about the nomination."""

    nomination_id: str = Field(description="Opaque id of the nomination.")
    association_id: str = Field(description="Id of the nominating association (scope, recipients).")
    campaign_id: str | None = Field(default=None, description="Id of the campaign, if any.")
    award_type_code: str = Field(description="Code of the title or form proposed (see `GET /award-types`).")
    award_type_name: str = Field(description="Vietnamese name of the title or form.")
    nominee: Nominee = Field(description="The nominee.")
    year: int = Field(description="Year the achievement is counted for.")


class NominationSubmitted(_NominationFacts):
    """An association submitted a nomination. Envelope subject: the nomination id."""

    event_type: ClassVar[str] = "nomination.submitted"
    producer: ClassVar[str] = PRODUCER

    version: int = Field(ge=1, description="Version of the dossier; a supplement is a new version.")
    period: str | None = Field(
        default=None, description="Period label when not a calendar year, e.g. 2025-2026."
    )
    commendation_type: str = Field(
        description=f"Commendation type (loại hình); known values: {_known(COMMENDATION_TYPES)}."
    )
    authority: str = Field(description=f"Who confers it; known values: {_known(AUTHORITIES)}.")
    status: str = Field(
        description="Status after the eligibility check; "
        "known values: `submitted`, `incomplete` (missing evidence), `deferred` (the nominee is on hold)."
    )
    missing_evidence: list[str] = Field(
        default_factory=list, description="Codes of criteria that still lack evidence."
    )
    council_vote_required: bool = Field(description="Whether a council vote is needed for this award type.")


class NominationDisclosed(_NominationFacts):
    """The nomination is on the public disclosure list (công khai). Envelope subject: the nomination id."""

    event_type: ClassVar[str] = "nomination.disclosed"
    producer: ClassVar[str] = PRODUCER

    disclosure_id: str = Field(description="Id of the disclosure batch.")
    window_start: date = Field(description="First day objections are received.")
    window_end: date = Field(description="Last day objections are received.")


class NominationDeferred(_NominationFacts):
    """The nomination is held: kept out of sessions and decisions. Envelope subject: the nomination id."""

    event_type: ClassVar[str] = "nomination.deferred"
    producer: ClassVar[str] = PRODUCER

    hold_id: str = Field(description="Id of the hold; `nomination.resumed` names the same one.")
    reason: str = Field(description=f"Why it is held; known values: {_known(HOLD_REASONS)}.")
    grievance_id: str | None = Field(default=None, description="The grievance being verified, if any.")


class NominationResumed(_NominationFacts):
    """A hold was lifted (no violation found). Envelope subject: the nomination id."""

    event_type: ClassVar[str] = "nomination.resumed"
    producer: ClassVar[str] = PRODUCER

    hold_id: str = Field(description="Id of the hold that was lifted.")
    grievance_id: str | None = Field(default=None, description="The grievance that was resolved, if any.")
    still_held: bool = Field(default=False, description="True when other holds remain on the nomination.")


class CouncilCount(_Part):
    """The council's count on one nomination: counts only, never who voted how."""

    session_id: str = Field(description="Id of the council session.")
    held_on: date = Field(description="Date of the session.")
    yes: int = Field(ge=0, description="Votes in favour.")
    no: int = Field(ge=0, description="Votes against.")
    abstain: int = Field(ge=0, description="Abstentions.")
    base: int = Field(ge=0, description="Number the threshold applies to.")
    required_yes: int = Field(ge=0, description="Smallest number of yes votes that passes.")


class NominationRejected(_NominationFacts):
    """The nomination ends without an award: refused at the eligibility or dossier check, not passed by the
    council, or a violation found. Notify tells the nominee and the association why and how to complain.
    Envelope subject: the nomination id."""

    event_type: ClassVar[str] = "nomination.rejected"
    producer: ClassVar[str] = PRODUCER

    reason: str = Field(description=f"Why; known values: {_known(REJECTION_REASONS)}.")
    failed_criteria: list[str] = Field(default_factory=list, description="Codes of the criteria that failed.")
    grievance_id: str | None = Field(
        default=None, description="The grievance that found a violation, if any."
    )
    explanation: str | None = Field(
        default=None, max_length=2000, description="The written reasons (Vietnamese), when given."
    )
    council: CouncilCount | None = Field(
        default=None, description="The council's count, when the council did not pass it."
    )


class SessionResult(_Part):
    """The tally of one nomination in a council session: counts only, never who voted how."""

    nomination_id: str = Field(description="Id of the nomination voted on.")
    award_type_code: str = Field(description="Code of the proposed title or form.")
    yes: int = Field(ge=0, description="Votes in favour (đồng ý), written votes of absent members included.")
    no: int = Field(ge=0, description="Votes against.")
    abstain: int = Field(ge=0, description="Abstentions.")
    recused: int = Field(default=0, ge=0, description="Members recused for a conflict of interest.")
    base: int = Field(ge=0, description="Number the threshold applies to (all members, or those eligible).")
    threshold: float = Field(ge=0, le=1, description="Share of `base` needed, e.g. 0.8 or 0.9.")
    required_yes: int = Field(ge=0, description="Smallest number of yes votes that passes.")
    passed: bool = Field(description="Whether the nomination passed.")


class CouncilSessionClosed(EventData):
    """A council session (phiên họp Hội đồng TĐKT) was closed and tallied.

    Envelope subject: the session id.
    """

    event_type: ClassVar[str] = "council.session_closed"
    producer: ClassVar[str] = PRODUCER

    session_id: str = Field(description="Opaque id of the session.")
    campaign_id: str | None = Field(default=None, description="Id of the campaign, if any.")
    held_on: date = Field(description="Date of the session.")
    member_count: int = Field(ge=0, description="Total council members.")
    present_count: int = Field(ge=0, description="Members present.")
    quorum_met: bool = Field(description="Whether attendance met the quorum rule.")
    results: list[SessionResult] = Field(default_factory=list, description="One tally per nomination.")
    minutes_document_id: str | None = Field(default=None, description="Id of the minutes (biên bản).")


class AwardDecided(EventData):
    """One awardee of a decision (one event per awardee). Envelope subject: the award id."""

    event_type: ClassVar[str] = "award.decided"
    producer: ClassVar[str] = PRODUCER

    award_id: str = Field(description="Opaque id of this award (one awardee in one decision).")
    decision: DecisionRef = Field(description="The decision that confers it.")
    award_type_code: str = Field(description="Code of the title or form conferred.")
    award_type_name: str = Field(description="Vietnamese name of the title or form.")
    award_kind: str = Field(description="Known values: `title` (danh hiệu), `form` (hình thức khen thưởng).")
    awardee: Nominee = Field(description="The awardee.")
    association_id: str = Field(description="Id of the association that nominated (receives the notice).")
    nomination_id: str | None = Field(
        default=None, description="Id of the nomination; null for imported history."
    )
    campaign_id: str | None = Field(default=None, description="Id of the campaign, if any.")
    year: int = Field(description="Year the achievement is counted for.")
    period: str | None = Field(default=None, description="Period label when not a calendar year.")
    commendation_type: str = Field(
        description=f"Commendation type; known values: {_known(COMMENDATION_TYPES)}."
    )
    money_amount_vnd: int | None = Field(default=None, ge=0, description="Bonus money in VND, if any.")
    posthumous: bool = Field(default=False, description="True for a posthumous award (truy tặng).")


class DossierItem(_Part):
    """One document of a nomination dossier (hồ sơ)."""

    kind: str = Field(
        description="Known values: `to_trinh`, `bao_cao_thanh_tich`, `bien_ban_binh_xet`, "
        "`ket_qua_bo_phieu`, `xac_nhan_sang_kien`, `other`."
    )
    document_id: str = Field(description="Opaque id of the stored file.")
    filename: str = Field(description="Original file name.")
    sha256: str = Field(description="SHA-256 of the content, lowercase hex.")


class AwardForwarded(_NominationFacts):
    """A nomination beyond the Union's authority was forwarded to the provincial board.

    Envelope subject: the nomination id. The province's decision comes back as `award.decided`.
    """

    event_type: ClassVar[str] = "award.forwarded"
    producer: ClassVar[str] = PRODUCER

    forwarding_id: str = Field(description="Opaque id of this forwarding.")
    submission_number: str = Field(description="Number of the submission letter (tờ trình).")
    submitted_on: date = Field(description="Date of the submission letter.")
    period: str | None = Field(default=None, description="Period label when not a calendar year.")
    commendation_type: str = Field(
        description=f"Commendation type; known values: {_known(COMMENDATION_TYPES)}."
    )
    council_session_id: str | None = Field(default=None, description="Session that voted on it, if any.")
    votes_yes: int | None = Field(default=None, ge=0, description="Yes votes in that session.")
    council_member_count: int | None = Field(
        default=None, ge=0, description="Council members in that session."
    )
    achievement_summary: str = Field(description="Short summary of the achievement, Vietnamese.")
    dossier: list[DossierItem] = Field(default_factory=list, description="Documents of the dossier.")


class AwardCancelled(EventData):
    """An award decision was cancelled (hủy bỏ, L22 Điều 93). Envelope subject: the award id."""

    event_type: ClassVar[str] = "award.cancelled"
    producer: ClassVar[str] = PRODUCER

    award_id: str = Field(description="Id of the cancelled award.")
    original_decision_id: str = Field(description="Id of the decision that conferred it.")
    cancellation: DecisionRef = Field(
        description="The decision that cancels it, by the conferring authority."
    )
    award_type_code: str = Field(description="Code of the title or form.")
    awardee: Nominee = Field(description="The awardee.")
    association_id: str = Field(description="Id of the association that nominated.")
    ground: str = Field(
        description=f"Lawful ground (Điều 93 k2 a-d); known values: {_known(CANCELLATION_GROUNDS)}."
    )
    grievance_id: str | None = Field(default=None, description="The grievance that led to it, if any.")
    recovery_required: bool = Field(
        default=True, description="Whether insignia and money are to be recovered."
    )
    money_to_recover_vnd: int | None = Field(
        default=None, ge=0, description="Money to recover in VND, if any."
    )


class ExemplarPublished(EventData):
    """An exemplary model's story (điển hình tiên tiến) was published. Envelope subject: the exemplar id."""

    event_type: ClassVar[str] = "exemplar.published"
    producer: ClassVar[str] = PRODUCER

    exemplar_id: str = Field(description="Opaque id of the exemplar.")
    association_id: str = Field(description="Id of the association it belongs to (receives the notice).")
    campaign_id: str | None = Field(default=None, description="Id of the campaign, if any.")
    exemplar: Nominee = Field(
        description="The collective or individual: name, unit (no other personal data)."
    )
    field_of_work: str = Field(description="Field (lĩnh vực) of the practice.")
    stage: str = Field(description=f"Stage reached; known values: {_known(EXEMPLAR_STAGES)}.")
    title: str = Field(description="Headline of the story, Vietnamese.")
    summary: str = Field(description="Summary of the practice (cách làm hay, sáng tạo), Vietnamese.")
    public_url: str | None = Field(default=None, description="Where the story is published, if known.")


EVENTS: tuple[type[EventData], ...] = (
    NominationSubmitted,
    NominationDisclosed,
    NominationDeferred,
    NominationResumed,
    NominationRejected,
    CouncilSessionClosed,
    AwardDecided,
    AwardForwarded,
    AwardCancelled,
    ExemplarPublished,
)
