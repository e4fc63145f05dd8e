"""Statutory deadlines as data: figure, unit, source and effective dates of each rule.

Units are kept as the text says: `working` (ngày làm việc) or `days` (plain "ngày"). How plain days are
counted is a setting (`plain_days_as`, default calendar days): whether LTC Điều 30's "ngày" means calendar
days is UNCONFIRMED. A period in days starts the day after its event and, when its last day is a rest day
or a public holiday, ends at the end of the next working day (BLDS 2015 Điều 147 k1, 148 k5; rule 52):
`thidua.calendar` counts every period that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

Unit = Literal["working", "days"]
SWITCH_2026 = date(2026, 7, 1)  # NĐ155 / NĐ156 / L136 apply to cases received from this day


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """One deadline: `days` in `unit`, for cases received in [effective_from, effective_until)."""

    key: str
    variant: str
    days: int
    unit: Unit
    source: str
    effective_from: date | None = None
    effective_until: date | None = None
    unconfirmed: bool = False
    note: str = ""

    def applies_on(self, received_on: date) -> bool:
        """True when a case received on that day is governed by this rule."""
        after_start = self.effective_from is None or received_on >= self.effective_from
        before_end = self.effective_until is None or received_on < self.effective_until
        return after_start and before_end


R = DeadlineRule
RULES: tuple[DeadlineRule, ...] = (
    R("complaint.limitation", "normal", 90, "days", "LKN Điều 9 (rule 34)", note="less obstacle days"),
    R("complaint.second_window", "normal", 30, "days", "LKN Điều 33 (rule 38)"),
    R("complaint.second_window", "remote", 45, "days", "LKN Điều 33 (rule 38)"),
    R(
        "complaint.acceptance",
        "first",
        10,
        "working",
        "LKN Điều 27; TT07/2013 Điều 5 (rule 36)",
        effective_until=SWITCH_2026,
        note="LKN says 10 ngày; TT07 reads it as working days",
    ),
    R(
        "complaint.acceptance",
        "first",
        7,
        "working",
        "NĐ155/2026 Điều 10 amending NĐ124 Điều 16 k1 (rule 36)",
        effective_from=SWITCH_2026,
    ),
    R("complaint.acceptance", "second", 10, "days", "LKN Điều 36"),
    R("complaint.resolution.first", "normal", 30, "days", "LKN Điều 28 (rule 37)"),
    R("complaint.resolution.first", "complex", 45, "days", "LKN Điều 28 (rule 37)"),
    R("complaint.resolution.first", "remote", 45, "days", "LKN Điều 28 (rule 37)"),
    R("complaint.resolution.first", "remote_complex", 60, "days", "LKN Điều 28 (rule 37)"),
    R("complaint.resolution.second", "normal", 45, "days", "LKN Điều 37 (rule 39)"),
    R("complaint.resolution.second", "complex", 60, "days", "LKN Điều 37 (rule 39)"),
    R("complaint.resolution.second", "remote", 60, "days", "LKN Điều 37 (rule 39)"),
    R("complaint.resolution.second", "remote_complex", 70, "days", "LKN Điều 37 (rule 39)"),
    R(
        "complaint.suspension_notice",
        "normal",
        3,
        "working",
        "NĐ155/2026 Điều 12 (rule 40)",
        effective_from=SWITCH_2026,
    ),
    R(
        "complaint.continuation_notice",
        "normal",
        3,
        "working",
        "NĐ155/2026 Điều 12 (rule 40)",
        effective_from=SWITCH_2026,
        note="the continuation decision is sent within 3 working days; the clock runs again from it",
    ),
    R("complaint.discipline.limitation", "first", 15, "days", "LKN Điều 48 (rule 35)"),
    R("complaint.discipline.limitation", "second", 10, "days", "LKN Điều 48 (rule 35)"),
    R(
        "complaint.discipline.limitation",
        "second_dismissal",
        30,
        "days",
        "LKN Điều 48 (rule 35)",
        note="a dismissal (buộc thôi việc)",
    ),
    R("complaint.discipline.acceptance", "normal", 10, "days", "LKN Điều 49–50 (rule 35)"),
    R("complaint.discipline.resolution", "normal", 30, "days", "LKN Điều 50 (rule 35)"),
    R("complaint.discipline.resolution", "complex", 45, "days", "LKN Điều 50 (rule 35)"),
    R("denunciation.intake", "normal", 7, "working", "LTC Điều 24 k1 (rule 42)"),
    R("denunciation.intake", "multi_site", 10, "working", "LTC Điều 24 k1 (rule 42)"),
    R("denunciation.forward", "normal", 5, "working", "LTC Điều 24 k2 (rule 42)"),
    R("denunciation.acceptance_notice", "normal", 5, "working", "LTC Điều 29 k3 (rule 43)"),
    R(
        "denunciation.resolution",
        "normal",
        30,
        "days",
        "LTC Điều 30 (rule 44)",
        unconfirmed=True,
        note="'ngày' without 'làm việc': calendar days UNCONFIRMED",
    ),
    R("denunciation.extension", "normal", 30, "days", "LTC Điều 30 (rule 44)", unconfirmed=True),
    R("denunciation.publication", "normal", 7, "working", "LTC Điều 40 (rule 47)"),
    R("denunciation.further_review", "normal", 20, "days", "LTC Điều 37 k2 (rule 48)"),
)

MAX_EXTENSIONS: dict[str, int] = {"normal": 0, "complex": 1, "especially_complex": 2}
"""Denunciation extensions allowed per complexity (LTC Điều 30; NĐ 31/2019 Điều 3: ≥ 2 criteria)."""

COMPLEXITY_CRITERIA: tuple[str, ...] = (
    "multi_location",
    "multi_issue",
    "many_filers",
    "foreign_element",
    "several_agencies",
    "agencies_disagree",
    "conflicting_evidence",
)
"""The seven complexity criteria (NĐ155 Điều 2 new NĐ124 Điều 3a; NĐ 31/2019 Điều 3)."""


class UnknownRule(LookupError):
    """No rule in the table covers this key, variant and receipt date."""


def find_rule(
    key: str, variant: str, *, received_on: date, table: tuple[DeadlineRule, ...] = RULES
) -> DeadlineRule:
    """The rule in force for a case received on `received_on`."""
    for rule in table:
        if rule.key == key and rule.variant == variant and rule.applies_on(received_on):
            return rule
    raise UnknownRule(f"no rule {key}/{variant} for a case received on {received_on.isoformat()}")


def complexity_of(criteria: set[str]) -> str:
    """`normal`, `complex` (1 criterion) or `especially_complex` (≥ 2), from the recorded criteria."""
    known = criteria & set(COMPLEXITY_CRITERIA)
    if len(known) >= 2:
        return "especially_complex"
    return "complex" if known else "normal"


def resolution_variant(*, complex_case: bool, remote: bool) -> str:
    """The variant name of a complaint resolution rule."""
    if remote:
        return "remote_complex" if complex_case else "remote"
    return "complex" if complex_case else "normal"
