"""The catalogue: titles and forms as data, rule sets selected by date (DOMAIN §3, §4, §12 rule 50)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from awards import catalogue


class TestRuleSetSelection:
    def test_nd98_applies_to_cycles_decided_before_1_july_2025(self) -> None:
        assert catalogue.rule_set_for(date(2025, 6, 30)).version == "ND98"

    def test_nd152_applies_from_1_july_2025(self) -> None:
        assert catalogue.rule_set_for(date(2025, 7, 1)).version == "ND152"

    def test_no_rule_set_before_the_2022_law_took_effect(self) -> None:
        with pytest.raises(catalogue.NoRuleSet):
            catalogue.rule_set_for(date(2023, 12, 31))


class TestCatalogue:
    def test_lists_the_required_award_types_and_the_state_forms_proposed_through_the_province(self) -> None:
        codes = {t.code for t in catalogue.award_types(catalogue.rule_set_for(date(2026, 1, 1)))}
        assert codes == {"LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "CO_THI_DUA_TINH", "GIAY_KHEN",
                         "BANG_KHEN_TINH", "CSTD_TOAN_QUOC", "BANG_KHEN_THU_TUONG"}  # fmt: skip

    def test_state_level_forms_stay_the_states_whatever_is_configured(self) -> None:
        overrides = catalogue.CatalogueOverrides(authorities={"CSTD_TOAN_QUOC": "union"})
        found = catalogue.award_type("CSTD_TOAN_QUOC", date(2026, 1, 1), overrides)
        assert found is not None and found.authority == catalogue.STATE

    def test_nd98_article_30_k7_thresholds_are_of_total_members(self) -> None:
        on = date(2025, 1, 1)
        assert catalogue.award_type("CSTDCS", on).vote_threshold == Fraction(4, 5)  # type: ignore[union-attr]
        assert catalogue.award_type("CO_THI_DUA_TINH", on).vote_threshold == Fraction(4, 5)  # type: ignore[union-attr]
        assert catalogue.award_type("CSTD_TINH", on).vote_threshold == Fraction(9, 10)  # type: ignore[union-attr]

    def test_nd152_vote_thresholds_are_marked_unconfirmed(self) -> None:
        cstd = catalogue.award_type("CSTD_TINH", date(2026, 1, 1))
        assert cstd is not None and not cstd.confirmed and "UNCONFIRMED" in (cstd.vote_source or "")

    def test_an_unconfirmed_threshold_is_configurable(self) -> None:
        overrides = catalogue.CatalogueOverrides(vote_thresholds={"CSTDCS": Fraction(2, 3)})
        cstdcs = catalogue.award_type("CSTDCS", date(2026, 1, 1), overrides)
        assert cstdcs is not None and cstdcs.vote_threshold == Fraction(2, 3)

    def test_provincial_titles_need_the_province(self) -> None:
        on = date(2026, 1, 1)
        assert catalogue.award_type("CSTD_TINH", on).authority == "province"  # type: ignore[union-attr]
        assert catalogue.award_type("GIAY_KHEN", on).authority == "union"  # type: ignore[union-attr]


class TestSettings:
    def test_unconfirmed_values_come_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from awards.settings import AwardsSettings

        monkeypatch.setenv("THIDUA_VOTE_THRESHOLDS", '{"CSTD_TINH": "9/10", "CSTDCS": "2/3"}')
        monkeypatch.setenv("THIDUA_AUTHORITIES", '{"TTLDXS": "union"}')
        overrides = AwardsSettings(env="dev").catalogue_overrides()
        cstdcs = catalogue.award_type("CSTDCS", date(2026, 1, 1), overrides)
        ttldxs = catalogue.award_type("TTLDXS", date(2026, 1, 1), overrides)
        assert cstdcs is not None and cstdcs.vote_threshold == Fraction(2, 3)
        assert ttldxs is not None and ttldxs.authority == "union"
