"""Criteria of the individual titles and forms: LĐTT, CSTĐCS, CSTĐ tỉnh, Bằng khen and Giấy khen."""

from __future__ import annotations

from datetime import date

from awards import messages as msg
from awards.catalogue import CONG_TRANG, CSTDCS, LDTT
from awards.eligibility.common import (
    check,
    countable_awards,
    cycles,
    cycles_after_discipline,
    held,
    rating_floor,
)
from awards.eligibility.model import HTTNV, HTXSNV, Criterion, Facts, Outcome, rating_at_least
from awards.eligibility.rules import param_int


def ldtt(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 7: LĐTT needs a rating of HTTNV or better."""
    return [rating_floor(facts, "ldtt_rating", facts.year, HTTNV)]


def cstdcs(facts: Facts, *, on: date) -> list[Criterion]:
    """Rules 2–4: the LĐTT standard plus at least one of four achievements; no quota."""
    current = facts.year_facts(facts.year)
    meets_ldtt: bool | None
    if held(facts.awards, LDTT, facts.year):
        meets_ldtt = True
    else:
        meets_ldtt = (
            None
            if current is None or current.task_rating is None
            else (rating_at_least(current.task_rating, HTTNV))
        )
    if current is None:
        one_of: bool | None = None
    else:
        found = (current.task_rating == HTXSNV) + current.base_initiatives + current.provincial_initiatives
        one_of = found + current.accepted_works + current.provincial_works >= param_int(
            "cstdcs_one_of_four", "min"
        )
    return [
        check("cstdcs_meets_ldtt", meets_ldtt, msg.MEETS_LDTT),
        check("cstdcs_one_of_four", one_of, msg.ONE_OF_FOUR),
        check("cstdcs_no_cap", True, msg.NO_CAP),
    ]  # fmt: skip


def _consecutive_cstdcs(facts: Facts, code: str, wanted: list[int], *, on: date) -> Criterion:
    """CSTĐCS in every cycle of `wanted`; the considered cycle's own CSTĐCS, conferred first in the same
    round (DOMAIN.md §3.2), is missing evidence until it is on record, not a failure."""
    awards = countable_awards(facts, on=on)
    counted = cycles_after_discipline(facts, wanted)
    lacking = [y for y in wanted if y not in counted or not held(awards, CSTDCS, y)]
    if lacking == [facts.year] and facts.year in counted:
        return check(code, None, msg.CSTDCS_OF_THE_CYCLE_FIRST.format(year=facts.year))
    return check(code, not lacking, msg.LACKING_CSTDCS.format(years=msg.listing(lacking)) if lacking else "")


def _span(facts: Facts, code: str) -> list[int]:
    return cycles(facts.year, count=param_int(code, "cycles"), offset=param_int(code, "offset"))


def cstd_tinh(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 5: CSTĐCS in N consecutive cycles ending with the considered one, plus a province-scope
    initiative from any year of that span."""
    code = "cstd_tinh_consecutive_cstdcs"
    consecutive = _consecutive_cstdcs(facts, code, _span(facts, code), on=on)
    span = [facts.year_facts(y) for y in _span(facts, "cstd_tinh_province_initiative")]
    provincial = sum(y.provincial_initiatives + y.provincial_works for y in span if y is not None) > 0
    scope = check("cstd_tinh_province_initiative", provincial or None, msg.PROVINCE_INITIATIVE)
    return [consecutive, scope]


def bang_khen(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 12: two consecutive CSTĐCS, or two consecutive HTXSNV years with two initiatives, the window
    ending with the considered cycle."""
    code = "bang_khen_individual_consecutive"
    if facts.commendation_type != CONG_TRANG:
        return [check(code, True, msg.NOT_CONG_TRANG)]
    wanted = cycles(facts.year, count=param_int(code, "cstdcs"), offset=param_int(code, "offset"))
    years = [facts.year_facts(y) for y in wanted]
    path_b = all(y is not None and y.task_rating == HTXSNV for y in years) and sum(
        y.base_initiatives + y.provincial_initiatives + y.accepted_works + y.provincial_works
        for y in years
        if y is not None
    ) >= param_int(code, "initiatives")
    if path_b:
        return [check(code, True, msg.CYCLES.format(first=wanted[0], last=wanted[-1]))]
    path_a = _consecutive_cstdcs(facts, code, wanted, on=on)
    if path_a.outcome is not Outcome.FAILED:
        return [path_a]
    return [check(code, False, msg.CYCLES.format(first=wanted[0], last=wanted[-1]))]


def giay_khen(facts: Facts, *, on: date) -> list[Criterion]:
    """Giấy khen for an individual: HTTNV or better (BN86 Điều 4 k3), same floor as rule 7."""
    if facts.commendation_type != CONG_TRANG:
        return []
    return [rating_floor(facts, "ldtt_rating", facts.year, HTTNV)]
