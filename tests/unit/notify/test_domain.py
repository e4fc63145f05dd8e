"""Pure rules of notify: routing, recipients, preferences, retries, the informing deadline."""

from __future__ import annotations

from datetime import date

import pytest
from notify import domain
from notify.domain import ROUTING, DirectoryEntry, RetryPolicy
from thidua.calendar import WorkingCalendar

from tests.unit.notify.samples import envelope

DIRECTORY = {"a-1": DirectoryEntry("a-1", "Hội Vật lý tỉnh", ("vp@hoivl.vn",), {"u-1": "binh@hoivl.vn"})}


def recipients(event_type: str, **changes: object) -> list[domain.Recipient]:
    env = envelope(event_type, **changes)
    return domain.resolve_recipients(ROUTING[event_type], env.data, DIRECTORY)


class TestRouting:
    def test_every_routed_type_is_a_registered_contract(self) -> None:
        from thidua.contracts import EVENT_TYPES

        assert set(ROUTING) <= set(EVENT_TYPES)

    @pytest.mark.parametrize("event_type", ["award.decided", "award.cancelled", "grievance.resolved"])
    def test_award_decisions_cancellations_and_grievance_outcomes_are_statutory(
        self, event_type: str
    ) -> None:
        assert ROUTING[event_type].statutory

    def test_disclosure_is_not_statutory(self) -> None:
        assert not ROUTING["nomination.disclosed"].statutory


class TestRecipients:
    def test_award_decided_goes_to_the_awardee_and_the_association(self) -> None:
        found = recipients("award.decided")
        assert [r.key for r in found] == ["person:P-001", "association:a-1"]
        assert found[1].emails == ("vp@hoivl.vn",) and found[1].channels() == ("inbox", "email")

    def test_a_registration_goes_to_its_association(self) -> None:
        assert [r.key for r in recipients("registration.submitted")] == ["association:a-1"]

    def test_a_complaint_goes_to_the_complainant_officer_with_their_email(self) -> None:
        (only,) = recipients("grievance.accepted")
        assert only.key == "user:u-1" and only.emails == ("binh@hoivl.vn",)

    def test_a_denunciation_informs_nobody_here(self) -> None:
        assert recipients("grievance.received", kind="denunciation", complainant=None) == []

    def test_deadline_alerts_go_to_grievance_officers(self) -> None:
        assert [r.key for r in recipients("grievance.overdue")] == ["role:grievance_officer"]

    def test_forwarded_awards_go_to_the_board(self) -> None:
        assert [r.key for r in recipients("award.forwarded")] == ["role:board"]

    def test_an_unknown_association_gets_the_inbox_only(self) -> None:
        (only,) = recipients("registration.submitted", association_id="a-unknown")
        assert only.channels() == ("inbox",)

    def test_directory_entry_collects_contact_and_officer_emails(self) -> None:
        entry = domain.directory_entry(envelope("association.registered").data)
        assert entry.emails == ("vanphong@hoivl.example", "binh@hoivl.example")
        assert entry.officer_emails == {"u-1": "binh@hoivl.example"}


class TestPreferences:
    def test_a_muted_ordinary_notice_is_not_sent(self) -> None:
        assert not domain.should_send(ROUTING["nomination.disclosed"], {"nomination.disclosed"})

    def test_a_statutory_notice_always_goes(self) -> None:
        assert domain.should_send(ROUTING["award.decided"], {"award.decided"})

    def test_webhook_filters_match_exact_wildcard_and_all(self) -> None:
        assert domain.webhook_matches("award.decided", ["award.*"])
        assert domain.webhook_matches("award.decided", ["#"])
        assert not domain.webhook_matches("grievance.resolved", ["award.*", "award.decided"])


class TestIds:
    def test_ids_are_deterministic_per_event_recipient_and_channel(self) -> None:
        assert domain.delivery_id("e", "k", "email") == domain.delivery_id("e", "k", "email")
        assert domain.delivery_id("e", "k", "email") != domain.delivery_id("e", "k", "inbox")
        assert domain.notification_id("e", "k") != domain.notification_id("e", "k2")


class TestRetryPolicy:
    def test_backoff_doubles_up_to_the_cap(self) -> None:
        policy = RetryPolicy(base_s=30, cap_s=3600, max_attempts=10)
        assert policy.schedule()[:4] == [30, 60, 120, 240]
        assert policy.schedule()[-1] == 3600

    def test_default_schedule_keeps_retrying_for_hours(self) -> None:
        assert sum(RetryPolicy(base_s=30, cap_s=3600, max_attempts=12).schedule()) > 3 * 3600

    def test_gives_up_after_the_last_attempt(self) -> None:
        policy = RetryPolicy(base_s=1, cap_s=10, max_attempts=3)
        assert not policy.gives_up_after(2) and policy.gives_up_after(3)


CAL = WorkingCalendar()


class TestInformingDeadline:
    def test_weekends_do_not_count(self) -> None:
        # Mon 2026-03-02 + 10 working days = Mon 2026-03-16
        assert domain.informing_due(date(2026, 3, 2), CAL) == date(2026, 3, 16)

    def test_vietnamese_holidays_do_not_count(self) -> None:
        # Thu 2026-08-27 + 10 working days, skipping the National Day holidays (31/08–02/09 in 2026)
        assert domain.informing_due(date(2026, 8, 27), CAL) == date(2026, 9, 15)

    def test_the_tet_holiday_pushes_the_deadline(self) -> None:
        assert domain.informing_due(date(2026, 2, 13), CAL) == date(2026, 3, 6)

    def test_configured_days_off_and_worked_saturdays_count_as_in_every_service(self) -> None:
        cal = WorkingCalendar(extra_days_off=[date(2026, 3, 3)], extra_working_days=[date(2026, 3, 7)])
        assert domain.informing_due(date(2026, 3, 2), cal) == date(2026, 3, 16)  # one off, one worked
        assert domain.informing_due(
            date(2026, 3, 2), WorkingCalendar(extra_days_off=[date(2026, 3, 3)])
        ) == date(2026, 3, 17)

    def test_informed_on_the_last_day_is_on_time(self) -> None:
        due = domain.informing_due(date(2026, 3, 2), CAL)
        assert not domain.informed_late(date(2026, 3, 2), due, today=date(2026, 5, 1), calendar=CAL)

    def test_not_informed_after_the_deadline_is_late(self) -> None:
        assert domain.informed_late(date(2026, 3, 2), None, today=date(2026, 3, 17), calendar=CAL)
        assert not domain.informed_late(date(2026, 3, 2), None, today=date(2026, 3, 16), calendar=CAL)

    def test_the_rule_carries_its_source(self) -> None:
        assert "QĐ 311/QĐ-BNV" in domain.informing_rule(date(2026, 1, 1)).source


class TestPersonalEmail:
    def test_registrations_give_the_addresses_of_members_who_have_one(self) -> None:
        data = envelope(
            "registration.submitted",
            individuals=[
                {"personal_code": "P-001", "full_name": "Nguyễn Thị Hoa", "email": "hoa@example.vn"},
                {"personal_code": "P-002", "full_name": "Lê Văn Nam"},
            ],
        ).data
        assert domain.people_emails(data) == {"P-001": "hoa@example.vn"}

    def test_an_individual_awardee_with_a_known_address_is_reached_by_inbox_and_e_mail(self) -> None:
        env = envelope("award.decided")
        (person, _association) = domain.resolve_recipients(
            ROUTING["award.decided"], env.data, DIRECTORY, {"P-001": "hoa@example.vn"}
        )
        assert person.key == "person:P-001"
        assert person.channels() == ("inbox", "email") and person.emails == ("hoa@example.vn",)

    def test_without_an_address_the_awardee_has_the_inbox_only(self) -> None:
        (person, _association) = recipients("award.decided")
        assert person.channels() == ("inbox",)


class TestGrievanceParties:
    @pytest.mark.parametrize(
        "event_type", ["grievance.accepted", "grievance.refused", "grievance.suspended", "grievance.resumed"]
    )
    def test_the_complainant_is_told_of_acceptance_refusal_suspension_and_continuation(
        self, event_type: str
    ) -> None:
        assert ROUTING[event_type].statutory
        assert [r.key for r in recipients(event_type)] == ["user:u-1"]

    def test_the_accused_person_is_told_on_their_own_address_not_through_their_association(self) -> None:
        env = envelope("grievance.accused_informed", targets=[
            {"kind": "person", "personal_code": "P-9", "association_id": "a-1"},
            {"kind": "association", "association_id": "a-1"},
            {"kind": "award", "award_id": "aw-1"},
        ])  # fmt: skip
        found = domain.resolve_recipients(ROUTING[env.type], env.data, DIRECTORY, {"P-9": "p9@example.vn"})
        assert [(r.key, r.association_id, r.emails) for r in found] == [
            ("person:P-9", None, ("p9@example.vn",)),
            ("association:a-1", "a-1", ("vp@hoivl.vn",)),
        ]
        assert domain.personal_codes(env.data) == ["P-9"] and domain.association_ids(env.data) == ["a-1"]

    def test_a_sealed_filer_is_reached_by_e_mail_only_and_named_by_the_case(self) -> None:
        (filer,) = recipients("grievance.filer_notified")
        assert (filer.key, filer.channels(), filer.emails) == ("party:g-1", ("email",), ())
        assert filer.sealed == "k1:c2VhbGVk"
