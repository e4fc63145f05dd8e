"""Nomination status rules: deferral and release (NĐ152 Điều 4 k4), working-day windows."""

from __future__ import annotations

from awards.domain import DEFERRED, INCOMPLETE, SUBMITTED, status_after_release


class TestReleaseOfAHold_ND152_Dieu4_k4:
    def test_the_last_hold_lifted_restores_the_status_before_the_hold(self) -> None:
        assert status_after_release(missing=False, open_holds=0, before_hold=SUBMITTED) == SUBMITTED
        assert status_after_release(missing=False, open_holds=0, before_hold=INCOMPLETE) == INCOMPLETE

    def test_another_open_hold_keeps_it_deferred(self) -> None:
        assert status_after_release(missing=False, open_holds=1, before_hold=SUBMITTED) == DEFERRED

    def test_a_nomination_deferred_from_the_start_resumes_by_its_evidence(self) -> None:
        assert status_after_release(missing=True, open_holds=0, before_hold=DEFERRED) == INCOMPLETE
