"""Stage rules of exemplary models (phát hiện → bồi dưỡng → tổng kết → nhân rộng), replication, stories."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from awards import exemplars
from awards.exemplars import (
    DISCOVERED,
    FOSTERED,
    REPLICATED,
    SUMMARIZED,
    ExemplarRuleBroken,
    adopt,
    advance,
    discover,
    ensure_publishable,
    ensure_selectable,
    next_stage,
    stage_counts,
)
from thidua.contracts.awards import EXEMPLAR_STAGES

AT = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _slug(slug: str) -> pytest.RaisesExc[ExemplarRuleBroken]:
    """Expect the rule named `slug` to be broken."""
    return pytest.raises(ExemplarRuleBroken, check=lambda e: e.slug == slug)


class TestStages:
    def test_the_stages_are_those_of_the_event_contract(self) -> None:
        assert exemplars.STAGES == EXEMPLAR_STAGES

    def test_a_model_starts_discovered_with_who_when_and_why(self) -> None:
        change = discover(by="officer", at=AT, reason="Phát hiện qua phong trào")
        assert (change.from_stage, change.to_stage, change.by, change.at) == (None, DISCOVERED, "officer", AT)

    def test_each_stage_has_one_next_stage_and_the_last_has_none(self) -> None:
        assert [next_stage(s) for s in exemplars.STAGES] == [FOSTERED, SUMMARIZED, REPLICATED, None]

    def test_a_model_moves_to_the_next_stage_with_a_reason(self) -> None:
        change = advance(DISCOVERED, FOSTERED, adoptions=0, by="sec", at=AT, reason="  Bồi dưỡng  ")
        assert (change.from_stage, change.to_stage, change.reason) == (DISCOVERED, FOSTERED, "Bồi dưỡng")

    def test_a_stage_is_never_skipped(self) -> None:
        with _slug("not-next-stage"):
            advance(DISCOVERED, SUMMARIZED, adoptions=0, by="sec", at=AT, reason="nhảy cóc")

    def test_a_stage_never_goes_back(self) -> None:
        with _slug("not-next-stage"):
            advance(SUMMARIZED, FOSTERED, adoptions=0, by="sec", at=AT, reason="lùi")

    def test_the_last_stage_has_no_next(self) -> None:
        with _slug("last-stage"):
            advance(REPLICATED, REPLICATED, adoptions=3, by="sec", at=AT, reason="lại")

    def test_an_unknown_stage_is_refused(self) -> None:
        with _slug("unknown-stage"):
            advance(DISCOVERED, "famous", adoptions=0, by="sec", at=AT, reason="?")

    def test_a_change_without_a_reason_is_refused(self) -> None:
        with _slug("reason-required"):
            advance(DISCOVERED, FOSTERED, adoptions=0, by="sec", at=AT, reason="   ")

    def test_replicated_needs_an_adopting_association_on_record(self) -> None:
        with _slug("no-adoption"):
            advance(SUMMARIZED, REPLICATED, adoptions=0, by="sec", at=AT, reason="nhân rộng")
        assert (
            advance(SUMMARIZED, REPLICATED, adoptions=1, by="sec", at=AT, reason="x").to_stage == REPLICATED
        )


class TestReplication:
    def adopt(
        self, *, stage: str = SUMMARIZED, adopters: tuple[str, ...] = (), association_id: str = "hoi-b"
    ) -> exemplars.Adoption:
        return adopt(owner="hoi-a", stage=stage, adopters=adopters, association_id=association_id, by="o",
                     at=AT, note="")  # fmt: skip

    def test_another_association_adopts_a_summarized_practice(self) -> None:
        assert self.adopt().association_id == "hoi-b"

    def test_an_association_does_not_replicate_its_own_model(self) -> None:
        with _slug("own-model"):
            self.adopt(association_id="hoi-a")

    def test_a_practice_not_yet_summarized_is_not_replicated(self) -> None:
        with _slug("not-summarized"):
            self.adopt(stage=FOSTERED)

    def test_an_association_adopts_a_practice_once(self) -> None:
        with _slug("already-adopted"):
            self.adopt(adopters=("hoi-b",))


class TestConferenceSelection:
    def test_a_summarized_model_of_the_campaign_is_selected(self) -> None:
        ensure_selectable(stage=REPLICATED, campaign_id="c-1", conference_campaign_id="c-1")

    def test_a_model_of_another_campaign_is_not(self) -> None:
        with _slug("other-campaign"):
            ensure_selectable(stage=SUMMARIZED, campaign_id="c-2", conference_campaign_id="c-1")

    def test_a_model_still_fostered_is_not(self) -> None:
        with _slug("not-summarized"):
            ensure_selectable(stage=FOSTERED, campaign_id="c-1", conference_campaign_id="c-1")

    def test_the_nomination_of_a_model_carries_its_achievement_ref(self) -> None:
        assert exemplars.achievement_ref("e-1") == "exemplar:e-1"


class TestPublication:
    STORY = "Hội Vật lý tỉnh đưa điện mặt trời về 12 trường học vùng cao năm 2025."

    def test_a_summarized_story_without_personal_data_is_publishable(self) -> None:
        ensure_publishable(stage=SUMMARIZED, published=False, texts=[self.STORY])

    def test_a_story_is_told_once_the_model_is_summarized(self) -> None:
        with _slug("not-summarized"):
            ensure_publishable(stage=FOSTERED, published=False, texts=[self.STORY])

    def test_a_story_is_published_once(self) -> None:
        with _slug("already-published"):
            ensure_publishable(stage=SUMMARIZED, published=True, texts=[self.STORY])

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("Liên hệ hoa.nguyen@example.vn", "email"),
            ("Điện thoại 0912 345 678", "phone"),
            ("CCCD 001190012345", "id_number"),
        ],
    )
    def test_personal_data_beyond_name_unit_and_achievement_is_refused(self, text: str, kind: str) -> None:
        assert exemplars.personal_data_in(text) == [kind]
        with _slug("personal-data"):
            ensure_publishable(stage=SUMMARIZED, published=False, texts=[self.STORY, text])


class TestStageCounts:
    def test_counts_per_association_and_field_at_and_having_reached_each_stage(self) -> None:
        docs = [
            {"association_id": "a", "field_of_work": "y tế", "stage": SUMMARIZED},
            {"association_id": "a", "field_of_work": "y tế", "stage": DISCOVERED},
            {"association_id": "b", "field_of_work": "nông nghiệp", "stage": REPLICATED},
        ]
        rows = stage_counts(docs)
        assert [(r["association_id"], r["field_of_work"]) for r in rows] == [
            ("a", "y tế"),
            ("b", "nông nghiệp"),
        ]
        assert rows[0]["reached"] == {DISCOVERED: 2, FOSTERED: 1, SUMMARIZED: 1, REPLICATED: 0}
        assert rows[0]["at"] == {DISCOVERED: 1, FOSTERED: 0, SUMMARIZED: 1, REPLICATED: 0}
        assert rows[1]["reached"][REPLICATED] == 1
