"""Year-end results without a registration (L22 Điều 7; Bộ Nội vụ answer 09/04/2024)."""

from __future__ import annotations

from datetime import date

import pytest
from registration.assessment import AssessmentError
from registration.errors import InvalidState
from registration.year_end import PersonResult, YearEndResults


def person(code: str = "P-1", rating: str = "hoan_thanh_tot") -> PersonResult:
    return PersonResult(personal_code=code, task_rating=rating, full_name="Trần Thị Mai")


def results(*people: PersonResult) -> YearEndResults:
    return YearEndResults(
        id="y-1",
        association_id="a-1",
        year=2025,
        people=people,
        recorded_by="officer",
        recorded_on=date(2025, 12, 1),
    )


class TestL22Dieu7YearEndResults:
    def test_many_members_are_recorded_in_one_call_without_any_registration(self) -> None:
        recorded = results(person("P-1"), person("P-2"))
        assert recorded.status == "recorded" and len(recorded.people) == 2

    def test_a_member_is_rated_once_per_call(self) -> None:
        with pytest.raises(AssessmentError, match="một lần"):
            results(person("P-1"), person("P-1"))

    def test_confirmed_results_stand_as_recorded(self) -> None:
        recorded = results(person("P-1", "hoan_thanh_xuat_sac"))
        standing = recorded.verify(
            outcome="confirmed", reason=None, adjusted=None, verified_on=date(2025, 12, 20), verified_by="s"
        )
        assert standing[0].task_rating == "hoan_thanh_xuat_sac" and recorded.status == "verified"

    def test_adjusted_results_replace_the_recorded_facts_and_need_a_reason(self) -> None:
        recorded = results(person("P-1", "hoan_thanh_xuat_sac"))
        with pytest.raises(AssessmentError):
            recorded.verify(
                outcome="adjusted",
                reason="",
                adjusted=(person(),),
                verified_on=date(2025, 12, 20),
                verified_by="s",
            )
        standing = recorded.verify(
            outcome="adjusted",
            reason="Sai xếp loại",
            adjusted=(person(),),
            verified_on=date(2025, 12, 20),
            verified_by="s",
        )
        assert standing[0].task_rating == "hoan_thanh_tot"

    def test_an_adjustment_speaks_of_the_recorded_people_only(self) -> None:
        with pytest.raises(AssessmentError):
            results(person("P-1")).verify(
                outcome="adjusted",
                reason="x",
                adjusted=(person("P-9"),),
                verified_on=date(2025, 12, 20),
                verified_by="s",
            )

    def test_checked_results_are_not_checked_twice(self) -> None:
        recorded = results(person())
        recorded.verify(
            outcome="confirmed", reason=None, adjusted=None, verified_on=date(2025, 12, 20), verified_by="s"
        )
        with pytest.raises(InvalidState):
            recorded.verify(
                outcome="confirmed",
                reason=None,
                adjusted=None,
                verified_on=date(2025, 12, 20),
                verified_by="s",
            )
