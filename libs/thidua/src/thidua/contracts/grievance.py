"""Events the grievance service publishes: complaints (khiếu nại) and denunciations (tố cáo).

Consumers: awards (defers a nomination on `grievance.accepted`, resumes or rejects it, or cancels an award,
on `grievance.resolved` / `grievance.withdrawn`), notify (notices to an association complainant, the content
notice to the accused, the e-mail to a filer whose address grievance sealed for notify; due-soon and overdue
alerts to grievance officers).

CONFIDENTIALITY (Luật Tố cáo Điều 9 k1b, 47, 56): no event here carries a denouncer's identity: no name,
address, contact, handwriting, attachment or free text that could show who they are. Events carry only ids,
the kind of case, the tracking code, targets, dates and deadlines. The only reference to a filer is
`complainant`, and only for a complaint filed by an association officer through the API: for a
denunciation or an information letter it must be null, and the models refuse anything else. A denouncer
is informed by the grievance service itself: on the tracking page, and by e-mail through
`grievance.filer_notified`, whose address is sealed (HPKE) for notify alone and opened only as it sends
(`thidua.party_mail`). Free-text reasons are not carried on purpose (they are where identities leak); use the
reason codes. The one free text is the content notice to the accused (`grievance.accused_informed`), which
the law requires (LTC Điều 29 k3); grievance masks the denouncer's identity in it before it is emitted.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator

from thidua.contracts.base import EventData

PRODUCER = "grievance"

GRIEVANCE_KINDS = ("complaint", "denunciation", "information")
TARGET_KINDS = (
    "nomination",
    "award",
    "decision",
    "council_session",
    "association",
    "person",
    "discipline_decision",
)
INTAKE_CHANNELS = ("api", "public_form", "letter", "in_person")
COMPLEXITIES = ("normal", "complex", "especially_complex")
REFUSAL_REASONS = (
    "limitation_expired",
    "unsigned",
    "no_direct_interest",
    "not_competent",
    "already_resolved",
    "before_court",
    "unidentifiable_sender",
    "other",
)
OUTCOMES = ("upheld", "partly_upheld", "rejected")
REMEDIES = ("none", "reconsider_nomination", "cancel_award")
CANCELLATION_GROUNDS = (
    "fraudulent_achievements",
    "false_information",
    "unlawful_procedure",
    "violation_found",
)
DEADLINE_KINDS = (
    "acceptance",
    "acceptance_notice",
    "resolution",
    "publication",
    "further_review",
    "suspension_notice",
    "continuation_notice",
    "forward",
)
FILER_NOTICES = ("accepted", "refused", "extended", "suspended", "resumed", "resolved", "forwarded")
DAY_UNITS = ("working", "calendar")


def _known(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{v}`" for v in values)


class _Part(BaseModel):
    """Base of nested parts of a payload: frozen, tolerant of unknown fields."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class GrievanceTarget(_Part):
    """What the case is about: ids only. Set the ids that apply to `kind`; others stay null."""

    kind: str = Field(description=f"What is targeted; known values: {_known(TARGET_KINDS)}.")
    nomination_id: str | None = Field(default=None, description="The nomination concerned, if any.")
    award_id: str | None = Field(default=None, description="The award concerned, if any.")
    decision_id: str | None = Field(default=None, description="The decision concerned, if any.")
    session_id: str | None = Field(default=None, description="The council session concerned, if any.")
    association_id: str | None = Field(default=None, description="The association concerned, if any.")
    personal_code: str | None = Field(
        default=None, description="Personal code of the nominee or awardee concerned (never the filer's)."
    )
    dismissal: bool = Field(
        default=False, description="A `discipline_decision` target that dismisses (buộc thôi việc)."
    )


class ComplainantRef(_Part):
    """An association complainant, so notify can inform them. Never set for a denunciation."""

    association_id: str = Field(description="Id of the complaining association.")
    user_id: str | None = Field(default=None, description="Token subject of the officer who filed it.")


class _GrievanceRef(EventData):
    """Identifies a case: ids, kind, tracking code."""

    grievance_id: str = Field(description="Opaque id of the case.")
    tracking_code: str = Field(description="Public tracking code (status and deadlines only).")
    kind: str = Field(
        description=f"Kind of case; known values: {_known(GRIEVANCE_KINDS)} (khiếu nại / tố cáo / "
        "an anonymous or unverifiable letter kept as information, Luật Tố cáo Điều 25)."
    )
    instance: int = Field(default=1, ge=1, description="1 for a first complaint (lần đầu), 2 for a second.")


class _GrievanceCase(_GrievanceRef):
    """A case with its targets, for the events awards and notify act on."""

    targets: list[GrievanceTarget] = Field(default_factory=list, description="What the case is about.")
    complainant: ComplainantRef | None = Field(
        default=None, description="Set only for a complaint filed by an association officer; else null."
    )
    parent_grievance_id: str | None = Field(
        default=None, description="The earlier case: first-instance complaint, or the earlier denunciation."
    )

    @model_validator(mode="after")
    def _no_denouncer(self) -> _GrievanceCase:
        if self.complainant is not None and self.kind != "complaint":
            raise ValueError("only a complaint may name its complainant; a denouncer never appears in events")
        return self


class GrievanceReceived(_GrievanceCase):
    """A complaint, denunciation or information letter was received. Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.received"
    producer: ClassVar[str] = PRODUCER

    received_on: date = Field(description="Date of receipt; the clock counts from it.")
    channel: str = Field(description=f"How it arrived; known values: {_known(INTAKE_CHANNELS)}.")
    acceptance_due_on: date | None = Field(default=None, description="Deadline to accept or refuse.")
    flagged_for_inspection: bool = Field(
        default=False, description="An information letter that names a violator with evidence (Điều 25)."
    )


class GrievanceAccepted(_GrievanceCase):
    """The case was accepted (thụ lý): awards defers the targeted nominations.

    Envelope subject: grievance id.
    """

    event_type: ClassVar[str] = "grievance.accepted"
    producer: ClassVar[str] = PRODUCER

    accepted_on: date = Field(description="Date of the acceptance decision.")
    resolution_due_on: date = Field(description="Deadline for the resolution.")
    complexity: str = Field(default="normal", description=f"Known values: {_known(COMPLEXITIES)}.")
    remote_area: bool = Field(default=False, description="Remote-area deadlines apply (vùng sâu, vùng xa).")


class GrievanceRefused(_GrievanceCase):
    """The case was not accepted, with a reason code. Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.refused"
    producer: ClassVar[str] = PRODUCER

    refused_on: date = Field(description="Date of the refusal.")
    reason_code: str = Field(description=f"Why; known values: {_known(REFUSAL_REASONS)}.")
    legal_basis: str | None = Field(default=None, description="Article relied on, e.g. `LKN Điều 11`.")


class GrievanceExtended(_GrievanceCase):
    """The resolution deadline was extended by a recorded decision (gia hạn).

    Envelope subject: grievance id.
    """

    event_type: ClassVar[str] = "grievance.extended"
    producer: ClassVar[str] = PRODUCER

    extension_number: int = Field(ge=1, description="1 for the first extension, 2 for the second.")
    decided_on: date = Field(description="Date of the extension decision.")
    decision_number: str | None = Field(default=None, description="Number of the extension decision.")
    previous_due_on: date = Field(description="Deadline before the extension.")
    new_due_on: date = Field(description="Deadline after the extension.")


class GrievanceWithdrawn(_GrievanceCase):
    """The filer withdrew the case (rút). Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.withdrawn"
    producer: ClassVar[str] = PRODUCER

    withdrawn_on: date = Field(description="Date of the withdrawal.")
    partial: bool = Field(default=False, description="True when only part of the content was withdrawn.")
    case_continues: bool = Field(
        description="True when the case goes on anyway (signs of violation, coercion, co-filers): keep holds."
    )


class GrievanceResolved(_GrievanceCase):
    """The case was resolved: awards resumes, rejects or cancels. Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.resolved"
    producer: ClassVar[str] = PRODUCER

    resolved_on: date = Field(description="Date of the resolution decision or conclusion.")
    decision_number: str | None = Field(default=None, description="Number of the resolution document.")
    outcome: str = Field(description=f"Outcome; known values: {_known(OUTCOMES)}.")
    remedy: str = Field(description=f"What awards should do; known values: {_known(REMEDIES)}.")
    violation_found: bool = Field(
        description="Whether a violation was found (no violation: holds are lifted)."
    )
    cancellation_ground: str | None = Field(
        default=None,
        description=f"With remedy `cancel_award`: the ground; known values: {_known(CANCELLATION_GROUNDS)}.",
    )
    on_time: bool = Field(description="Whether it was resolved by the deadline in force.")


class GrievanceForwarded(_GrievanceCase):
    """A denunciation outside this body's competence was forwarded to the competent one (LTC Điều 24 k2);
    the case is closed here. Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.forwarded"
    producer: ClassVar[str] = PRODUCER

    forwarded_on: date = Field(description="Date it was forwarded.")
    to_authority: str = Field(description="The competent body it went to (a body's name, never a person).")
    on_time: bool = Field(description="Whether it went within the 5 working days from receipt.")


class GrievanceSuspended(_GrievanceCase):
    """Resolution was suspended (tạm đình chỉ): the resolution clock stops. Envelope subject: grievance id."""

    event_type: ClassVar[str] = "grievance.suspended"
    producer: ClassVar[str] = PRODUCER

    suspended_on: date = Field(description="Date of the suspension decision.")
    notice_due_on: date | None = Field(
        default=None, description="Deadline to send the decision to the parties (NĐ155 Điều 12), if any."
    )


class GrievanceResumed(_GrievanceCase):
    """Resolution continues (tiếp tục): the time left at the suspension runs again from this decision.

    Envelope subject: the grievance id.
    """

    event_type: ClassVar[str] = "grievance.resumed"
    producer: ClassVar[str] = PRODUCER

    resumed_on: date = Field(description="Date of the continuation decision.")
    resolution_due_on: date = Field(description="The resolution deadline, counted again from this decision.")
    notice_due_on: date | None = Field(
        default=None, description="Deadline to send the continuation decision to the parties, if any."
    )


class GrievanceAccusedInformed(_GrievanceCase):
    """The accused were told the content of an accepted denunciation (LTC Điều 29 k3), never who made it.

    Envelope subject: the grievance id. `targets` names the accused (an association, a person's code).
    """

    event_type: ClassVar[str] = "grievance.accused_informed"
    producer: ClassVar[str] = PRODUCER

    informed_on: date = Field(description="Date of the notice.")
    content: str = Field(
        description="The content of the denunciation as the officer stated it, the denouncer masked."
    )
    resolution_due_on: date | None = Field(default=None, description="The resolution deadline.")


class GrievanceFilerNotified(_GrievanceRef):
    """Grievance told a filer (denouncer, or a complainant from the public) of a step of their case and asks
    notify to e-mail them. The address is sealed for notify alone (HPKE, bound to `notice_id`); nothing
    else here identifies the filer. Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.filer_notified"
    producer: ClassVar[str] = PRODUCER

    notice_id: str = Field(description="Opaque id of the notice (also shown on the tracking page).")
    notice: str = Field(description=f"Which step; known values: {_known(FILER_NOTICES)}.")
    on: date = Field(description="Date of the step.")
    sealed_address: str = Field(description="`<key id>:<base64>` HPKE ciphertext of the e-mail address.")
    resolution_due_on: date | None = Field(default=None, description="accepted / resumed: the deadline.")
    reason_code: str | None = Field(
        default=None, description=f"refused: the reason; known values: {_known(REFUSAL_REASONS)}."
    )
    legal_basis: str | None = Field(default=None, description="refused: the article relied on.")
    extension_number: int | None = Field(default=None, description="extended: 1 or 2.")
    previous_due_on: date | None = Field(default=None, description="extended: the deadline before.")
    new_due_on: date | None = Field(default=None, description="extended: the deadline after.")
    decision_number: str | None = Field(default=None, description="extended / resolved: the decision.")
    outcome: str | None = Field(default=None, description=f"resolved; known values: {_known(OUTCOMES)}.")
    to_authority: str | None = Field(default=None, description="forwarded: the competent body.")


class _DeadlineAlert(_GrievanceRef):
    """A deadline of a case, for the officers' alerts."""

    deadline_kind: str = Field(description=f"Which deadline; known values: {_known(DEADLINE_KINDS)}.")
    due_on: date = Field(description="The deadline (last day).")
    day_unit: str = Field(description=f"How the rule counts days; known values: {_known(DAY_UNITS)}.")
    assigned_officer_id: str | None = Field(
        default=None, description="Token subject of the grievance officer in charge, if assigned."
    )


class GrievanceDueSoon(_DeadlineAlert):
    """A deadline is near (emitted once per deadline). Envelope subject: the grievance id."""

    event_type: ClassVar[str] = "grievance.due_soon"
    producer: ClassVar[str] = PRODUCER

    days_left: int = Field(ge=0, description="Days left, in `day_unit`.")


class GrievanceOverdue(_DeadlineAlert):
    """A deadline passed with the step undone (emitted once per deadline).

    Envelope subject: the grievance id.
    """

    event_type: ClassVar[str] = "grievance.overdue"
    producer: ClassVar[str] = PRODUCER

    days_overdue: int = Field(ge=1, description="Days past the deadline, in `day_unit`.")


EVENTS: tuple[type[EventData], ...] = (
    GrievanceReceived,
    GrievanceAccepted,
    GrievanceRefused,
    GrievanceExtended,
    GrievanceWithdrawn,
    GrievanceResolved,
    GrievanceForwarded,
    GrievanceSuspended,
    GrievanceResumed,
    GrievanceAccusedInformed,
    GrievanceFilerNotified,
    GrievanceDueSoon,
    GrievanceOverdue,
)
