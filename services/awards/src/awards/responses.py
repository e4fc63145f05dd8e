"""Response models of the awards API, so each answer has a schema in OpenAPI."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class CriterionOut(BaseModel):
    """One checked criterion, with its legal source."""

    code: str
    outcome: str = Field(description="`passed`, `failed` or `missing_evidence`.")
    source: str = Field(description="The rule's legal source.")
    detail: str = Field(default="", description="Why, in Vietnamese.")


class ReportOut(BaseModel):
    """The eligibility report: every criterion, with the rule set applied."""

    award_type_code: str
    rule_set: str
    eligible: bool = Field(description="True when no criterion failed or lacks evidence.")
    criteria: list[CriterionOut]


class ObjectionReceipt(BaseModel):
    """What the sender of a public objection is told: it was received, and when."""

    id: str
    received_on: date


class ObjectionOut(BaseModel):
    """A public objection as the secretariat reads it."""

    id: str
    disclosure_id: str
    nomination_id: str
    received_on: date
    content: str
    name: str | None = None
    contact: str | None = None
