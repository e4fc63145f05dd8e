"""The eligibility engine: a pure function of (award type under its rule set, facts, date) to a report."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from awards import messages as msg
from awards.catalogue import (
    BANG_KHEN_THU_TUONG,
    BANG_KHEN_TINH,
    CO_TINH,
    COLLECTIVE,
    CSTD_TINH,
    CSTD_TOAN_QUOC,
    CSTDCS,
    GIAY_KHEN,
    INDIVIDUAL,
    LDTT,
    TTLDTT,
    TTLDXS,
    AwardType,
)
from awards.eligibility import collective, individual
from awards.eligibility.common import (
    check,
    discipline_window,
    dossier,
    in_force,
    one_achievement,
    registration,
    special_awards_note,
)
from awards.eligibility.model import Criterion, Facts, Report

Check = Callable[..., list[Criterion]]

_SPECIFIC: dict[tuple[str, str], Check] = {
    (LDTT, INDIVIDUAL): individual.ldtt,
    (CSTDCS, INDIVIDUAL): individual.cstdcs,
    (CSTD_TINH, INDIVIDUAL): individual.cstd_tinh,
    (BANG_KHEN_TINH, INDIVIDUAL): individual.bang_khen,
    (GIAY_KHEN, INDIVIDUAL): individual.giay_khen,
    (CSTD_TOAN_QUOC, INDIVIDUAL): individual.cstd_toan_quoc,
    (BANG_KHEN_THU_TUONG, INDIVIDUAL): individual.bang_khen_thu_tuong,
    (TTLDXS, COLLECTIVE): collective.ttldxs,
    (TTLDTT, COLLECTIVE): collective.ttldtt,
    (BANG_KHEN_TINH, COLLECTIVE): collective.bang_khen,
    (CO_TINH, COLLECTIVE): collective.co_tinh,
}


def evaluate(award_type: AwardType, facts: Facts, *, on: date) -> Report:
    """Check every criterion of `award_type` against `facts`, as the law stood on `on`."""
    criteria: list[Criterion] = [registration(facts), one_achievement(facts), dossier(award_type, facts)]
    if facts.nominee_kind not in award_type.subjects:
        kind = msg.named(msg.KIND_NAMES, facts.nominee_kind)
        criteria.append(
            check("dossier_complete", False, msg.NOT_FOR_KIND.format(code=award_type.code, kind=kind))
        )
    specific = _SPECIFIC.get((award_type.code, facts.nominee_kind))
    if specific is not None:
        criteria.extend(specific(facts, on=on))
    if facts.nominee_kind == INDIVIDUAL and award_type.commendation_types == ("cong_trang",):
        criteria.append(discipline_window(facts))
    criteria.extend(_notes(award_type, facts, on=on))
    return Report(award_type_code=award_type.code, rule_set=award_type.rule_set, criteria=tuple(criteria))


def _notes(award_type: AwardType, facts: Facts, *, on: date) -> list[Criterion]:
    """Rules 16, 17 and 19: recorded so the report explains what was (not) required."""
    notes: list[Criterion] = []
    special = special_awards_note(facts, on=on)
    if special is not None:
        notes.append(special)
    if award_type.kind == "form" and in_force("no_lower_form_prerequisite", on):
        notes.append(check("no_lower_form_prerequisite", True, msg.NO_LOWER_FORM))
    if facts.maternity_leave and in_force("maternity_leave_counts", on):
        notes.append(check("maternity_leave_counts", True, msg.MATERNITY_COUNTED))
    return notes
