"""Council quorum and vote tally (pure): deterministic, order-independent, against ALL members.

NĐ98 Điều 30 k7: the threshold is a share of the TOTAL council membership, not of those present;
absent members vote in writing and are counted. How a recusal counts is UNCONFIRMED and configurable.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

YES, NO, ABSTAIN = "yes", "no", "abstain"
VOTES = (YES, NO, ABSTAIN)


class RecusalRule(StrEnum):
    """How recused members count against the base (UNCONFIRMED: a setting)."""

    COUNT_IN_BASE = "count_in_base"  # the strict reading: the base stays ALL members
    EXCLUDE_FROM_BASE = "exclude_from_base"


@dataclass(frozen=True)
class Tally:
    """The result of one nomination's vote: counts only, never who voted how."""

    yes: int
    no: int
    abstain: int
    recused: int
    base: int
    threshold: Fraction
    required_yes: int
    passed: bool


def required_yes(base: int, threshold: Fraction) -> int:
    """Smallest number of yes votes reaching `threshold` of `base`, in exact arithmetic."""
    return math.ceil(threshold * base)


def tally(
    votes: Iterable[str],
    *,
    member_count: int,
    threshold: Fraction,
    recused: int = 0,
    recusal_rule: RecusalRule = RecusalRule.COUNT_IN_BASE,
) -> Tally:
    """Count `votes` (present and written) against `threshold` of the membership."""
    counts = Counter(votes)
    unknown = set(counts) - set(VOTES)
    if unknown:
        raise ValueError(f"unknown vote value(s): {sorted(unknown)}")
    if sum(counts.values()) + recused > member_count:
        raise ValueError("more ballots and recusals than council members")
    base = member_count - recused if recusal_rule is RecusalRule.EXCLUDE_FROM_BASE else member_count
    needed = required_yes(base, threshold)
    return Tally(
        yes=counts[YES],
        no=counts[NO],
        abstain=counts[ABSTAIN],
        recused=recused,
        base=base,
        threshold=threshold,
        required_yes=needed,
        passed=base > 0 and counts[YES] >= needed,
    )


def quorum_met(*, present: int, member_count: int, share: Fraction) -> bool:
    """Attendance reaches `share` of the members (BN86 Điều 8 k4b: 2/3; 80% for award sessions)."""
    return member_count > 0 and Fraction(present, member_count) >= share
