"""The grievance aggregate: classification, admissibility and the actions' rules."""

from __future__ import annotations

from datetime import date

import pytest
from grievance.domain import Clock, DomainError, Grievance, InvalidTransition, classify
from grievance.rules import complexity_of
from thidua.calendar import WorkingCalendar

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


def obstacle(first: str, last: str) -> dict[str, object]:
    return {"from": first, "until": last, "reason": "illness", "document": "Giấy ra viện số 12"}


class TestAdmissibility:
    def test_a_complaint_past_its_limitation_cannot_be_accepted(self) -> None:
        g = received("complaint", on=date(2026, 6, 1))
        g.set_informed(CLOCK, on=date(2026, 1, 2), source="notice")
        assert g.limitation_ends_on == date(2026, 4, 2)
        with pytest.raises(DomainError, match="thời hiệu"):
            g.accept(CLOCK, on=date(2026, 6, 2), complexity="normal", remote_area=False)
        g.refuse(on=date(2026, 6, 2), reason="limitation_expired")
        assert g.status == "refused" and not g.deadlines

    def test_obstacle_time_the_officer_accepts_keeps_a_late_complaint_admissible(self) -> None:
        g = received("complaint", on=date(2026, 4, 20))
        g.set_informed(CLOCK, on=date(2026, 1, 2), source="notice")
        g.add_obstacle(CLOCK, obstacle("2026-02-01", "2026-03-02"))  # 30 days in hospital
        assert g.limitation_ends_on == date(2026, 5, 4)  # 02/05 is a Saturday
        g.accept(CLOCK, on=date(2026, 4, 21), complexity="complex", remote_area=True)
        assert g.deadlines["resolution"].due_on == date(2026, 6, 22)  # remote complex: 60 days, 20/06 Sat

    def test_overlapping_obstacles_count_each_day_once(self) -> None:
        g = received("complaint", on=date(2026, 6, 1))
        g.set_informed(CLOCK, on=date(2026, 1, 2), source="notice")
        g.add_obstacle(CLOCK, obstacle("2026-02-01", "2026-02-10"))
        g.add_obstacle(CLOCK, obstacle("2026-02-06", "2026-02-15"))
        assert g.limitation_ends_on == date(2026, 4, 17)  # 90 + 15 days

    def test_an_obstacle_must_end_before_receipt_and_not_before_it_starts(self) -> None:
        g = received("complaint", on=date(2026, 3, 2))
        with pytest.raises(DomainError):
            g.add_obstacle(CLOCK, obstacle("2026-02-10", "2026-02-01"))
        with pytest.raises(DomainError):
            g.add_obstacle(CLOCK, obstacle("2026-02-10", "2026-03-10"))

    def test_obstacles_are_for_complaints_only(self) -> None:
        with pytest.raises(DomainError):
            received("denunciation").add_obstacle(CLOCK, obstacle("2026-02-01", "2026-02-02"))

    def test_the_informing_date_cannot_follow_receipt(self) -> None:
        with pytest.raises(DomainError):
            received("complaint", on=date(2026, 3, 2)).set_informed(
                CLOCK, on=date(2026, 3, 3), source="officer"
            )

    def test_without_an_informing_date_there_is_no_limitation_to_check(self) -> None:
        g = received("complaint", on=date(2026, 3, 2))
        g.set_informed(CLOCK, on=None, source=None)
        assert g.limitation_ends_on is None and g.informed_source is None


class TestDisciplineComplaints:
    def discipline(self, on: date, *, dismissal: bool = False, instance: int = 1) -> Grievance:
        target = {"kind": "discipline_decision", "decision_id": "kl-1", "dismissal": dismissal}
        return received("complaint", on=on, targets=[target], instance=instance, parent_id="p")

    def test_the_first_complaint_has_fifteen_days_from_receiving_the_decision(self) -> None:
        g = self.discipline(date(2026, 3, 20))
        g.set_informed(CLOCK, on=date(2026, 3, 2), source="officer")
        assert g.limitation_ends_on == date(2026, 3, 17)
        with pytest.raises(DomainError, match="thời hiệu"):
            g.accept(CLOCK, on=date(2026, 3, 20), complexity="normal", remote_area=False)

    def test_the_second_has_ten_days_or_thirty_for_a_dismissal(self) -> None:
        g = self.discipline(date(2026, 3, 20), instance=2)
        g.set_informed(CLOCK, on=date(2026, 3, 2), source="first_instance_decision")
        assert g.limitation_ends_on == date(2026, 3, 12)
        dismissed = self.discipline(date(2026, 3, 20), instance=2, dismissal=True)
        dismissed.set_informed(CLOCK, on=date(2026, 3, 2), source="first_instance_decision")
        assert dismissed.limitation_ends_on == date(2026, 4, 1)

    def test_resolution_is_thirty_days_or_forty_five_when_complex(self) -> None:
        g = self.discipline(date(2026, 3, 2))
        g.accept(CLOCK, on=date(2026, 3, 2), complexity="complex", remote_area=True)
        assert g.deadlines["resolution"].due_on == date(2026, 4, 16)  # 45 days; remote changes nothing


class TestDenunciationExtensions:
    def test_a_normal_case_cannot_be_extended(self) -> None:
        with pytest.raises(DomainError):
            accepted().extend(CLOCK, on=date(2026, 3, 20))

    def test_a_complex_case_gets_one_thirty_day_extension(self) -> None:
        g = accepted("complex")
        # 30 more days end on 01/05/2026, Labour Day: the period ends on Monday 04/05 (BLDS Điều 148 k5)
        assert g.extend(CLOCK, on=date(2026, 3, 30)) == (date(2026, 4, 1), date(2026, 5, 4))
        with pytest.raises(DomainError):
            g.extend(CLOCK, on=date(2026, 4, 30))

    def test_an_especially_complex_case_gets_two_for_ninety_days_in_all(self) -> None:
        g = accepted("especially_complex")
        g.extend(CLOCK, on=date(2026, 3, 30))
        g.extend(CLOCK, on=date(2026, 4, 30))
        # 90 days in all from 02/03: 31/05/2026, a Sunday, so Monday 01/06 (each extension counts from the
        # previous period's own last day, not from the day it was moved to)
        assert g.deadlines["resolution"].due_on == date(2026, 6, 1) and g.status == "extended"

    def test_a_complaint_is_not_extended(self) -> None:
        with pytest.raises(DomainError):
            accepted(kind="complaint").extend(CLOCK, on=date(2026, 3, 20))


class TestLifecycle:
    def test_acceptance_starts_resolution_and_notice_deadlines(self) -> None:
        g = accepted()
        assert set(g.deadlines) == {"resolution", "acceptance_notice"}
        assert g.deadlines["acceptance_notice"].due_on == date(2026, 3, 9)

    def test_suspension_stops_the_clock_and_the_time_left_runs_again_from_the_continuation(self) -> None:
        g = accepted()  # accepted 02/03/2026: 30 days to 01/04
        g.suspend(CLOCK, on=date(2026, 3, 10))  # 8 days used, 22 left
        assert all(d.kind != "resolution" for d in g.alertable())
        g.resume(CLOCK, on=date(2026, 3, 20))
        assert g.deadlines["resolution"].due_on == date(2026, 4, 13) and g.status == "accepted"  # 11/04 Sat
        assert "continuation_notice" not in g.deadlines  # received before 01/07/2026

    def test_from_july_2026_a_complaint_gets_suspension_and_continuation_notice_deadlines(self) -> None:
        g = received("complaint", on=date(2026, 7, 1))
        g.accept(CLOCK, on=date(2026, 7, 2), complexity="normal", remote_area=False)
        g.suspend(CLOCK, on=date(2026, 7, 10))
        assert g.deadlines["suspension_notice"].due_on == date(2026, 7, 15)
        g.resume(CLOCK, on=date(2026, 7, 24))
        assert "suspension_notice" not in g.deadlines
        assert g.deadlines["continuation_notice"].due_on == date(2026, 7, 29)  # 3 working days
        assert g.deadlines["resolution"].due_on == date(2026, 8, 17)  # 22 days left from 24/07: 15/08 Sat
        g.record_notice(notice="continuation_notice", on=date(2026, 7, 27))
        assert "continuation_notice" not in g.deadlines
        with pytest.raises(InvalidTransition):
            g.record_notice(notice="continuation_notice", on=date(2026, 7, 27))

    def test_the_accused_notice_meets_the_acceptance_notice_deadline(self) -> None:
        g = accepted()
        g.inform_accused(on=date(2026, 3, 5))
        assert g.accused_informed_on == date(2026, 3, 5) and "acceptance_notice" not in g.deadlines
        with pytest.raises(DomainError):
            accepted(kind="complaint").inform_accused(on=date(2026, 3, 5))

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


class TestForwarding:
    def test_a_denunciation_has_five_working_days_to_be_forwarded(self) -> None:
        g = received(on=date(2026, 3, 6))  # a Friday
        assert g.deadlines["forward"].due_on == date(2026, 3, 13)
        assert g.deadlines["acceptance"].due_on == date(2026, 3, 17)

    def test_forwarding_closes_the_case_and_records_timeliness(self) -> None:
        g = received(on=date(2026, 3, 6))
        g.forward(on=date(2026, 3, 16), to_authority="Thanh tra tỉnh")
        assert (g.status, g.forwarded_to, g.on_time, g.deadlines) == (
            "forwarded",
            "Thanh tra tỉnh",
            False,
            {},
        )

    def test_accepting_or_confirming_competence_drops_the_forwarding_deadline(self) -> None:
        g = received()
        g.confirm_competence(on=date(2026, 3, 3))
        assert "forward" not in g.deadlines and "acceptance" in g.deadlines
        assert "forward" not in accepted().deadlines

    def test_only_a_received_denunciation_is_forwarded(self) -> None:
        with pytest.raises(DomainError):
            received("complaint").forward(on=date(2026, 3, 3), to_authority="Sở Nội vụ")
        with pytest.raises(InvalidTransition):
            accepted().forward(on=date(2026, 3, 3), to_authority="Sở Nội vụ")


class TestFurtherDenunciation:
    def test_it_is_reviewed_within_twenty_days_then_resolved_again_in_thirty(self) -> None:
        g = received(on=date(2026, 3, 2), instance=2, parent_id="p")
        assert set(g.deadlines) == {"further_review"}
        assert g.deadlines["further_review"].due_on == date(2026, 3, 23)  # 22/03 is a Sunday
        g.accept(CLOCK, on=date(2026, 3, 20), complexity="normal", remote_area=False)
        assert "further_review" not in g.deadlines and g.deadlines["resolution"].due_on == date(2026, 4, 20)
