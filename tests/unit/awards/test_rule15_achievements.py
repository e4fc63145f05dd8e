"""Rule 15, L22 Điều 5 k2: one achievement is rewarded once and in one form."""

from __future__ import annotations

from awards.eligibility.achievements import Prior, Proposed, same_achievement

GIAY_KHEN, LDTT = "GIAY_KHEN", "LDTT"


class TestRule15OneAchievementOneAward_L22_Dieu5_k2:
    def test_an_annual_title_is_conferred_once_per_nominee_and_cycle(self) -> None:
        duplicate, _ = same_achievement(Proposed("title", LDTT, 2025), [Prior("a-1", LDTT, 2025)])
        assert duplicate == "a-1"

    def test_the_same_title_in_another_cycle_is_lawful(self) -> None:
        assert same_achievement(Proposed("title", LDTT, 2025), [Prior("a-1", LDTT, 2024)]) == (None, None)

    def test_a_second_giay_khen_in_the_same_year_for_another_achievement_is_lawful(self) -> None:
        prior = Prior("a-1", GIAY_KHEN, 2025, "cong_trang", "TT-2025-01")
        proposed = Proposed("form", GIAY_KHEN, 2025, "dot_xuat", "TT-2025-07")
        assert same_achievement(proposed, [prior]) == (None, None)

    def test_the_same_achievement_in_another_form_is_refused(self) -> None:
        prior = Prior("n-1", GIAY_KHEN, 2025, "dot_xuat", "TT-2025-07")
        proposed = Proposed("form", "BANG_KHEN_TINH", 2025, "dot_xuat", "TT-2025-07")
        assert same_achievement(proposed, [prior]) == (None, "n-1")

    def test_a_form_without_an_achievement_record_is_read_as_the_same_achievement(self) -> None:
        prior = Prior("a-1", GIAY_KHEN, 2025, "cong_trang")
        assert same_achievement(Proposed("form", GIAY_KHEN, 2025), [prior])[0] == "a-1"
        assert same_achievement(Proposed("form", GIAY_KHEN, 2025, "dot_xuat"), [prior]) == (None, None)
