"""The directory's rules, and the integration events the service publishes."""

from __future__ import annotations

import pytest
from registration import events
from registration.assessment import CollectiveAssessment, PersonAssessment, SelfAssessment, Verification
from registration.directory import Association, Officer
from registration.errors import InvalidInput, VersionConflict

from tests.unit.registration.test_domain import BEFORE, campaign, registration


def entry(**overrides: object) -> Association:
    values: dict[str, object] = {
        "id": "a1",
        "code": "HTH",
        "name": "Hội  Tin học",
        "kind": "member_association",
    }
    return Association(**(values | overrides))  # type: ignore[arg-type]


class TestAssociation:
    def test_an_unknown_kind_is_refused(self) -> None:
        with pytest.raises(InvalidInput):
            entry(kind="club")

    def test_it_cannot_be_its_own_parent(self) -> None:
        with pytest.raises(InvalidInput):
            entry(parent_id="a1")

    def test_names_of_the_entry_and_its_officers_are_normalised(self) -> None:
        made = entry(officers=(Officer(full_name="Le\u0302 Va\u0306n"),))
        assert (made.name, made.officers[0].full_name) == ("Hội Tin học", "Lê Văn")

    def test_an_update_is_the_next_version_and_keeps_the_code(self) -> None:
        made = entry()
        made.update(entry(code="OTHER", active=False), expected_version=1)
        assert (made.version, made.code, made.active) == (2, "HTH", False)

    def test_a_stale_update_is_a_conflict(self) -> None:
        with pytest.raises(VersionConflict):
            entry().update(entry(), expected_version=3)


class TestEvents:
    def test_campaign_launched_carries_the_registration_settings(self) -> None:
        event = events.campaign_launched(campaign())
        assert (event.campaign_id, event.registration_required, str(event.registration_deadline)) == (
            "c1",
            False,
            "2026-03-31",
        )

    def test_registration_submitted_carries_the_individuals_and_version(self) -> None:
        event = events.registration_submitted(registration(), actor_id="u1")
        assert (event.version, event.individuals[0].personal_code, event.actor_id) == (1, "P1", "u1")

    def test_registration_verified_carries_the_verified_facts_with_names(self) -> None:
        made = registration()
        facts = SelfAssessment(
            collective=CollectiveAssessment(
                task_rating="hoan_thanh_tot", member_count=5, members_completed_count=5
            ),
            individuals=(PersonAssessment(personal_code="P1", task_rating="hoan_thanh_xuat_sac"),),
        )
        made.assess(facts, expected_version=None)
        verification = Verification(outcome="confirmed", verified_on=BEFORE, verified_by="sec")
        event = events.registration_verified(
            made, verification=verification, facts=made.verify(verification, expected_version=None)
        )
        person = event.individuals[0]
        assert (person.full_name, person.task_rating, event.collective.member_count) == (
            "Nguyễn Thị Hoa",
            "hoan_thanh_xuat_sac",
            5,
        )
        assert event.collective.name == "Hội Tin học"
