"""Year-end self-assessment and the secretariat's verification (phúc tra) of it (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from registration import messages as msg
from registration.errors import DomainError

TASK_RATINGS = ("hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh")
DISCIPLINE_LEVELS = ("none", "khien_trach", "canh_cao", "ha_bac_luong", "cach_chuc", "buoc_thoi_viec")
CONFIRMED, ADJUSTED = "confirmed", "adjusted"


class AssessmentError(DomainError):
    """A self-assessment or verification that breaks a rule."""

    slug = "invalid-assessment"


def _check_rating(rating: str) -> None:
    if rating not in TASK_RATINGS:
        raise AssessmentError(msg.UNKNOWN_RATING.format(rating=rating, known=", ".join(TASK_RATINGS)))


@dataclass(frozen=True)
class Initiative:
    """An initiative (sáng kiến) recognized by a competent level."""

    title: str
    recognized_by: str | None = None
    recognized_on: date | None = None
    scope: str = "base"
    document_ref: str | None = None


@dataclass(frozen=True)
class ScientificWork:
    """A scientific topic, scheme or work that was accepted (đã nghiệm thu)."""

    title: str
    level: str | None = None
    accepted_on: date | None = None
    document_ref: str | None = None


@dataclass(frozen=True)
class PersonAssessment:
    """One individual's year-end facts."""

    personal_code: str
    task_rating: str
    initiatives: tuple[Initiative, ...] = ()
    scientific_works: tuple[ScientificWork, ...] = ()
    discipline: str = "none"
    discipline_ends_on: date | None = None
    female: bool | None = None

    def __post_init__(self) -> None:
        _check_rating(self.task_rating)
        if self.discipline not in DISCIPLINE_LEVELS:
            known = ", ".join(DISCIPLINE_LEVELS)
            raise AssessmentError(msg.UNKNOWN_DISCIPLINE.format(discipline=self.discipline, known=known))


@dataclass(frozen=True)
class CollectiveAssessment:
    """The collective's year-end facts."""

    task_rating: str
    member_count: int
    members_completed_count: int
    members_disciplined_count: int = 0
    female_member_count: int | None = None
    initiatives: tuple[Initiative, ...] = ()
    scientific_works: tuple[ScientificWork, ...] = ()

    def __post_init__(self) -> None:
        _check_rating(self.task_rating)
        counts = (self.members_completed_count, self.members_disciplined_count, self.female_member_count or 0)
        if self.member_count < 0 or any(c < 0 or c > self.member_count for c in counts):
            raise AssessmentError(msg.MEMBER_COUNTS)


@dataclass(frozen=True)
class SelfAssessment:
    """The association's year-end assessment of its collective and of each registered individual."""

    collective: CollectiveAssessment
    individuals: tuple[PersonAssessment, ...] = ()

    def ensure_covers(self, personal_codes: set[str]) -> None:
        """Raise unless it rates exactly the registered individuals, each once."""
        codes = [p.personal_code for p in self.individuals]
        if len(set(codes)) != len(codes):
            raise AssessmentError(msg.ASSESSED_TWICE)
        if set(codes) != personal_codes:
            missing, unknown = sorted(personal_codes - set(codes)), sorted(set(codes) - personal_codes)
            raise AssessmentError(
                msg.ASSESS_THE_REGISTERED.format(missing=", ".join(missing), unknown=", ".join(unknown))
            )


@dataclass(frozen=True)
class Verification:
    """The secretariat's verification: the self-assessment confirmed, or replaced by adjusted facts."""

    outcome: str
    verified_on: date
    verified_by: str
    reason: str | None = None
    adjusted: SelfAssessment | None = None

    def __post_init__(self) -> None:
        if self.outcome == CONFIRMED and (self.adjusted is not None or self.reason):
            raise AssessmentError(msg.CONFIRMATION_WITH_CHANGES)
        if self.outcome == ADJUSTED and (self.adjusted is None or not (self.reason or "").strip()):
            raise AssessmentError(msg.ADJUSTMENT_NEEDS_REASON)
        if self.outcome not in (CONFIRMED, ADJUSTED):
            raise AssessmentError(
                msg.UNKNOWN_OUTCOME.format(outcome=self.outcome, known=f"{CONFIRMED}, {ADJUSTED}")
            )

    def verified_facts(self, assessment: SelfAssessment) -> SelfAssessment:
        """The facts that stand after verification."""
        return self.adjusted if self.adjusted is not None else assessment
