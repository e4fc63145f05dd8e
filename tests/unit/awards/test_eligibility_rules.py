"""One test per rule of docs/rules.md, named after its source."""

from __future__ import annotations

from datetime import date

from awards.eligibility import AwardRecord, CollectiveFacts, YearFacts

from tests.unit.awards.builders import YEAR, collective, cstdcs_years, outcome, person, report

HTXS, TOT = "hoan_thanh_xuat_sac", "hoan_thanh_tot"


class TestRule1RegistrationOptional_L22_Dieu7:
    def test_an_unregistered_nominee_is_not_blocked(self) -> None:
        assert outcome(report("LDTT", person(registered=False)), "registration_optional") == "passed"

    def test_a_campaign_that_requires_registration_blocks_the_unregistered(self) -> None:
        rep = report("LDTT", person(registration_required=True, registered=False))
        assert outcome(rep, "registration_optional") == "failed"


class TestRule2CstdcsMeetsLdtt_L22_Dieu23_k1:
    def test_a_nominee_rated_only_hoan_thanh_fails(self) -> None:
        rep = report("CSTDCS", person(years=(YearFacts(YEAR, "hoan_thanh", base_initiatives=1),)))
        assert outcome(rep, "cstdcs_meets_ldtt") == "failed"


class TestRule3CstdcsOneOfFour_L22_Dieu23_k2:
    def test_htxsnv_alone_is_enough(self) -> None:
        rep = report("CSTDCS", person(years=(YearFacts(YEAR, HTXS),)))
        assert rep.failed == () and outcome(rep, "cstdcs_one_of_four") == "passed"

    def test_an_accepted_scientific_work_is_enough(self) -> None:
        rep = report("CSTDCS", person(years=(YearFacts(YEAR, TOT, accepted_works=1),)))
        assert outcome(rep, "cstdcs_one_of_four") == "passed"

    def test_htttnv_without_initiative_or_work_fails(self) -> None:
        assert outcome(report("CSTDCS", person()), "cstdcs_one_of_four") == "failed"


class TestRule4NoCap_L22_Dieu23:
    def test_no_percentage_cap_is_applied(self) -> None:
        assert outcome(report("CSTDCS", person(years=(YearFacts(YEAR, HTXS),))), "cstdcs_no_cap") == "passed"


class TestRule5CstdTinh_L22_Dieu22_TT07_2014_Dieu4_k3:
    """The window includes the considered cycle (rule 5): for 2025, CSTĐCS in 2023, 2024, 2025."""

    def facts(self, *years: int, provincial: int = 1, initiative_year: int = YEAR) -> object:
        rated = tuple(YearFacts(y, HTXS, provincial_initiatives=provincial if y == initiative_year else 0)
                      for y in range(YEAR - 2, YEAR + 1))  # fmt: skip
        return person(years=rated, awards=cstdcs_years(*years))

    def test_three_consecutive_cstdcs_ending_with_the_considered_cycle_pass(self) -> None:
        rep = report("CSTD_TINH", self.facts(2023, 2024, 2025))  # type: ignore[arg-type]
        assert rep.failed == () and rep.missing == ()

    def test_the_three_cycles_before_the_considered_one_no_longer_suffice(self) -> None:
        rep = report("CSTD_TINH", self.facts(2021, 2022, 2023, 2024))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_tinh_consecutive_cstdcs") == "missing_evidence"

    def test_the_considered_cycles_cstdcs_is_awaited_not_refused(self) -> None:
        rep = report("CSTD_TINH", self.facts(2023, 2024))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_tinh_consecutive_cstdcs") == "missing_evidence" and rep.failed == ()

    def test_a_gap_in_the_three_cycles_fails(self) -> None:
        rep = report("CSTD_TINH", self.facts(2022, 2024, 2025))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_tinh_consecutive_cstdcs") == "failed"

    def test_the_province_scope_initiative_may_date_from_any_year_of_the_span(self) -> None:
        rep = report("CSTD_TINH", self.facts(2023, 2024, 2025, initiative_year=2023))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_tinh_province_initiative") == "passed"

    def test_an_initiative_older_than_the_span_does_not_count(self) -> None:
        rep = report("CSTD_TINH", self.facts(2023, 2024, 2025, initiative_year=2022))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_tinh_province_initiative") == "missing_evidence"

    def test_the_window_is_a_parameter_of_the_rule_row(self) -> None:
        from awards.eligibility.rules import rule

        assert rule("cstd_tinh_consecutive_cstdcs").params == {"cycles": 3, "offset": 0}


class TestRule7LdttRating_L22_Dieu24_k1:
    def test_htttnv_passes(self) -> None:
        assert report("LDTT", person()).failed == ()

    def test_hoan_thanh_fails(self) -> None:
        assert (
            outcome(report("LDTT", person(years=(YearFacts(YEAR, "hoan_thanh"),))), "ldtt_rating") == "failed"
        )

    def test_no_verified_rating_is_missing_evidence(self) -> None:
        assert outcome(report("LDTT", person(years=())), "ldtt_rating") == "missing_evidence"


def _members(**kw: int) -> CollectiveFacts:
    values = {"member_count": 10, "members_completed": 10, "members_disciplined": 0, "members_ldtt": 7,
              "members_cstdcs": 1} | kw  # fmt: skip
    return CollectiveFacts(**values)


class TestRule8Ttldxs_L22_Dieu27_BN86_Dieu3_k2:
    def test_100_70_1_passes(self) -> None:
        assert report("TTLDXS", collective(collective=_members())).failed == ()

    def test_one_member_not_completing_fails(self) -> None:
        rep = report("TTLDXS", collective(collective=_members(members_completed=9)))
        assert outcome(rep, "ttldxs_all_completed") == "failed"

    def test_69_percent_ldtt_fails(self) -> None:
        rep = report("TTLDXS", collective(collective=_members(member_count=100, members_completed=100,
                                                              members_ldtt=69)))  # fmt: skip
        assert outcome(rep, "ttldxs_ldtt_share") == "failed"

    def test_no_cstdcs_member_fails(self) -> None:
        assert outcome(
            report("TTLDXS", collective(collective=_members(members_cstdcs=0))), "ttldxs_one_cstdcs"
        ) == ("failed")


class TestRule9Ttldtt_BN86_Dieu4_k2:
    def test_70_percent_ldtt_and_no_discipline_passes(self) -> None:
        assert report("TTLDTT", collective(collective=_members(members_cstdcs=0))).failed == ()

    def test_a_member_disciplined_at_warning_fails(self) -> None:
        rep = report("TTLDTT", collective(collective=_members(members_disciplined=1)))
        assert outcome(rep, "ttldtt_no_discipline") == "failed"


class TestRule12BangKhenIndividual_BN86_Dieu3_k3a:
    """Two consecutive cycles ending with the considered one (rule 5): for 2025, 2024 and 2025."""

    def test_two_consecutive_cstdcs_ending_with_the_considered_cycle_pass(self) -> None:
        rep = report("BANG_KHEN_TINH", person(awards=cstdcs_years(2024, 2025)))
        assert outcome(rep, "bang_khen_individual_consecutive") == "passed"

    def test_the_two_cycles_before_the_considered_one_no_longer_suffice(self) -> None:
        rep = report("BANG_KHEN_TINH", person(awards=cstdcs_years(2023, 2024)))
        assert outcome(rep, "bang_khen_individual_consecutive") == "missing_evidence"

    def test_two_htxsnv_years_with_two_initiatives_pass(self) -> None:
        years = (YearFacts(2024, HTXS, base_initiatives=1), YearFacts(YEAR, HTXS, accepted_works=1))
        rep = report("BANG_KHEN_TINH", person(years=years))
        assert outcome(rep, "bang_khen_individual_consecutive") == "passed"

    def test_one_cstdcs_only_fails(self) -> None:
        rep = report("BANG_KHEN_TINH", person(awards=cstdcs_years(2023)))
        assert outcome(rep, "bang_khen_individual_consecutive") == "failed"


class TestRule13BangKhenCollective_BN86_Dieu3_k3c:
    def test_ttldxs_the_year_before_and_htxsnv_in_the_considered_cycle_pass(self) -> None:
        awards = (AwardRecord("TTLDXS", 2024),)
        assert report("BANG_KHEN_TINH", collective(awards=awards)).failed == ()

    def test_the_two_years_before_the_considered_one_no_longer_suffice(self) -> None:
        awards = (AwardRecord("TTLDXS", 2023), AwardRecord("TTLDXS", 2024))
        facts = collective(awards=awards, years=(YearFacts(YEAR, TOT),))
        assert outcome(report("BANG_KHEN_TINH", facts), "bang_khen_collective_consecutive") == "failed"

    def test_one_year_only_fails(self) -> None:
        rep = report("BANG_KHEN_TINH", collective(awards=(AwardRecord("TTLDXS", 2023),)))
        assert outcome(rep, "bang_khen_collective_consecutive") == "failed"


class TestRule15OneAchievementOneAward_L22_Dieu5_k2:
    def test_the_same_title_for_the_same_cycle_is_refused(self) -> None:
        rep = report("LDTT", person(duplicate_award="award-1"))
        assert outcome(rep, "one_achievement_one_award") == "failed"

    def test_an_achievement_already_used_is_refused(self) -> None:
        rep = report("LDTT", person(achievement_used_by="nomination-9"))
        assert outcome(rep, "one_achievement_one_award") == "failed"


class TestRule16SpecialAwardsExcluded_ND152_Dieu4_k3:
    def test_dot_xuat_cstdcs_do_not_count_toward_cstd_tinh(self) -> None:
        awards = cstdcs_years(2023, 2025) + cstdcs_years(2024, commendation_type="dot_xuat")
        facts = person(years=(YearFacts(YEAR, HTXS, provincial_initiatives=1),), awards=awards)
        assert outcome(report("CSTD_TINH", facts), "cstd_tinh_consecutive_cstdcs") == "failed"

    def test_under_nd98_the_rule_is_not_applied(self) -> None:
        awards = cstdcs_years(2022, 2023) + cstdcs_years(2024, commendation_type="chuyen_de")
        facts = person(year=2024, years=(YearFacts(2024, HTXS, provincial_initiatives=1),), awards=awards)
        rep = report("CSTD_TINH", facts, on=date(2025, 3, 1))
        assert rep.rule_set == "ND98" and outcome(rep, "cstd_tinh_consecutive_cstdcs") == "passed"


class TestRule17NoLowerFormPrerequisite_ND152_Dieu4_k1:
    def test_bang_khen_does_not_need_a_giay_khen(self) -> None:
        rep = report("BANG_KHEN_TINH", person(commendation_type="dot_xuat"))
        assert rep.failed == () and outcome(rep, "no_lower_form_prerequisite") == "passed"


class TestRule19MaternityLeave_ND152_Dieu4_k5:
    def test_maternity_leave_does_not_fail_the_nominee(self) -> None:
        rep = report("LDTT", person(maternity_leave=True))
        assert rep.failed == () and outcome(rep, "maternity_leave_counts") == "passed"


class TestRule21DisciplineWindow_ND152_Dieu4_k4:
    def test_a_discipline_ending_in_the_cycle_voids_it(self) -> None:
        years = (YearFacts(YEAR, TOT, discipline="khien_trach", discipline_ends_on=date(YEAR, 5, 1)),)
        assert outcome(report("LDTT", person(years=years)), "discipline_window") == "failed"

    def test_cycles_before_the_discipline_ended_do_not_count_toward_cstd_tinh(self) -> None:
        years = (YearFacts(2023, TOT, discipline="khien_trach", discipline_ends_on=date(2023, 6, 30)),
                 YearFacts(YEAR, HTXS, provincial_initiatives=1))  # fmt: skip
        facts = person(years=years, awards=cstdcs_years(2023, 2024, 2025))
        assert outcome(report("CSTD_TINH", facts), "cstd_tinh_consecutive_cstdcs") == "failed"


class TestRule27DossierComplete_L22_Dieu84_k1:
    def test_a_missing_vote_result_leaves_the_dossier_incomplete(self) -> None:
        facts = person(years=(YearFacts(YEAR, HTXS),), dossier=frozenset({"to_trinh", "bao_cao_thanh_tich"}))
        rep = report("CSTDCS", facts)
        assert outcome(rep, "dossier_complete") == "missing_evidence" and rep.failed == ()


class TestRule6CstdToanQuoc_L22_Dieu21_TT07_2014_Dieu4_k3:
    def facts(self, *years: int, national: int = 1) -> object:
        rated = (YearFacts(2024, HTXS), YearFacts(YEAR, HTXS, national_initiatives=national))
        awards = tuple(AwardRecord("CSTD_TINH", y) for y in years)
        return person(years=rated, awards=awards)

    def test_two_consecutive_cstd_tinh_ending_with_the_cycle_and_a_national_initiative_pass(self) -> None:
        rep = report("CSTD_TOAN_QUOC", self.facts(2024, 2025))  # type: ignore[arg-type]
        assert rep.failed == () and rep.missing == ()

    def test_a_provincial_only_initiative_is_missing_evidence(self) -> None:
        rep = report("CSTD_TOAN_QUOC", self.facts(2024, 2025, national=0))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_toan_quoc_national_initiative") == "missing_evidence"

    def test_one_cstd_tinh_long_ago_fails(self) -> None:
        rep = report("CSTD_TOAN_QUOC", self.facts(2022))  # type: ignore[arg-type]
        assert outcome(rep, "cstd_toan_quoc_consecutive_cstd_tinh") == "failed"


class TestRule14BangKhenThuTuong_L22_Dieu73_k1b:
    def facts(self, cstdcs: tuple[int, ...], rating: str = TOT, provincial: bool = True) -> object:
        rated = tuple(YearFacts(y, rating) for y in range(YEAR - 4, YEAR + 1))
        awards = cstdcs_years(*cstdcs) + ((AwardRecord("BANG_KHEN_TINH", 2023),) if provincial else ())
        return person(years=rated, awards=awards)

    def test_five_years_good_with_three_cstdcs_and_a_provincial_bang_khen_pass(self) -> None:
        rep = report("BANG_KHEN_THU_TUONG", self.facts((2021, 2023, 2025)))  # type: ignore[arg-type]
        assert rep.failed == () and rep.missing == ()

    def test_two_cstdcs_in_the_span_fail(self) -> None:
        rep = report("BANG_KHEN_THU_TUONG", self.facts((2020, 2023, 2025)))  # type: ignore[arg-type]
        assert outcome(rep, "bang_khen_thu_tuong_consecutive_years") == "failed"

    def test_without_a_provincial_bang_khen_fails(self) -> None:
        rep = report("BANG_KHEN_THU_TUONG", self.facts((2021, 2023, 2025), provincial=False))  # type: ignore[arg-type]
        assert outcome(rep, "bang_khen_thu_tuong_provincial_bang_khen") == "failed"
