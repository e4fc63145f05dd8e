"""Every nominee is told the result, why, the council's counts and how and by when to complain; when a
nominee counts as informed (rule 51 of docs/rules.md, issue 15 items 1 and 2)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from notify import domain
from notify.domain import ROUTING, DirectoryEntry, Proof
from notify.handlers import _documents
from notify.rendering import render
from thidua.calendar import WorkingCalendar

from tests.unit.notify.samples import envelope

DIRECTORY = {"a-1": DirectoryEntry("a-1", "Hội Tin học tỉnh", ("vp@hoi.vn",))}
OUTCOMES = ("nomination.rejected", "nomination.deferred", "nomination.resumed", "award.cancelled")
PERSON = {"kind": "individual", "name": "Trần Văn Minh", "unit": "Hội Tin học", "personal_code": "P-7"}
COUNCIL = {
    "session_id": "s-9", "held_on": "2026-12-10", "yes": 6, "no": 3, "abstain": 1, "base": 11,
    "required_yes": 9,
}  # fmt: skip


@pytest.mark.parametrize("event_type", OUTCOMES)
def test_each_outcome_is_statutory_and_reaches_the_person_on_their_own_address(event_type: str) -> None:
    route = ROUTING[event_type]
    field = "awardee" if event_type.startswith("award.") else "nominee"
    env = envelope(event_type, **{field: PERSON})
    found = domain.resolve_recipients(route, env.data, DIRECTORY, {"P-7": "minh@example.vn"})
    assert route.statutory
    assert [(r.key, r.emails) for r in found] == [
        ("person:P-7", ("minh@example.vn",)),
        ("association:a-1", ("vp@hoi.vn",)),
    ]


def test_a_nominee_the_council_did_not_pass_is_told_the_counts_and_how_to_complain_by_when() -> None:
    env = envelope("nomination.rejected", reason="council_vote_failed", council=COUNCIL, nominee=PERSON)
    complaint = domain.complaint_terms(date(2026, 3, 1), WorkingCalendar())
    out = render(
        "nomination.rejected", "email", {"data": env.data, "complaint": complaint, "recipient_name": "x"}
    )
    assert "Hội đồng Thi đua - Khen thưởng không thông qua" in out.body
    assert "6 phiếu đồng ý, 3 phiếu không đồng ý, 1 phiếu không biểu quyết" in out.body
    assert "cần ít nhất 9 phiếu đồng ý" in out.body
    # 90 days from 01/03/2026 end on Saturday 30/05/2026, so on Monday 01/06/2026 (BLDS Điều 148 k5)
    assert "trong thời hạn 90 ngày" in out.body and "đến hết ngày 01/06/2026" in out.body
    assert "Luật Khiếu nại 2011 Điều 9" in out.body


def test_a_refusal_at_the_dossier_check_gives_the_written_reasons() -> None:
    env = envelope(
        "nomination.rejected",
        reason="dossier_refused",
        explanation="Thiếu biên bản bình xét.",
        failed_criteria=[],
    )
    complaint = domain.complaint_terms(date(2026, 12, 3), WorkingCalendar())
    out = render("nomination.rejected", "inbox", {"data": env.data, "complaint": complaint})
    assert "hồ sơ đề nghị không hợp lệ" in out.body and "Thiếu biên bản bình xét." in out.body
    assert "phiếu" not in out.body  # no council count when the council never voted


def test_a_cancellation_says_its_ground_and_how_to_complain() -> None:
    env = envelope("award.cancelled", ground="false_information")
    complaint = domain.complaint_terms(date(2026, 12, 3), WorkingCalendar())
    out = render("award.cancelled", "inbox", {"data": env.data, "complaint": complaint})
    assert "khai man hồ sơ" in out.body and "có quyền khiếu nại" in out.body


def test_the_notice_states_the_complaint_deadline_counted_from_its_own_day() -> None:
    env = envelope("nomination.deferred")
    notices, _ = _documents(
        env, ROUTING["nomination.deferred"], [(domain.Recipient("association", "a-1"), "")]
    )
    assert "có quyền khiếu nại trong thời hạn 90 ngày" in notices[0]["body"]


AT = datetime(2026, 12, 3, 3, tzinfo=UTC)


class TestInformedAt:
    def test_an_e_mail_to_the_association_does_not_inform_a_person_with_their_own_address(self) -> None:
        proofs = [Proof("association", "email", AT), Proof("association", "inbox", AT)]
        assert domain.informed_at(proofs, own_address=True) is None
        assert domain.informed_at([*proofs, Proof("person", "email", AT)], own_address=True) == AT

    def test_a_notice_read_in_the_association_inbox_informs_a_collective(self) -> None:
        assert domain.informed_at([Proof("association", "inbox", AT)], own_address=False) == AT

    def test_a_webhook_is_not_informing(self) -> None:
        assert domain.informed_at([Proof("webhook", "webhook", AT)], own_address=False) is None


def test_the_informing_deadline_counts_working_days_from_the_receipt() -> None:
    # received Friday 24/04/2026: Giỗ Tổ (Sunday 26/04, off on Monday 27/04), 30/04 and 01/05 are holidays
    # and weekends are skipped: 28, 29/04, 04-08/05, 11, 12, 13/05 -> the 10th working day is 13/05
    assert domain.informing_due(date(2026, 4, 24), WorkingCalendar()) == date(2026, 5, 13)
