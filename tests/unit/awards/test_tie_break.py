"""DOMAIN §12 rule 18: among equally qualified candidates, prefer women or collectives with ≥ 70% women."""

from __future__ import annotations

from fractions import Fraction

from awards.eligibility.rules import param_share, rule
from awards.priority import Candidate, preferred, priority_order
from hypothesis import given
from hypothesis import strategies as st

SHARE = param_share("tie_break_women")
Q = ("CSTDCS", 2025, "passed", 9)


def _refs(candidates: list[Candidate]) -> list[str]:
    return [c.ref for c in priority_order(candidates, share=SHARE)]


class TestNd152Dieu4K6TieBreak:
    def test_the_rule_is_data(self) -> None:
        assert (rule("tie_break_women").source, SHARE) == ("NĐ152 Điều 4 k6", Fraction(7, 10))

    def test_a_woman_comes_before_an_equally_qualified_man(self) -> None:
        man, woman = Candidate("m", Q, female=False), Candidate("w", Q, female=True)
        assert _refs([man, woman]) == ["w", "m"]

    def test_a_collective_with_70_percent_women_is_preferred_69_is_not(self) -> None:
        c69 = Candidate("c69", Q, women=69, members=100)
        c70 = Candidate("c70", Q, women=7, members=10)
        assert (preferred(c69, share=SHARE), preferred(c70, share=SHARE)) == (False, True)
        assert _refs([c69, c70]) == ["c70", "c69"]

    def test_differently_qualified_candidates_keep_their_places(self) -> None:
        man = Candidate("m", Q, female=False)
        other = Candidate("x", ("CSTDCS", 2025, "passed", 8), female=True)
        woman = Candidate("w", Q, female=True)
        assert _refs([man, other, woman]) == ["w", "x", "m"]

    def test_unknown_gender_leaves_the_group_unchanged(self) -> None:
        man, unknown, woman = Candidate("m", Q, False), Candidate("u", Q), Candidate("w", Q, True)
        assert _refs([man, unknown, woman]) == ["m", "u", "w"]
        assert preferred(Candidate("z", Q, women=3, members=0), share=SHARE) is None

    @given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from([True, False, None])), max_size=12))
    def test_a_stable_permutation_within_each_group(self, specs: list[tuple[int, bool | None]]) -> None:
        candidates = [Candidate(str(i), (g,), female=f) for i, (g, f) in enumerate(specs)]
        ranked = priority_order(candidates, share=SHARE)
        assert sorted(c.ref for c in ranked) == sorted(c.ref for c in candidates)
        assert [c.qualification for c in ranked] == [c.qualification for c in candidates]
        assert priority_order(ranked, share=SHARE) == ranked
