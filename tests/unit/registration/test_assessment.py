"""Year-end self-assessment and the secretariat's verification."""

from __future__ import annotations

from datetime import date

import pytest
from registration.assessment import (
    AssessmentError,
    CollectiveAssessment,
    PersonAssessment,
    SelfAssessment,
    Verification,
)
from registration.domain import InvalidState, VersionConflict

from tests.unit.registration.test_domain import BEFORE, campaign, registration


def assessment(rating: str = "hoan_thanh_tot", codes: tuple[str, ...] = ("P1",)) -> SelfAssessment:
    return SelfAssessment(
        collective=CollectiveAssessment(task_rating=rating, member_count=10, members_completed_count=9),
        individuals=tuple(PersonAssessment(personal_code=c, task_rating=rating) for c in codes),
    )


def confirmed() -> Verification:
    return Verification(outcome="confirmed", verified_on=BEFORE, verified_by="sec")


class TestSelfAssessment:
    def test_an_unknown_task_rating_is_refused(self) -> None:
        with pytest.raises(AssessmentError):
            PersonAssessment(personal_code="P1", task_rating="gioi")

    def test_an_unknown_discipline_is_refused(self) -> None:
        with pytest.raises(AssessmentError):
            PersonAssessment(personal_code="P1", task_rating="hoan_thanh", discipline="phat")

    def test_more_completed_members_than_members_is_refused(self) -> None:
        with pytest.raises(AssessmentError):
            CollectiveAssessment(task_rating="hoan_thanh", member_count=3, members_completed_count=4)

    def test_it_must_rate_exactly_the_registered_individuals(self) -> None:
        with pytest.raises(AssessmentError):
            registration().assess(assessment(codes=("P1", "P2")), expected_version=None)
        with pytest.raises(AssessmentError):
            registration().assess(assessment(codes=()), expected_version=None)

    def test_recording_it_bumps_the_version(self) -> None:
        made = registration()
        made.assess(assessment(), expected_version=1)
        assert made.version == 2 and made.self_assessment == assessment()

    def test_a_stale_version_is_a_conflict(self) -> None:
        with pytest.raises(VersionConflict):
            registration().assess(assessment(), expected_version=7)

    def test_a_withdrawn_registration_cannot_be_assessed(self) -> None:
        made = registration()
        made.withdraw(campaign=campaign(), expected_version=None, today=BEFORE)
        with pytest.raises(InvalidState):
            made.assess(assessment(), expected_version=None)


class TestVerification:
    def test_a_confirmation_makes_the_self_assessment_the_verified_facts(self) -> None:
        made = registration()
        made.assess(assessment(), expected_version=None)
        assert made.verify(confirmed(), expected_version=None) == assessment()
        assert made.status == "verified"

    def test_an_adjustment_replaces_the_facts(self) -> None:
        made = registration()
        made.assess(assessment(), expected_version=None)
        adjusted = Verification(
            outcome="adjusted",
            verified_on=BEFORE,
            verified_by="sec",
            reason="thiếu minh chứng",
            adjusted=assessment("hoan_thanh"),
        )
        assert made.verify(adjusted, expected_version=None).collective.task_rating == "hoan_thanh"

    def test_an_adjustment_needs_a_reason(self) -> None:
        with pytest.raises(AssessmentError):
            Verification(outcome="adjusted", verified_on=BEFORE, verified_by="s", adjusted=assessment())

    def test_a_confirmation_carries_no_adjusted_facts(self) -> None:
        with pytest.raises(AssessmentError):
            Verification(outcome="confirmed", verified_on=BEFORE, verified_by="s", adjusted=assessment())

    def test_an_unknown_outcome_is_refused(self) -> None:
        with pytest.raises(AssessmentError):
            Verification(outcome="maybe", verified_on=date(2026, 1, 1), verified_by="s")

    def test_nothing_is_verified_without_a_self_assessment(self) -> None:
        with pytest.raises(InvalidState):
            registration().verify(confirmed(), expected_version=None)

    def test_a_verified_registration_cannot_be_verified_again(self) -> None:
        made = registration()
        made.assess(assessment(), expected_version=None)
        made.verify(confirmed(), expected_version=None)
        with pytest.raises(InvalidState):
            made.verify(confirmed(), expected_version=None)
