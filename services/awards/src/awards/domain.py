"""Nominations and their rules, apart from eligibility: status after the check, holds, readiness, disclosure.

Pure (stdlib only). The records here are stored and answered field for field (see `awards.jsonable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from awards import messages as msg
from awards.eligibility import Report
from awards.errors import DomainError, OutOfScope
from awards.jsonable import jsonable

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
# A forwarded nomination still awaits the province's decision, so a grievance holds it too (NĐ152 Điều 4 k4).
FINAL = (REJECTED, DECIDED)
OPEN_DOSSIER = (INCOMPLETE, SUBMITTED, DEFERRED)  # a supplement is taken only before the council
BOARD_VISIBLE = (FORWARDED,)  # the provincial board reads forwarded nominations only


class Ineligible(DomainError):
    """The nomination fails at least one criterion of law; it is refused."""

    slug = "ineligible"

    def __init__(self, report: Report) -> None:
        failed = [jsonable(c) for c in report.failed]
        super().__init__(msg.INELIGIBLE, failed_criteria=failed, report=jsonable(report))
        self.report = report


def nominee_key(kind: str, *, personal_code: str | None, association_id: str | None) -> str:
    """The key facts and history are kept under: a personal code, or the collective's association id."""
    return f"{kind}:{personal_code if kind == 'individual' else association_id}"


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


@dataclass(frozen=True)
class Actor:
    """Who calls: staff (secretariat, council) read everything; the board reads forwarded nominations."""

    sub: str
    association_id: str | None = None
    secretariat: bool = False
    staff: bool = False
    board: bool = False

    def ensure_may_act_for(self, association_id: str) -> None:
        """Raise OutOfScope unless the secretariat or an officer of this association."""
        if not self.secretariat and self.association_id != association_id:
            raise OutOfScope(msg.OTHER_ASSOCIATION)

    def sees_personal_data(self, association_id: str | None) -> bool:
        """Staff and the board see awardees' personal codes and money; an officer only its own awardees'."""
        return (
            self.staff
            or self.board
            or (self.association_id is not None and self.association_id == association_id)
        )


@dataclass(kw_only=True)
class Hold:
    """A deferral hold (NĐ152 Điều 4 k4) on a nomination, or on a person for their later nominations."""

    id: str
    nomination_id: str | None = None
    nominee_key: str | None = None
    grievance_id: str
    reason: str = "grievance"
    active: bool = True


@dataclass(frozen=True, kw_only=True)
class Target:
    """What a grievance is about: a nomination, a person (and their later nominations) or an award."""

    nomination_id: str | None = None
    personal_code: str | None = None
    award_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class PublicDisclosure:
    """A disclosure as the public sees it: name, unit, proposed award and the window only (and its id, which
    an objection names)."""

    id: str
    name: str
    unit: str
    award: str
    window_start: date
    window_end: date


@dataclass(frozen=True, kw_only=True)
class Disclosure:
    """A nomination on the public list (công khai): name, unit and proposed award, and the window."""

    id: str
    nomination_id: str
    campaign_id: str | None = None
    name: str
    unit: str
    award: str
    window_start: date
    window_end: date

    def public(self) -> PublicDisclosure:
        """What anyone may read of it."""
        return PublicDisclosure(
            id=self.id,
            name=self.name,
            unit=self.unit,
            award=self.award,
            window_start=self.window_start,
            window_end=self.window_end,
        )
