"""Year-end results of an association's members, recorded whether or not they registered (stdlib only).

Registration for a campaign is optional (L22 Điều 7; Bộ Nội vụ answer 09/04/2024; rule 1), so the
facts the eligibility engine reads (rating, initiatives, works, discipline) must be recordable for any member:
the association records them, one or many people at a time, and the secretariat checks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from registration import messages as msg
from registration.assessment import ADJUSTED, CONFIRMED, AssessmentError, PersonAssessment
from registration.errors import InvalidState

RECORDED, VERIFIED = "recorded", "verified"


@dataclass(frozen=True, kw_only=True)
class PersonResult(PersonAssessment):
    """One member's year-end facts, with the name the notices and the engine's report use."""

    full_name: str
    position: str | None = None


def _distinct(people: tuple[PersonResult, ...]) -> set[str]:
    codes = [p.personal_code for p in people]
    if not codes:
        raise AssessmentError(msg.YEAR_END_NOBODY)
    if len(set(codes)) != len(codes):
        raise AssessmentError(msg.ASSESSED_TWICE)
    return set(codes)


@dataclass(kw_only=True)
class YearEndResults:
    """Results one association recorded for some of its members in one year, and their check."""

    id: str
    association_id: str
    year: int
    people: tuple[PersonResult, ...]
    recorded_by: str
    recorded_on: date
    status: str = RECORDED
    outcome: str | None = None
    reason: str | None = None
    verified_on: date | None = None
    verified_by: str | None = None
    adjusted: tuple[PersonResult, ...] | None = None

    def __post_init__(self) -> None:
        _distinct(self.people)

    def verify(
        self,
        *,
        outcome: str,
        reason: str | None,
        adjusted: tuple[PersonResult, ...] | None,
        verified_on: date,
        verified_by: str,
    ) -> tuple[PersonResult, ...]:
        """The secretariat confirms the results or adjusts them with a reason; the facts that stand."""
        if self.status != RECORDED:
            raise InvalidState(msg.YEAR_END_ALREADY_VERIFIED)
        if outcome not in (CONFIRMED, ADJUSTED):
            raise AssessmentError(
                msg.UNKNOWN_OUTCOME.format(outcome=outcome, known=f"{CONFIRMED}, {ADJUSTED}")
            )
        if outcome == CONFIRMED and (adjusted is not None or reason):
            raise AssessmentError(msg.CONFIRMATION_WITH_CHANGES)
        if outcome == ADJUSTED:
            if adjusted is None or not (reason or "").strip():
                raise AssessmentError(msg.ADJUSTMENT_NEEDS_REASON)
            if _distinct(adjusted) != {p.personal_code for p in self.people}:
                raise AssessmentError(msg.YEAR_END_ADJUST_THE_RECORDED)
        self.status, self.outcome, self.reason = VERIFIED, outcome, reason
        self.verified_on, self.verified_by, self.adjusted = verified_on, verified_by, adjusted
        return self.standing

    @property
    def standing(self) -> tuple[PersonResult, ...]:
        """The facts that stand: the adjusted ones where the secretariat adjusted them."""
        return self.adjusted if self.adjusted is not None else self.people
