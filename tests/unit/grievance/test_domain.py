"""The grievance aggregate: classification, admissibility and the actions' rules."""

from __future__ import annotations

from datetime import date

import pytest
from grievance.calendar import WorkingCalendar
from grievance.domain import Clock, DomainError, Grievance, InvalidTransition, classify, limitation_ends_on
from grievance.rules import complexity_of

CLOCK = Clock(WorkingCalendar())


def received(kind: str = "denunciation", on: date = date(2026, 3, 2), **kw: object) -> Grievance:
    g = Grievance(id="g1", tracking_code="TC-1", kind=kind, received_on=on, channel="api", **kw)  # type: ignore[arg-type]
    g.start_clock(CLOCK)
    return g


def accepted(complexity: str = "normal", **kw: object) -> Grievance:
    g = received(**kw)  # type: ignore[arg-type]
    g.accept(CLOCK, on=date(2026, 3, 2), complexity=complexity, remote_area=False)
    return g


class TestClassification:
    def test_a_signed_letter_keeps_its_kind(self) -> None:
        assert classify(requested="denunciation", has_filer=True, names_person=True, has_evidence=True) == (
            "denunciation",
            False,
        )

    def test_an_anonymous_letter_naming_a_person_with_evidence_is_flagged_information(self) -> None:
        assert classify(requested="denunciation", has_filer=False, names_person=True, has_evidence=True) == (
            "information",
            True,
        )

    def test_an_anonymous_letter_without_evidence_is_unflagged_information(self) -> None:
        assert classify(requested="complaint", has_filer=False, names_person=True, has_evidence=False) == (
            "information",
            False,
        )

    def test_information_is_never_accepted(self) -> None:
        with pytest.raises(DomainError):
            received("information").accept(CLOCK, on=date(2026, 3, 3), complexity="normal", remote_area=False)


class TestComplexity:
    def test_one_criterion_is_complex_and_two_are_especially_complex(self) -> None:
        assert complexity_of(set()) == "normal"
        assert complexity_of({"multi_issue"}) == "complex"
        assert complexity_of({"multi_issue", "foreign_element"}) == "especially_complex"


class TestAdmissibility:
    def test_a_complaint_past_its_limitation_cannot_be_accepted(self) -> None:
        g = received("complaint", on=date(2026, 6, 1))
        g.limitation_ends_on = limitation_ends_on(
            CLOCK, informed_on=date(2026, 1, 2), obstacle_days=0, received_on=g.received_on
        )
        with pytest.raises(DomainError, match="limitation"):
            g.accept(CLOCK, on=date(2026, 6, 2), complexity="normal", remote_area=False)
        g.refuse(on=date(2026, 6, 2), reason="limitation_expired")
        assert g.status == "refused" and not g.deadlines

    def test_obstacle_days_keep_a_late_complaint_admissible(self) -> None:
        g = received("complaint", on=date(2026, 4, 20))
        g.limitation_ends_on = limitation_ends_on(
            CLOCK, informed_on=date(2026, 1, 2), obstacle_days=30, received_on=g.received_on
        )
        g.accept(CLOCK, on=date(2026, 4, 21), complexity="complex", remote_area=True)
        assert g.deadlines["resolution"].due_on == date(2026, 6, 20)  # remote complex: 60 days


class TestDenunciationExtensions:
    def test_a_normal_case_cannot_be_extended(self) -> None:
        with pytest.raises(DomainError):
            accepted().extend(CLOCK, on=date(2026, 3, 20))

    def test_a_complex_case_gets_one_thirty_day_extension(self) -> None:
        g = accepted("complex")
        assert g.extend(CLOCK, on=date(2026, 3, 30)) == (date(2026, 4, 1), date(2026, 5, 1))
        with pytest.raises(DomainError):
            g.extend(CLOCK, on=date(2026, 4, 30))

    def test_an_especially_complex_case_gets_two_for_ninety_days_in_all(self) -> None:
        g = accepted("especially_complex")
        g.extend(CLOCK, on=date(2026, 3, 30))
        g.extend(CLOCK, on=date(2026, 4, 30))
        assert g.deadlines["resolution"].due_on == date(2026, 5, 31) and g.status == "extended"

    def test_a_complaint_is_not_extended(self) -> None:
        with pytest.raises(DomainError):
            accepted(kind="complaint").extend(CLOCK, on=date(2026, 3, 20))


class TestLifecycle:
    def test_acceptance_starts_resolution_and_notice_deadlines(self) -> None:
        g = accepted()
        assert set(g.deadlines) == {"resolution", "acceptance_notice"}
        assert g.deadlines["acceptance_notice"].due_on == date(2026, 3, 9)

    def test_suspension_stops_the_clock_and_resumption_adds_the_time_back(self) -> None:
        g = accepted()
        g.suspend(CLOCK, on=date(2026, 3, 10))
        assert all(d.kind != "resolution" for d in g.alertable())
        g.resume(on=date(2026, 3, 20))
        assert g.deadlines["resolution"].due_on == date(2026, 4, 11) and g.status == "accepted"

    def test_resolution_records_timeliness_and_a_publication_deadline(self) -> None:
        g = accepted()
        g.resolve(CLOCK, on=date(2026, 4, 24), outcome="upheld", remedy="cancel_award")
        assert g.on_time is False and g.deadlines["publication"].due_on == date(2026, 5, 8)

    def test_a_rejected_case_has_no_remedy(self) -> None:
        with pytest.raises(DomainError):
            accepted().resolve(CLOCK, on=date(2026, 3, 20), outcome="rejected", remedy="cancel_award")

    def test_a_closed_case_takes_no_more_actions(self) -> None:
        g = accepted()
        g.withdraw(on=date(2026, 3, 5), partial=False, case_continues=False)
        with pytest.raises(InvalidTransition):
            g.resolve(CLOCK, on=date(2026, 3, 6), outcome="upheld", remedy="none")

    def test_a_withdrawal_that_continues_leaves_the_case_open(self) -> None:
        g = accepted()
        g.withdraw(on=date(2026, 3, 5), partial=False, case_continues=True)
        assert g.status == "accepted"

    def test_an_action_cannot_predate_receipt(self) -> None:
        with pytest.raises(DomainError):
            received().refuse(on=date(2026, 3, 1), reason="other")
