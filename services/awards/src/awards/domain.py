"""Nomination rules that are not eligibility: status after the check, holds, disclosure windows, grounds."""

from __future__ import annotations

from datetime import date, timedelta

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
