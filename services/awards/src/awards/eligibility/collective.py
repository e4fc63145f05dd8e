"""Criteria of the collective titles and forms: TTLĐTT, TTLĐXS, Bằng khen for a collective."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from awards import messages as msg
from awards.catalogue import CONG_TRANG, TTLDXS
from awards.eligibility.common import check, countable_awards, cycles, held, rating_floor
from awards.eligibility.model import HTTNV, HTXSNV, Criterion, Facts
from awards.eligibility.rules import param_int, param_share


def _share(code: str, count: int | None, facts: Facts) -> Criterion:
    collective = facts.collective
    if collective is None or count is None:
        return check(code, None, msg.NO_MEMBER_COUNTS)
    needed = param_share(code)
    ok = collective.member_count > 0 and Fraction(count, collective.member_count) >= needed
    return check(
        code, ok, msg.SHARE.format(count=count, members=collective.member_count, share=float(needed))
    )


def ttldxs(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 8: HTXSNV; 100% complete tasks; ≥ 70% LĐTT; ≥ 1 CSTĐCS."""
    collective = facts.collective
    ldtt = None if collective is None else collective.members_ldtt
    cstdcs = None if collective is None else collective.members_cstdcs
    least = param_int("ttldxs_one_cstdcs", "min")
    return [
        rating_floor(facts, "ttldxs_rating", facts.year, HTXSNV),
        _share("ttldxs_all_completed", None if collective is None else collective.members_completed, facts),
        _share("ttldxs_ldtt_share", ldtt, facts),
        check("ttldxs_one_cstdcs", None if cstdcs is None else cstdcs >= least,
              msg.MEMBERS_CSTDCS.format(count=cstdcs)),
    ]  # fmt: skip


def ttldtt(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 9: HTTNV; ≥ 70% LĐTT; no member disciplined at warning or above."""
    collective = facts.collective
    disciplined = None if collective is None else collective.members_disciplined
    return [
        rating_floor(facts, "ttldtt_rating", facts.year, HTTNV),
        _share("ttldtt_ldtt_share", None if collective is None else collective.members_ldtt, facts),
        check("ttldtt_no_discipline",
              None if disciplined is None else disciplined <= param_int("ttldtt_no_discipline", "max"),
              msg.MEMBERS_DISCIPLINED.format(count=disciplined)),
    ]  # fmt: skip


def bang_khen(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 13: two consecutive years HTXSNV or TTLĐXS."""
    code = "bang_khen_collective_consecutive"
    if facts.commendation_type != CONG_TRANG:
        return [check(code, True, msg.NOT_CONG_TRANG)]
    wanted = cycles(facts.year, count=param_int(code, "years"), offset=param_int(code, "offset"))
    awards = countable_awards(facts, on=on)

    def excellent(year: int) -> bool:
        facts_of_year = facts.year_facts(year)
        return held(awards, TTLDXS, year) or (
            facts_of_year is not None and facts_of_year.task_rating == HTXSNV
        )

    return [
        check(code, all(excellent(y) for y in wanted), msg.CYCLES.format(first=wanted[0], last=wanted[-1]))
    ]


def co_tinh(facts: Facts, *, on: date) -> list[Criterion]:
    """Rule 11: only the leader of a province-organized cluster or block, once per cluster a year."""
    code, cluster = "co_tinh_cluster_leader", facts.cluster
    if cluster is None:
        return [check(code, None, msg.NO_CLUSTER.format(year=facts.year))]
    if not cluster.organized_by_province:
        return [check(code, False, msg.CLUSTER_NOT_PROVINCIAL.format(cluster=cluster.cluster_id))]
    if cluster.other_holder is not None:
        taken = msg.CLUSTER_TAKEN.format(
            cluster=cluster.cluster_id, year=facts.year, holder=cluster.other_holder
        )
        return [check(code, False, taken)]
    if cluster.leader is None:
        return [check(code, None, msg.CLUSTER_NO_LEADER.format(cluster=cluster.cluster_id, year=facts.year))]
    verdict = msg.CLUSTER_LEADER if cluster.leader else msg.CLUSTER_NOT_LEADER
    return [check(code, cluster.leader, verdict.format(cluster=cluster.cluster_id, year=facts.year))]
