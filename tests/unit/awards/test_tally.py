"""Council tally: NĐ98 Điều 30 k7 (thresholds of TOTAL members), BN86 Điều 8 k4b (quorum)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from awards.domain import DEFERRED, INCOMPLETE, SUBMITTED, Ineligible, status_after_check
from awards.eligibility import Criterion, Outcome, Report
from awards.tally import ABSTAIN, NO, YES, RecusalRule, quorum_met, tally
from hypothesis import given
from hypothesis import strategies as st

EIGHTY, NINETY = Fraction(4, 5), Fraction(9, 10)
votes_lists = st.lists(st.sampled_from([YES, NO, ABSTAIN]), min_size=1, max_size=60)


class TestTallyProperties:
    @given(votes=votes_lists, data=st.data())
    def test_ballot_order_never_changes_the_result(self, votes: list[str], data: st.DataObject) -> None:
        shuffled = data.draw(st.permutations(votes))
        assert tally(votes, member_count=60, threshold=EIGHTY) == tally(
            shuffled, member_count=60, threshold=EIGHTY
        )

    @given(members=st.integers(min_value=1, max_value=500), data=st.data())
    def test_the_base_is_all_members_not_those_voting(self, members: int, data: st.DataObject) -> None:
        voting = data.draw(st.integers(min_value=0, max_value=members))
        result = tally([YES] * voting, member_count=members, threshold=EIGHTY)
        assert result.base == members
        assert result.passed == (Fraction(voting, members) >= EIGHTY)

    @given(yes=st.integers(min_value=0, max_value=30), written=st.integers(min_value=0, max_value=30))
    def test_written_votes_of_absent_members_are_counted(self, yes: int, written: int) -> None:
        result = tally([YES] * yes + [YES] * written, member_count=60, threshold=EIGHTY)
        assert result.yes == yes + written


class TestThresholdEdges_ND98_Dieu30_k7:
    def test_79_9_percent_fails_and_80_percent_passes(self) -> None:
        assert not tally([YES] * 799 + [NO] * 201, member_count=1000, threshold=EIGHTY).passed
        assert tally([YES] * 800 + [NO] * 200, member_count=1000, threshold=EIGHTY).passed

    def test_cstd_tinh_needs_90_percent_of_total_members(self) -> None:
        assert tally([YES] * 18, member_count=20, threshold=NINETY).passed
        assert not tally([YES] * 17, member_count=20, threshold=NINETY).passed

    def test_a_recused_member_still_counts_in_the_base_by_default(self) -> None:
        result = tally([YES] * 8, member_count=10, threshold=EIGHTY, recused=1)
        assert result.base == 10 and result.passed

    def test_recusal_can_be_configured_to_leave_the_base(self) -> None:
        result = tally([YES] * 8, member_count=10, threshold=NINETY, recused=1,
                       recusal_rule=RecusalRule.EXCLUDE_FROM_BASE)  # fmt: skip
        assert result.base == 9 and not result.passed

    def test_more_ballots_than_members_is_refused(self) -> None:
        with pytest.raises(ValueError, match="more ballots"):
            tally([YES] * 3, member_count=2, threshold=EIGHTY)


class TestQuorum_BN86_Dieu8_k4b:
    def test_award_sessions_need_80_percent_present(self) -> None:
        assert not quorum_met(present=15, member_count=19, share=EIGHTY)
        assert quorum_met(present=16, member_count=20, share=EIGHTY)


def _report(*outcomes: Outcome) -> Report:
    return Report("LDTT", "ND152", tuple(Criterion(f"c{i}", o, "src") for i, o in enumerate(outcomes)))


class TestRule20Deferral_ND152_Dieu4_k4:
    def test_an_open_hold_defers_instead_of_refusing(self) -> None:
        assert status_after_check(_report(Outcome.PASSED), open_holds=1) == DEFERRED

    def test_missing_evidence_leaves_it_incomplete(self) -> None:
        assert status_after_check(_report(Outcome.MISSING_EVIDENCE), open_holds=0) == INCOMPLETE
        assert status_after_check(_report(Outcome.PASSED), open_holds=0) == SUBMITTED

    def test_a_failed_criterion_refuses(self) -> None:
        with pytest.raises(Ineligible):
            status_after_check(_report(Outcome.FAILED, Outcome.MISSING_EVIDENCE), open_holds=0)
