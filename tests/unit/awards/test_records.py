"""Nominations, awards and council sessions as records: their rules, and how they are stored and answered."""

from __future__ import annotations

from datetime import date

import pytest
from awards import catalogue
from awards.domain import DECIDED, DEFERRED, FORWARDED, INCOMPLETE, PASSED, REJECTED, SUBMITTED, Actor, Hold
from awards.eligibility import Report
from awards.errors import (
    AwardAlreadyCancelled,
    NominationClosed,
    NotConferringAuthority,
    NotDisclosable,
    NotOnAgenda,
    NotOnRoster,
    OutOfScope,
    Recused,
)
from awards.history import Award, CancellationDraft
from awards.jsonable import jsonable
from awards.nomination import Gender, Nomination, NominationDraft, Nominee, Objection
from awards.session import CouncilSession, Member, SessionDraft, VoteCount
from awards.tally import RecusalRule

from tests.unit.awards.builders import ON

NOMINEE = Nominee(kind="individual", name="Nguyễn Thị Hoa", unit="Hội Vật lý", personal_code="P-1")


def draft(**changes: object) -> NominationDraft:
    values: dict[str, object] = dict(
        association_id="hoi-a", award_type_code=catalogue.LDTT, year=2025, nominee=NOMINEE,
        achievement_report="Hoàn thành xuất sắc.",
    )  # fmt: skip
    return NominationDraft(**(values | changes))  # type: ignore[arg-type]


def nomination(status: str = SUBMITTED, code: str = catalogue.LDTT) -> Nomination:
    award_type = catalogue.award_type(code, ON)
    assert award_type is not None
    report = Report(award_type_code=code, rule_set=award_type.rule_set)
    return Nomination.propose(draft(award_type_code=code), id="n-1", award_type=award_type, report=report,
                              status=status, on=ON, by="officer", gender=Gender())  # fmt: skip


class TestANominationRecord:
    def test_it_carries_the_draft_the_rules_in_force_and_the_verdict(self) -> None:
        n = nomination(code=catalogue.CSTDCS)
        assert (n.nominee_key, n.considered_on, n.vote_threshold, n.rule_set) == (
            "individual:P-1",
            ON,
            "4/5",
            "ND152",
        )
        assert (
            n.council_vote_required and n.authority == catalogue.UNION and n.status_before_hold == SUBMITTED
        )

    def test_fields_that_come_later_are_left_out_until_they_have_a_value(self) -> None:
        stored = jsonable(nomination())
        assert not {"objections", "council", "award_id", "forwarding_id", "versions"} & set(stored)
        assert stored["considered_on"] == ON.isoformat() and stored["nominee"]["personal_code"] == "P-1"
        n = nomination()
        n.add_objection(Objection(received_on=date(2026, 2, 9)))
        assert jsonable(n)["objections"] == [
            {"received_on": "2026-02-09", "channel": "letter", "grievance_id": None}
        ]

    def test_a_hold_defers_it_and_its_release_brings_it_back(self) -> None:
        n = nomination(INCOMPLETE)
        n.defer()
        assert (n.status, n.status_before_hold) == (DEFERRED, INCOMPLETE)
        n.resume(other_holds=1)
        assert n.status == DEFERRED
        n.resume(other_holds=0)
        assert n.status == INCOMPLETE

    @pytest.mark.parametrize(("status", "holdable"), [(SUBMITTED, True), (FORWARDED, True), (DECIDED, False),
                                                      (REJECTED, False)])  # fmt: skip
    def test_only_a_final_nomination_escapes_a_hold(self, status: str, holdable: bool) -> None:
        assert nomination(status).holdable is holdable

    def test_the_union_decides_what_passed_or_needs_no_vote_the_province_what_was_forwarded(self) -> None:
        assert nomination(SUBMITTED).ready_for_decision(catalogue.UNION)
        assert not nomination(SUBMITTED, catalogue.CSTDCS).ready_for_decision(catalogue.UNION)
        assert nomination(PASSED, catalogue.CSTDCS).ready_for_decision(catalogue.UNION)
        assert not nomination(DEFERRED).ready_for_decision(catalogue.UNION)
        assert nomination(FORWARDED).ready_for_decision(catalogue.PROVINCE)
        assert not nomination(SUBMITTED).ready_for_decision(catalogue.PROVINCE)
        assert not nomination(FORWARDED, catalogue.CSTD_TOAN_QUOC).ready_for_decision(catalogue.PROVINCE)

    def test_a_supplement_only_before_the_council_and_disclosure_only_when_complete(self) -> None:
        with pytest.raises(NominationClosed):
            nomination(PASSED).ensure_supplementable()
        with pytest.raises(NotDisclosable):
            nomination(INCOMPLETE).ensure_disclosable()

    def test_a_supplement_keeps_the_earlier_version(self) -> None:
        n = nomination(INCOMPLETE)
        n.supplement(n.draft(achievement_report="Bổ sung."), report=n.report, status=SUBMITTED)
        assert (n.version, n.status, n.achievement_report) == (2, SUBMITTED, "Bổ sung.")
        assert n.versions is not None and n.versions[0].version == 1

    def test_who_sees_it(self) -> None:
        n = nomination(FORWARDED)
        assert n.visible_to(Actor(sub="s", staff=True)) and n.visible_to(Actor(sub="b", board=True))
        assert n.visible_to(Actor(sub="o", association_id="hoi-a"))
        assert not n.visible_to(Actor(sub="o", association_id="hoi-b"))
        assert not nomination(SUBMITTED).visible_to(Actor(sub="b", board=True))

    def test_an_officer_acts_for_their_own_association_only(self) -> None:
        Actor(sub="s", secretariat=True).ensure_may_act_for("hoi-b")
        with pytest.raises(OutOfScope):
            Actor(sub="o", association_id="hoi-a").ensure_may_act_for("hoi-b")


class TestAnAward:
    def award(self, authority: str = catalogue.UNION) -> Award:
        return Award(id="a-1", key="individual:P-1", kind="individual", code=catalogue.LDTT, year=2025,
                     nominee=NOMINEE, source="decision", authority=authority)  # fmt: skip

    def test_only_the_conferring_authority_cancels_it_and_only_once(self) -> None:
        signed = CancellationDraft(ground="false_information", number="1/QĐ", signed_on=ON, signer_name="A",
                                   signer_title="Chủ tịch")  # fmt: skip
        with pytest.raises(NotConferringAuthority):
            self.award("import").cancel(signed.cited(decision_id="d", authority="union"))
        award = self.award()
        award.mark_cancellation_due("false_information", grievance_id="g-1")
        assert award.cancel(signed.cited(decision_id="d", authority="union")) == "g-1"
        assert award.status == "cancelled" and not award.standing
        with pytest.raises(AwardAlreadyCancelled):
            award.cancel(signed.cited(decision_id="d2", authority="union"))


class TestACouncilSession:
    def session(self) -> CouncilSession:
        members = (Member(member_id="m1", name="A"), Member(member_id="m2", name="B", association_id="hoi-a",
                                                            present=False))  # fmt: skip
        plan = SessionDraft(held_on=date(2026, 1, 20), members=members, nomination_ids=("n-1",))
        return CouncilSession.convene(plan, id="s-1", by="sec", key_id="b1", salt="c2FsdA==")

    def test_only_the_roster_votes_on_the_agenda_and_a_member_is_recused_from_their_association(self) -> None:
        session = self.session()
        with pytest.raises(NotOnRoster):
            session.voter("m9")
        with pytest.raises(NotOnAgenda):
            session.ensure_votable(session.voter("m1"), "n-2", "hoi-b")
        with pytest.raises(Recused):
            session.ensure_votable(session.voter("m2"), "n-1", "hoi-a")

    def test_the_tally_counts_all_members_and_the_minutes_only_counts(self) -> None:
        session = self.session()
        session.counts["n-1"] = VoteCount(yes=1)
        tallied = session.tally_for(nomination(), RecusalRule.COUNT_IN_BASE)
        assert (tallied.yes, tallied.base, tallied.recused, session.present) == (1, 2, 1, 1)
        assert "A" not in session.minutes([], True, {}).split("\n", 1)[1]

    def test_a_new_session_is_answered_without_the_closure_fields(self) -> None:
        stored = jsonable(self.session())
        assert stored["counts"] == {"n-1": {"yes": 0, "no": 0, "abstain": 0}}
        assert not {"quorum_met", "minutes_document_id", "results"} & set(stored)


def test_a_hold_starts_active_on_a_grievance() -> None:
    assert jsonable(Hold(id="h", nomination_id="n", grievance_id="g")) == {
        "id": "h", "nomination_id": "n", "nominee_key": None, "grievance_id": "g", "reason": "grievance",
        "active": True,
    }  # fmt: skip
