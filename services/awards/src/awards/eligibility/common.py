"""Criteria shared by every title and form: registration, one achievement, dossier, discipline, history."""

from __future__ import annotations

from datetime import date

from awards import messages as msg
from awards.catalogue import CHUYEN_DE, CONG_TRANG, DOT_XUAT, AwardType
from awards.eligibility.model import AwardRecord, Criterion, Facts, Outcome, rating_at_least
from awards.eligibility.rules import rule

SPECIAL_TYPES = (DOT_XUAT, CHUYEN_DE)


def criterion(code: str, outcome: Outcome, detail: str = "") -> Criterion:
    """A criterion citing the source of rule `code`."""
    return Criterion(code=code, outcome=outcome, source=rule(code).source, detail=detail)


def check(code: str, ok: bool | None, detail: str = "") -> Criterion:
    """Passed, failed, or (for `None`) missing evidence."""
    if ok is None:
        return criterion(code, Outcome.MISSING_EVIDENCE, detail)
    return criterion(code, Outcome.PASSED if ok else Outcome.FAILED, detail)


def in_force(code: str, on: date) -> bool:
    """True when rule `code` applies on `on`."""
    r = rule(code)
    return r.effective_from <= on and (r.effective_to is None or on <= r.effective_to)


def registration(facts: Facts) -> Criterion:
    """Rule 1: registration blocks only where the campaign itself requires it."""
    if not facts.registration_required:
        return check("registration_optional", True, msg.REGISTRATION_NOT_REQUIRED)
    return check("registration_optional", facts.registered, msg.REGISTRATION_REQUIRED)


def one_achievement(facts: Facts) -> Criterion:
    """Rule 15: one achievement, one award in one form."""
    if facts.duplicate_award is not None:
        detail = msg.ALREADY_AWARDED_OR_NOMINATED.format(ref=facts.duplicate_award)
        return check("one_achievement_one_award", False, detail)
    if facts.achievement_used_by is not None:
        return check(
            "one_achievement_one_award", False, msg.ACHIEVEMENT_USED.format(ref=facts.achievement_used_by)
        )
    return check("one_achievement_one_award", True)


def dossier(award_type: AwardType, facts: Facts) -> Criterion:
    """Rule 27: every dossier item the award type needs is present."""
    missing = [item for item in award_type.dossier_items if item not in facts.dossier]
    if missing:
        return check("dossier_complete", None, msg.DOSSIER_MISSING.format(items=msg.listing(missing)))
    return check("dossier_complete", True)


def discipline_window(facts: Facts) -> Criterion:
    """Rule 21: achievements count only from the end of a discipline period."""
    current = facts.year_facts(facts.year)
    if current is None:
        return check("discipline_window", None, msg.NO_FACTS.format(year=facts.year))
    if current.discipline != "none" and current.discipline_ends_on is None:
        return check(
            "discipline_window",
            False,
            msg.DISCIPLINE_NO_END.format(discipline=msg.named(msg.DISCIPLINE_NAMES, current.discipline)),
        )
    ends = current.discipline_ends_on
    if ends is not None and ends >= date(facts.year, 1, 1):
        return check("discipline_window", False, msg.DISCIPLINE_ENDS.format(day=msg.day(ends)))
    return check("discipline_window", True)


def countable_awards(facts: Facts, *, on: date) -> tuple[AwardRecord, ...]:
    """Rule 16: đột xuất and chuyên đề awards never count toward công trạng awards."""
    if facts.commendation_type != CONG_TRANG or not in_force("special_awards_excluded", on):
        return facts.awards
    return tuple(a for a in facts.awards if a.commendation_type not in SPECIAL_TYPES)


def special_awards_note(facts: Facts, *, on: date) -> Criterion | None:
    """Rule 16, reported: how many prior awards were left out."""
    if not in_force("special_awards_excluded", on):
        return None
    excluded = len(facts.awards) - len(countable_awards(facts, on=on))
    return check("special_awards_excluded", True, msg.SPECIAL_NOT_COUNTED.format(count=excluded))


def cycles(year: int, *, count: int, offset: int) -> list[int]:
    """The `count` consecutive cycles ending `offset` years before `year`."""
    last = year - offset
    return list(range(last - count + 1, last + 1))


def cycles_after_discipline(facts: Facts, years: list[int]) -> list[int]:
    """Rule 21 for history: cycles that started before a discipline period ended do not count."""
    ends = [y.discipline_ends_on for y in facts.years if y.discipline_ends_on is not None]
    if not ends:
        return years
    reset = max(ends)
    return [y for y in years if date(y, 1, 1) > reset]


def held(awards: tuple[AwardRecord, ...], code: str, year: int) -> bool:
    """True when `code` was awarded for `year`."""
    return any(a.code == code and a.year == year for a in awards)


def rating_floor(facts: Facts, code: str, year: int, floor: str) -> Criterion:
    """The nominee's rating in `year` is `floor` or better."""
    current = facts.year_facts(year)
    if current is None or current.task_rating is None:
        return check(code, None, msg.NO_RATING.format(year=year))
    rating = msg.named(msg.RATING_NAMES, current.task_rating)
    return check(code, rating_at_least(current.task_rating, floor), msg.RATED.format(rating=rating))
