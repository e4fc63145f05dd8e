"""Response bodies of the grievance API: every JSON success answer has one of these as its schema."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from thidua.http.pagination import Page


class _Out(BaseModel):
    model_config = ConfigDict(extra="ignore")


class DeadlineOut(_Out):
    """A running statutory deadline: its kind, last day, how it is counted and its legal source."""

    kind: str
    due_on: date
    unit: str | None = Field(default=None, description="`working` or `calendar` days.")
    source: str | None = Field(default=None, description="The rule's legal source.")
    start: date | None = Field(default=None, description="The event it counts from (from the day after).")
    days: int | None = None


class PublicDeadline(_Out):
    """A deadline as the tracking page shows it."""

    kind: str
    due_on: date


class NoticeOut(BaseModel):
    """What the filer was told, as the tracking page shows it (codes, dates and a Vietnamese title)."""

    model_config = ConfigDict(extra="allow")  # each notice kind carries its own facts (dates, numbers)

    id: str
    notice: str
    title: str
    on: date


class CaseOut(_Out):
    """A case for officers and its complaining association: the letter redacted, no filer identity."""

    id: str
    tracking_code: str
    kind: str = Field(description="`complaint`, `denunciation`, `information` or `petition`.")
    status: str
    received_on: date
    channel: str
    instance: int = 1
    parent_id: str | None = None
    targets: list[dict[str, Any]] = Field(default_factory=list)
    complainant_association_id: str | None = None
    filed_by: str | None = None
    multi_site: bool = False
    flagged_for_inspection: bool = False
    informed_on: date | None = None
    informed_source: str | None = None
    obstacles: list[dict[str, Any]] = Field(default_factory=list)
    limitation_ends_on: date | None = None
    deadlines: list[DeadlineOut] = Field(default_factory=list, description="Nearest first.")
    complexity: str = "normal"
    remote_area: bool = False
    accepted_on: date | None = None
    extensions: int = 0
    suspended_on: date | None = None
    closed_on: date | None = None
    refusal_reason: str | None = None
    forwarded_to: str | None = None
    outcome: str | None = None
    remedy: str | None = None
    on_time: bool | None = None
    accused_informed_on: date | None = None
    conclusion: str | None = None
    notices: list[NoticeOut] = Field(default_factory=list)
    summary: str = Field(default="", description="The letter's text, redacted of the filer.")
    attachment_count: int = 0


CasePage = Page[CaseOut]


class Tracked(_Out):
    """What the holder of a tracking secret sees: status, notices and deadlines, no one's name."""

    tracking_code: str
    kind: str
    status: str
    received_on: date | None = None
    closed_on: date | None = None
    conclusion: str | None = None
    notices: list[NoticeOut] = Field(default_factory=list)
    deadlines: list[PublicDeadline] = Field(default_factory=list)


class Identity(BaseModel):
    """The filer as they gave themselves (a denouncing association's officer also by account)."""

    model_config = ConfigDict(extra="allow")

    name: str | None = None
    contact: str | None = None
    address: str | None = None
    email: str | None = None
    association_id: str | None = None
    user_id: str | None = None


class FilerOut(_Out):
    """The filer's identity in clear (grievance officers only; the read is audited)."""

    grievance_id: str
    filer: Identity


class AuditEntry(_Out):
    """One entry of the hash chain."""

    grievance_id: str
    seq: int
    prev_hash: str
    hash: str
    action: str
    actor: str
    at: str
    details: dict[str, Any] = Field(default_factory=dict)


class AuditOut(_Out):
    """The case's audit log, oldest first, and whether its hash chain is intact."""

    intact: bool
    broken_at: int | None = Field(description="The seq of the first broken entry, or null.")
    entries: list[AuditEntry]


class AttachmentOut(_Out):
    """An attachment; one that shows the filer is only marked as sealed."""

    id: str
    sealed: bool
    uploaded_at: str
    filename: str | None = None
    media_type: str | None = None
    size_bytes: int | None = None
    sha256: str | None = None


AttachmentPage = Page[AttachmentOut]


class VerifierCopy(_Out):
    """The letter with the filer masked and the attachments that do not show them."""

    grievance_id: str
    tracking_code: str
    kind: str
    placeholder: str
    content: str
    attachments: list[AttachmentOut]


class SummaryOut(_Out):
    """The letter's text as the filer wrote it (grievance officers only; the read is audited)."""

    grievance_id: str
    summary: str


class OversightOut(_Out):
    """Counts of open, due-soon and overdue cases, and the on-time rate per year of resolution."""

    open: int
    due_soon: int
    overdue: int
    on_time_rate_by_year: dict[str, float]
