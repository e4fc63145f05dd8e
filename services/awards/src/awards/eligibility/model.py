"""Facts the eligibility engine reads and the report it writes (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

RATING_ORDER = ("khong_hoan_thanh", "hoan_thanh", "hoan_thanh_tot", "hoan_thanh_xuat_sac")
HTXSNV, HTTNV = "hoan_thanh_xuat_sac", "hoan_thanh_tot"
WARNING_OR_ABOVE = ("canh_cao", "ha_bac_luong", "cach_chuc", "buoc_thoi_viec")


def rating_at_least(rating: str | None, floor: str) -> bool:
    """True when `rating` is `floor` or better."""
    if rating not in RATING_ORDER:
        return False
    return RATING_ORDER.index(rating) >= RATING_ORDER.index(floor)


class Outcome(StrEnum):
    """What one criterion concluded."""

    PASSED = "passed"
    FAILED = "failed"
    MISSING_EVIDENCE = "missing_evidence"


@dataclass(frozen=True)
class Criterion:
    """One checked criterion, with the rule it comes from."""

    code: str
    outcome: Outcome
    source: str
    detail: str = ""


@dataclass(frozen=True)
class YearFacts:
    """Verified facts about one nominee (person or collective) in one cycle."""

    year: int
    task_rating: str | None = None
    base_initiatives: int = 0
    provincial_initiatives: int = 0
    accepted_works: int = 0
    provincial_works: int = 0
    national_initiatives: int = 0
    """Of the higher-scope initiatives and works above, those recognized with nationwide effect (rule 6)."""
    national_works: int = 0
    discipline: str = "none"
    discipline_ends_on: date | None = None


@dataclass(frozen=True)
class CollectiveFacts:
    """Verified facts about a collective's members in the nominated cycle."""

    member_count: int
    members_completed: int
    members_disciplined: int
    members_ldtt: int | None = None
    members_cstdcs: int | None = None


@dataclass(frozen=True)
class ClusterFacts:
    """Rule 11: the province-organized emulation cluster or block (cụm/khối) of a collective in one year."""

    cluster_id: str
    organized_by_province: bool
    leader: bool | None = None
    """Ranked the cluster's leading collective that year; None while the ranking is not on record."""
    other_holder: str | None = None
    """Another collective of the cluster already holding, or nominated for, the Cờ thi đua that year."""


@dataclass(frozen=True)
class AwardRecord:
    """A prior award of the nominee (decided here or imported)."""

    code: str
    year: int
    commendation_type: str = "cong_trang"


@dataclass(frozen=True)
class Facts:
    """Everything the engine knows about one nomination."""

    nominee_kind: str
    year: int
    commendation_type: str = "cong_trang"
    years: tuple[YearFacts, ...] = ()
    collective: CollectiveFacts | None = None
    awards: tuple[AwardRecord, ...] = ()
    registration_required: bool = False
    registered: bool = False
    duplicate_award: str | None = None
    achievement_used_by: str | None = None
    dossier: frozenset[str] = frozenset()
    maternity_leave: bool = False
    cluster: ClusterFacts | None = None

    def year_facts(self, year: int) -> YearFacts | None:
        """The facts of `year`, if verified."""
        return next((y for y in self.years if y.year == year), None)


@dataclass(frozen=True)
class Report:
    """The eligibility report: every criterion, with the rule set applied."""

    award_type_code: str
    rule_set: str
    criteria: tuple[Criterion, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> tuple[Criterion, ...]:
        """Criteria that failed."""
        return tuple(c for c in self.criteria if c.outcome is Outcome.FAILED)

    @property
    def missing(self) -> tuple[Criterion, ...]:
        """Criteria that lack evidence."""
        return tuple(c for c in self.criteria if c.outcome is Outcome.MISSING_EVIDENCE)
