"""Nomination rules that are not eligibility: status after the check, holds, disclosure windows, grounds."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from awards.eligibility import Report

SUBMITTED, INCOMPLETE, DEFERRED = "submitted", "incomplete", "deferred"
PASSED, FAILED_VOTE, DECIDED, FORWARDED, REJECTED = (
    "passed",
    "vote_failed",
    "decided",
    "forwarded",
    "rejected",
)
CANCELLATION_GROUNDS = (
    "fraudulent_achievements",
    "false_information",
    "unlawful_procedure",
    "violation_found",
)  # L22 Điều 93 k2 a–d
CANCELLATION_SOURCE = "L22 Điều 93 k2, k8"
DEFERRAL_SOURCE = "NĐ152 Điều 4 k4"


class Ineligible(Exception):
    """The nomination fails at least one criterion of law; it is refused."""

    def __init__(self, report: Report) -> None:
        super().__init__(", ".join(c.code for c in report.failed))
        self.report = report


def status_after_check(report: Report, *, open_holds: int) -> str:
    """Status of a nomination after its eligibility check (rule 20: a hold defers, never refuses)."""
    if report.failed:
        raise Ineligible(report)
    if open_holds:
        return DEFERRED
    return INCOMPLETE if report.missing else SUBMITTED


def status_after_release(*, missing: bool, open_holds: int, before_hold: str) -> str:
    """Status once a hold is lifted: back where it was, unless other holds remain."""
    if open_holds:
        return DEFERRED
    return before_hold if before_hold != DEFERRED else (INCOMPLETE if missing else SUBMITTED)


def add_working_days(start: date, days: int, holidays: frozenset[date] = frozenset()) -> date:
    """The last day of a window of `days` working days starting on `start` (weekends and holidays skipped)."""
    current, counted = start, 0
    while True:
        if current.weekday() < 5 and current not in holidays:
            counted += 1
            if counted == days:
                return current
        current += timedelta(days=1)


@dataclass(frozen=True)
class Candidate:
    """Rule 18 input: one nomination; candidates with equal `qualification` are equally qualified."""

    ref: str
    qualification: tuple[object, ...]
    female: bool | None = None
    women: int | None = None
    members: int | None = None


def preferred(candidate: Candidate, *, share: Fraction) -> bool | None:
    """A woman, or a collective with at least `share` women; None when the facts lack gender."""
    if candidate.female is not None:
        return candidate.female
    if candidate.women is None or not candidate.members:
        return None
    return Fraction(candidate.women, candidate.members) >= share


def priority_order(candidates: Sequence[Candidate], *, share: Fraction) -> list[Candidate]:
    """Rule 18 (NĐ152 Điều 4 k6): among equally qualified candidates, the preferred ones come first.

    Pure and stable. Each group of equal qualification keeps the positions it occupies in the input; only
    its members are reordered (preferred first, otherwise in input order). A group in which any candidate's
    gender is unknown is left unchanged: nobody can be shown to be preferred over an unknown.
    """
    groups: dict[tuple[object, ...], list[int]] = {}
    for index, candidate in enumerate(candidates):
        groups.setdefault(candidate.qualification, []).append(index)
    ordered = list(candidates)
    for slots in groups.values():
        marks = [preferred(candidates[i], share=share) for i in slots]
        if None in marks:
            continue
        chosen = [i for i, mark in zip(slots, marks, strict=True) if mark]
        rest = [i for i, mark in zip(slots, marks, strict=True) if not mark]
        for slot, source in zip(slots, chosen + rest, strict=True):
            ordered[slot] = candidates[source]
    return ordered


def money_amount_vnd(
    multiple: Fraction | None, base_salary_vnd: int | None, *, rounding_vnd: int
) -> int | None:
    """NĐ152 Điều 50/54: `multiple` × base salary, rounded half up to a multiple of `rounding_vnd`.

    The rounding is this service's choice (the decree gives multiples, not a rounding rule).
    None when the rate or the base salary is not known for the date.
    """
    if multiple is None or base_salary_vnd is None:
        return None
    exact = multiple * base_salary_vnd
    return math.floor(exact / rounding_vnd + Fraction(1, 2)) * rounding_vnd
