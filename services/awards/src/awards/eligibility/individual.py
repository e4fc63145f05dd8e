"""Criteria of the individual titles and forms: LĐTT, CSTĐCS, CSTĐ tỉnh, Bằng khen and Giấy khen."""

from __future__ import annotations

from datetime import date

from awards import messages as msg
from awards.catalogue import BANG_KHEN_TINH, CONG_TRANG, CSTD_TINH, CSTDCS, LDTT
from awards.eligibility.common import (
    check,
    countable_awards,
    cycles,
    cycles_after_discipline,
    held,
    rating_floor,
)
from awards.eligibility.model import HTTNV, HTXSNV, Criterion, Facts, Outcome, rating_at_least
from awards.eligibility.rules import param_int, rule


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


def _consecutive_cstdcs(
    facts: Facts, code: str, wanted: list[int], *, on: date, title: str = CSTDCS
) -> Criterion:
    """`title` (CSTĐCS unless told) in every cycle of `wanted`; the considered cycle's own title, conferred
    first in the same round (rule 5), is missing evidence until it is on record, not a failure."""
    awards = countable_awards(facts, on=on)
    counted = cycles_after_discipline(facts, wanted)
    lacking = [y for y in wanted if y not in counted or not held(awards, title, y)]
    name = msg.TITLE_NAMES.get(title, title)
    if lacking == [facts.year] and facts.year in counted:
        return check(code, None, msg.TITLE_OF_THE_CYCLE_FIRST.format(title=name, year=facts.year))
    detail = msg.LACKING_TITLE.format(title=name, years=msg.listing(lacking)) if lacking else ""
    return check(code, not lacking, detail)


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


def cstd_toan_quoc(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 6: CSTĐ tỉnh in 2 consecutive cycles ending with the considered one, plus an initiative or work
    with nationwide effect from that span. Proposed through the province; the Union never confers it."""
    code = "cstd_toan_quoc_consecutive_cstd_tinh"
    consecutive = _consecutive_cstdcs(facts, code, _span(facts, code), on=on, title=CSTD_TINH)
    span = [facts.year_facts(y) for y in _span(facts, "cstd_toan_quoc_national_initiative")]
    national = sum(y.national_initiatives + y.national_works for y in span if y is not None) > 0
    scope = check("cstd_toan_quoc_national_initiative", national or None, msg.NATIONAL_INITIATIVE)
    return [consecutive, scope]


def bang_khen_thu_tuong(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 14: a provincial Bằng khen, and 5 consecutive years rated HTTNV or better ending with the
    considered cycle, with 3 CSTĐCS in that span."""
    code = "bang_khen_thu_tuong_consecutive_years"
    rule_params = rule(code).params
    floor = str(rule_params["floor"])
    wanted = cycles(facts.year, count=param_int(code, "years"), offset=param_int(code, "offset"))
    awards = countable_awards(facts, on=on)
    provincial = any(a.code == BANG_KHEN_TINH and a.year <= facts.year for a in awards)
    unrated = [y for y in wanted if (f := facts.year_facts(y)) is None or f.task_rating is None]
    below = [y for y in wanted if (f := facts.year_facts(y)) is not None and f.task_rating is not None
             and not rating_at_least(f.task_rating, floor)]  # fmt: skip
    cstdcs = sum(1 for y in wanted if held(awards, CSTDCS, y))
    enough = cstdcs >= param_int(code, "cstdcs")
    years_ok: bool | None = False if below or not enough else (None if unrated else True)
    detail = msg.PM_YEARS.format(first=wanted[0], last=wanted[-1], cstdcs=cstdcs)
    return [
        check("bang_khen_thu_tuong_provincial_bang_khen", provincial, msg.PROVINCIAL_BANG_KHEN),
        check(code, years_ok, detail),
    ]


def giay_khen(facts: Facts, *, on: date) -> list[Criterion]:
    """Giấy khen for an individual: HTTNV or better (BN86 Điều 4 k3), same floor as rule 7."""
    if facts.commendation_type != CONG_TRANG:
        return []
    return [rating_floor(facts, "ldtt_rating", facts.year, HTTNV)]
