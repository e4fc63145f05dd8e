"""Rules of campaigns, deadlines, late windows and registrations."""

from __future__ import annotations

from datetime import date

import pytest
from registration.domain import (
    AlreadyRegistered,
    Association,
    Campaign,
    CampaignNotLaunched,
    DeadlinePassed,
    InvalidInput,
    InvalidState,
    Person,
    Plan,
    Registration,
    VersionConflict,
    default_deadline,
)

DEADLINE = date(2026, 3, 31)
BEFORE, AFTER = date(2026, 3, 1), date(2026, 4, 2)


def campaign(**overrides: object) -> Campaign:
    values: dict[str, object] = {
        "id": "c1",
        "code": "TD-2026",
        "name": "Thi đua 2026",
        "year": 2026,
        "kind": "annual",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
        "registration_deadline": DEADLINE,
        "launched": True,
    }
    return Campaign(**(values | overrides))  # type: ignore[arg-type]


def association(**overrides: object) -> Association:
    values: dict[str, object] = {
        "id": "a1",
        "code": "HTH",
        "name": "Hội Tin học",
        "kind": "member_association",
    }
    return Association(**(values | overrides))  # type: ignore[arg-type]


def plan(**overrides: object) -> Plan:
    values: dict[str, object] = {
        "collective_name": "Hội Tin học",
        "individuals": (Person(personal_code="P1", full_name="Nguyễn Thị Hoa"),),
    }
    return Plan(**(values | overrides))  # type: ignore[arg-type]


def registration(today: date = BEFORE, late_until: date | None = None) -> Registration:
    return Registration.submit(
        id="r1",
        campaign=campaign(),
        association=association(),
        plan=plan(),
        today=today,
        late_until=late_until,
    )


class TestDefaultDeadline:
    def test_an_annual_campaign_defaults_to_the_configured_day_of_its_year(self) -> None:
        assert default_deadline("annual", 2026) == date(2026, 3, 31)
        assert default_deadline("annual", 2026, annual_deadline=(4, 15)) == date(2026, 4, 15)

    def test_special_and_thematic_campaigns_have_no_default_deadline(self) -> None:
        assert default_deadline("special", 2026) is None
        assert default_deadline("thematic", 2026) is None


class TestCampaign:
    def test_an_unknown_kind_is_refused(self) -> None:
        with pytest.raises(InvalidInput):
            campaign(kind="weekly")

    def test_a_period_ending_before_it_starts_is_refused(self) -> None:
        with pytest.raises(InvalidInput):
            campaign(period_end=date(2025, 12, 31))

    def test_launching_twice_has_no_second_effect(self) -> None:
        draft = campaign(launched=False)
        assert draft.launch() is True
        assert draft.launch() is False

    def test_the_deadline_day_itself_is_still_open(self) -> None:
        assert campaign().open_for_changes(today=DEADLINE)

    def test_a_campaign_without_deadline_is_always_open(self) -> None:
        assert campaign(registration_deadline=None).open_for_changes(today=date(2030, 1, 1))

    def test_a_late_window_reopens_it_until_its_last_day(self) -> None:
        assert campaign().open_for_changes(today=AFTER, late_until=AFTER)
        assert not campaign().open_for_changes(today=AFTER, late_until=date(2026, 4, 1))


class TestSubmitRegistration:
    def test_before_the_deadline_a_registration_is_version_one_and_submitted(self) -> None:
        made = registration()
        assert (made.version, made.status, made.late) == (1, "submitted", False)

    def test_after_the_deadline_it_is_refused(self) -> None:
        with pytest.raises(DeadlinePassed):
            registration(today=AFTER)

    def test_in_a_late_window_it_is_accepted_and_marked_late(self) -> None:
        assert registration(today=AFTER, late_until=AFTER).late is True

    def test_a_draft_campaign_takes_no_registrations(self) -> None:
        with pytest.raises(CampaignNotLaunched):
            Registration.submit(
                id="r",
                campaign=campaign(launched=False),
                association=association(),
                plan=plan(),
                today=BEFORE,
            )

    def test_an_inactive_association_cannot_register(self) -> None:
        with pytest.raises(InvalidInput):
            Registration.submit(
                id="r", campaign=campaign(), association=association(active=False), plan=plan(), today=BEFORE
            )

    def test_a_personal_code_may_appear_once(self) -> None:
        twice = (Person(personal_code="P1", full_name="A"), Person(personal_code="P1", full_name="B"))
        with pytest.raises(InvalidInput):
            Registration.submit(
                id="r",
                campaign=campaign(),
                association=association(),
                plan=plan(individuals=twice),
                today=BEFORE,
            )

    def test_names_are_stored_in_nfc(self) -> None:
        decomposed = "Nguye\u0302\u0303n Thi\u0323"
        made = Registration.submit(
            id="r",
            campaign=campaign(),
            association=association(),
            today=BEFORE,
            plan=plan(individuals=(Person(personal_code="P1", full_name=decomposed),)),
        )
        assert made.plan.individuals[0].full_name == "Nguyễn Thị"

    def test_one_per_campaign_is_a_named_rule(self) -> None:
        assert AlreadyRegistered.slug == "already-registered"


class TestAmendRegistration:
    def test_an_amendment_bumps_the_version_and_names_the_changed_fields(self) -> None:
        made = registration()
        changed = made.amend(plan(targets=("x",)), campaign=campaign(), expected_version=1, today=BEFORE)
        assert (made.version, changed) == (2, ["targets"])

    def test_a_stale_version_is_a_conflict(self) -> None:
        made = registration()
        made.amend(plan(), campaign=campaign(), expected_version=1, today=BEFORE)
        with pytest.raises(VersionConflict):
            made.amend(plan(), campaign=campaign(), expected_version=1, today=BEFORE)

    def test_after_the_deadline_an_amendment_is_refused(self) -> None:
        with pytest.raises(DeadlinePassed):
            registration().amend(plan(), campaign=campaign(), expected_version=1, today=AFTER)

    def test_in_a_late_window_an_amendment_is_accepted_and_marked_late(self) -> None:
        made = registration()
        made.amend(plan(), campaign=campaign(), expected_version=1, today=AFTER, late_until=AFTER)
        assert made.late is True

    def test_a_withdrawn_registration_cannot_be_amended(self) -> None:
        made = registration()
        made.withdraw(campaign=campaign(), expected_version=1, today=BEFORE)
        with pytest.raises(InvalidState):
            made.amend(plan(), campaign=campaign(), expected_version=2, today=BEFORE)


class TestWithdrawRegistration:
    def test_before_the_deadline_it_is_withdrawn_as_a_new_version(self) -> None:
        made = registration()
        made.withdraw(campaign=campaign(), expected_version=None, today=BEFORE)
        assert (made.status, made.version) == ("withdrawn", 2)

    def test_after_the_deadline_without_late_window_it_is_refused(self) -> None:
        with pytest.raises(DeadlinePassed):
            registration().withdraw(campaign=campaign(), expected_version=None, today=AFTER)

    def test_withdrawing_twice_is_refused(self) -> None:
        made = registration()
        made.withdraw(campaign=campaign(), expected_version=None, today=BEFORE)
        with pytest.raises(InvalidState):
            made.withdraw(campaign=campaign(), expected_version=None, today=BEFORE)
