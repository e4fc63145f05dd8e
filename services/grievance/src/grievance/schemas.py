"""Request and response bodies of the grievance API (commands at the edge)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

TargetKind = Literal[
    "nomination", "award", "decision", "council_session", "association", "person", "discipline_decision",
]  # fmt: skip
RefusalReason = Literal[
    "limitation_expired", "unsigned", "no_direct_interest", "not_competent",
    "already_resolved", "before_court", "unidentifiable_sender", "other",
]  # fmt: skip
Day = Annotated[date, Field(ge=date(2000, 1, 1), le=date(2100, 12, 31))]
"""A date within the range the clock can count (no year-9999 overflow)."""

Criterion = Literal[
    "multi_location", "multi_issue", "many_filers", "foreign_element",
    "several_agencies", "agencies_disagree", "conflicting_evidence",
]  # fmt: skip


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class TargetIn(_In):
    """What the case is about (ids only)."""

    kind: TargetKind
    nomination_id: str | None = Field(default=None, max_length=100)
    award_id: str | None = Field(default=None, max_length=100)
    decision_id: str | None = Field(default=None, max_length=100)
    session_id: str | None = Field(default=None, max_length=100)
    association_id: str | None = Field(default=None, max_length=100)
    personal_code: str | None = Field(default=None, max_length=100)
    dismissal: bool = Field(
        default=False, description="A discipline decision that dismisses (buộc thôi việc)."
    )


class FilerIn(_In):
    """Who filed it; sealed at rest and shown only to grievance officers."""

    name: str = Field(min_length=1, max_length=200)
    contact: str = Field(min_length=3, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    email: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="Where notices of the case are e-mailed (else an address in `contact`, if any).",
    )


class FileGrievance(_In):
    """`POST /grievances`."""

    kind: Literal["complaint", "denunciation"]
    targets: list[TargetIn] = Field(min_length=1, max_length=20)
    summary: str = Field(min_length=1, max_length=10_000)
    filer: FilerIn | None = None
    instance: Literal[1, 2] = 1
    parent_grievance_id: str | None = Field(default=None, max_length=100)
    channel: Literal["api", "public_form", "letter", "in_person"] = "api"
    received_on: Day | None = Field(default=None, description="Officers registering a letter only.")
    informed_on: Day | None = Field(
        default=None,
        description="Officers registering a letter only: the day the complainant received or learned of the "
        "decision, as the records show (else it comes from the notices and decisions on record).",
    )
    multi_site: bool = False
    has_evidence: bool = False


class Acceptance(_In):
    """`POST /grievances/{id}/acceptance`: accept or refuse with a reason."""

    decision: Literal["accept", "refuse"]
    on: Day | None = None
    reason_code: RefusalReason | None = None
    complexity_criteria: list[Criterion] = Field(default_factory=list, description="NĐ155 / NĐ31 criteria.")
    remote_area: bool = False


class Extension(_In):
    """`POST /grievances/{id}/extension`: one recorded extension decision."""

    decision_number: str = Field(min_length=1, max_length=100)
    on: Day | None = None


class Resolution(_In):
    """`POST /grievances/{id}/resolution`."""

    outcome: Literal["upheld", "partly_upheld", "rejected"]
    remedy: Literal["none", "reconsider_nomination", "cancel_award"] = "none"
    decision_number: str | None = Field(default=None, max_length=100)
    violation_found: bool = False
    cancellation_ground: (
        Literal["fraudulent_achievements", "false_information", "unlawful_procedure", "violation_found"]
        | None
    ) = None
    on: Day | None = None


class Suspension(_In):
    """`POST /grievances/{id}/suspension` and `/resumption`."""

    on: Day | None = None


class Publication(_In):
    """`POST /grievances/{id}/publication`: its text is redacted of the denouncer."""

    on: Day | None = None
    conclusion: str | None = Field(default=None, min_length=1, max_length=20_000)


class Withdrawal(_In):
    """`POST /grievances/{id}/withdrawal`."""

    on: Day | None = None
    partial: bool = False
    case_continues: bool = False


ObstacleReason = Literal[
    "illness", "natural_disaster", "war", "work_travel", "study_away", "other_objective_obstacle",
]  # fmt: skip


class Evidence(_In):
    """What an officer's finding rests on: attachments of the case and/or a document reference."""

    attachment_ids: list[str] = Field(default_factory=list, max_length=20)
    document: str | None = Field(
        default=None, min_length=1, max_length=200, description="e.g. `Giấy ra viện số …`"
    )

    @model_validator(mode="after")
    def _has_evidence(self) -> Evidence:
        if not self.attachment_ids and self.document is None:
            raise ValueError(
                "cần chứng cứ: tài liệu đính kèm (attachment_ids) hoặc số hiệu văn bản (document)"
            )
        return self


class Informing(Evidence):
    """`POST /grievances/{id}/informing`: when the complainant received or learned of the decision."""

    informed_on: Day


class Obstacle(Evidence):
    """`POST /grievances/{id}/limitation-obstacles`: an obstacle period the officer accepts (LKN Điều 9)."""

    from_: Day = Field(alias="from")
    until: Day
    reason: ObstacleReason

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, populate_by_name=True)


class Competence(_In):
    """`POST /grievances/{id}/competence`: the denunciation is within this body's competence."""

    on: Day | None = None


class Forwarding(_In):
    """`POST /grievances/{id}/forwarding`: to the competent body (a body's name, never a person)."""

    to_authority: str = Field(min_length=2, max_length=200)
    document: str | None = Field(default=None, min_length=1, max_length=100)
    on: Day | None = None


class NoticeSent(_In):
    """`POST /grievances/{id}/notices`: the written notice behind a notice deadline was sent."""

    notice: Literal["acceptance_notice", "suspension_notice", "continuation_notice"]
    on: Day | None = None


class AccusedNotice(_In):
    """`POST /grievances/{id}/accused-notice`: the content told to the accused; the denouncer is masked."""

    content: str = Field(min_length=1, max_length=10_000)
    on: Day | None = None


class Filed(BaseModel):
    """The answer to a filing: keep the secret, it is shown once."""

    id: str
    tracking_code: str
    secret: str
    kind: str
    status: str
