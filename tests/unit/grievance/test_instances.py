"""Second complaints (rule 38) and further denunciations (rule 48): not before, and within the window."""

from __future__ import annotations

from datetime import date

import pytest
from grievance.clock import Clock, DomainError
from grievance.domain import Grievance
from grievance.instances import basis, check_parent, open_later_case
from thidua.calendar import WorkingCalendar

CLOCK = Clock(WorkingCalendar())


def first(on: date = date(2026, 3, 2), kind: str = "complaint", **kw: object) -> Grievance:
    g = Grievance(id="p", tracking_code="KN-1", kind=kind, received_on=on, channel="api", **kw)  # type: ignore[arg-type]
    g.start_clock(CLOCK)
    return g


def second(on: date, kind: str = "complaint", **kw: object) -> Grievance:
    g = Grievance(id="c", tracking_code="KN-2", kind=kind, received_on=on, channel="api", instance=2,
                  parent_id="p", **kw)  # type: ignore[arg-type]  # fmt: skip
    return g


def resolved(on: date = date(2026, 3, 20), **kw: object) -> Grievance:
    g = first(**kw)
    g.accept(CLOCK, on=date(2026, 3, 3), complexity="normal", remote_area=bool(kw.get("remote_area")))
    g.resolve(CLOCK, on=on, outcome="rejected", remedy="none")
    return g


class TestSecondComplaint:
    def test_before_the_first_is_decided_or_overdue_it_is_refused(self) -> None:
        parent = first()
        parent.accept(CLOCK, on=date(2026, 3, 3), complexity="normal", remote_area=False)  # due 02/04
        with pytest.raises(DomainError, match="03/04/2026"):
            open_later_case(second(date(2026, 3, 20)), parent, CLOCK, decision_received_on=None)

    def test_after_the_decision_it_has_thirty_days_from_receiving_it(self) -> None:
        case = second(date(2026, 3, 25))
        open_later_case(case, resolved(), CLOCK, decision_received_on=date(2026, 3, 23))
        assert (case.informed_on, case.limitation_ends_on) == (date(2026, 3, 23), date(2026, 4, 22))
        assert case.informed_source == "first_instance_decision"

    def test_without_proof_of_receipt_the_decision_date_counts(self) -> None:
        case = second(date(2026, 3, 20))
        open_later_case(case, resolved(), CLOCK, decision_received_on=None)
        assert case.limitation_ends_on == date(2026, 4, 20)  # 19/04 is a Sunday

    def test_in_a_remote_area_the_window_is_forty_five_days(self) -> None:
        case = second(date(2026, 3, 25))
        open_later_case(case, resolved(remote_area=True), CLOCK, decision_received_on=date(2026, 3, 23))
        assert case.limitation_ends_on == date(2026, 5, 7)

    def test_after_the_missed_deadline_it_may_be_filed_the_next_day(self) -> None:
        parent = first()
        parent.accept(CLOCK, on=date(2026, 3, 3), complexity="normal", remote_area=False)  # due 02/04
        case = second(date(2026, 4, 3))
        open_later_case(case, parent, CLOCK, decision_received_on=None)
        assert case.informed_source == "first_instance_missed_deadline"
        assert case.limitation_ends_on == date(2026, 5, 4)  # 02/05 is a Saturday

    def test_a_late_second_complaint_is_filed_but_cannot_be_accepted(self) -> None:
        case = second(date(2026, 5, 20))
        open_later_case(case, resolved(), CLOCK, decision_received_on=None)
        case.start_clock(CLOCK)
        with pytest.raises(DomainError, match="thời hiệu"):
            case.accept(CLOCK, on=date(2026, 5, 20), complexity="normal", remote_area=False)

    def test_a_first_complaint_never_accepted_is_overdue_after_its_implied_deadline(self) -> None:
        parent = first()  # acceptance due 16/03 (10 working days), then 30 days: 15/04
        with pytest.raises(DomainError):
            open_later_case(second(date(2026, 4, 15)), parent, CLOCK, decision_received_on=None)
        open_later_case(second(date(2026, 4, 16)), parent, CLOCK, decision_received_on=None)

    @pytest.mark.parametrize("status", ["refused", "withdrawn", "suspended"])
    def test_a_refused_withdrawn_or_suspended_first_gives_no_basis(self, status: str) -> None:
        parent = first()
        parent.status = status
        with pytest.raises(DomainError):
            basis(parent, CLOCK, decision_received_on=None)

    def test_the_parent_must_be_a_first_complaint_of_the_same_complainant(self) -> None:
        with pytest.raises(DomainError):
            check_parent(second(date(2026, 4, 1)), None)
        with pytest.raises(DomainError):
            check_parent(second(date(2026, 4, 1)), first(kind="denunciation"))
        with pytest.raises(DomainError):
            check_parent(second(date(2026, 4, 1), complainant_association_id="a2"), first())
        check_parent(second(date(2026, 4, 1)), first())


class TestFurtherDenunciation:
    def test_it_waits_for_the_result_or_the_missed_deadline(self) -> None:
        parent = first(kind="denunciation")
        parent.accept(CLOCK, on=date(2026, 3, 3), complexity="normal", remote_area=False)  # due 02/04
        with pytest.raises(DomainError):
            open_later_case(
                second(date(2026, 3, 30), kind="denunciation"), parent, CLOCK, decision_received_on=None
            )
        case = second(date(2026, 4, 3), kind="denunciation")
        open_later_case(case, parent, CLOCK, decision_received_on=None)
        assert case.limitation_ends_on is None  # no window for a further denunciation, only the review clock
