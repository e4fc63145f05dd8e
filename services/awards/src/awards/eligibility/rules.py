"""Rules of law the engine applies, as data: number, parameters, source, effective dates, confirmation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction


@dataclass(frozen=True)
class Rule:
    """One rule of law the engine checks."""

    number: int
    code: str
    source: str
    params: dict[str, int | Fraction | str] = field(default_factory=dict)
    effective_from: date = date(2024, 1, 1)
    effective_to: date | None = None
    confirmed: bool = True


RULES: tuple[Rule, ...] = (
    Rule(1, "registration_optional", "L22 Điều 7; Bộ Nội vụ answer 09/04/2024"),
    Rule(2, "cstdcs_meets_ldtt", "L22 Điều 23 k1"),
    Rule(3, "cstdcs_one_of_four", "L22 Điều 23 k2", {"min": 1}),
    Rule(4, "cstdcs_no_cap", "L22 Điều 23; Bộ Nội vụ answer 09/04/2024"),
    # "offset" is how many cycles before the considered one the window ends: 0, the window includes the
    # considered cycle (rule 5; TT 07/2014/TT-BNV Điều 4 k3's example), dated 2024-01-01 with L22.
    Rule(5, "cstd_tinh_consecutive_cstdcs", "L22 Điều 22; TT 07/2014/TT-BNV Điều 4 k3",
         {"cycles": 3, "offset": 0}),
    Rule(5, "cstd_tinh_province_initiative",
         "L22 Điều 22; BN86 Điều 10 k3; QĐ 394/QĐ-UBND Ninh Thuận Điều 13 k2", {"cycles": 3, "offset": 0}),
    Rule(6, "cstd_toan_quoc_consecutive_cstd_tinh", "L22 Điều 21; TT 07/2014/TT-BNV Điều 4 k3",
         {"cycles": 2, "offset": 0}),
    Rule(6, "cstd_toan_quoc_national_initiative", "L22 Điều 21", {"cycles": 2, "offset": 0}),
    Rule(7, "ldtt_rating", "L22 Điều 24 k1", {"floor": "hoan_thanh_tot"}),
    Rule(8, "ttldxs_rating", "L22 Điều 27; BN86 Điều 3 k2", {"floor": "hoan_thanh_xuat_sac"}),
    Rule(8, "ttldxs_all_completed", "L22 Điều 27; BN86 Điều 3 k2", {"share": Fraction(1)}),
    Rule(8, "ttldxs_ldtt_share", "L22 Điều 27; BN86 Điều 3 k2", {"share": Fraction(7, 10)}),
    Rule(8, "ttldxs_one_cstdcs", "L22 Điều 27; BN86 Điều 3 k2", {"min": 1}),
    Rule(9, "ttldtt_rating", "BN86 Điều 4 k2", {"floor": "hoan_thanh_tot"}),
    Rule(9, "ttldtt_ldtt_share", "BN86 Điều 4 k2 (L22 Điều 28 % UNCONFIRMED)", {"share": Fraction(7, 10)},
         confirmed=False),
    Rule(9, "ttldtt_no_discipline", "BN86 Điều 4 k2", {"max": 0}),
    Rule(11, "co_tinh_cluster_leader", "BN86 Điều 3 k1; L22 Điều 26", {"per_cluster_per_year": 1}),
    Rule(12, "bang_khen_individual_consecutive", "BN86 Điều 3 k3a (L22 Điều 74 UNCONFIRMED)",
         {"cstdcs": 2, "htxsnv_years": 2, "initiatives": 2, "offset": 0}, confirmed=False),
    Rule(13, "bang_khen_collective_consecutive", "BN86 Điều 3 k3c", {"years": 2, "offset": 0},
         confirmed=False),
    Rule(14, "bang_khen_thu_tuong_provincial_bang_khen", "L22 Điều 73 k1b (via laodong.vn)", {"min": 1},
         confirmed=False),
    Rule(14, "bang_khen_thu_tuong_consecutive_years", "L22 Điều 73 k1b (via laodong.vn)",
         {"years": 5, "cstdcs": 3, "floor": "hoan_thanh_tot", "offset": 0}, confirmed=False),
    Rule(15, "one_achievement_one_award", "L22 Điều 5 k2", {"max": 1}),
    Rule(16, "special_awards_excluded", "NĐ152 Điều 4 k3", effective_from=date(2025, 7, 1)),
    Rule(17, "no_lower_form_prerequisite", "NĐ152 Điều 4 k1", effective_from=date(2025, 7, 1)),
    Rule(18, "tie_break_women", "NĐ152 Điều 4 k6", {"share": Fraction(7, 10)},
         effective_from=date(2025, 7, 1)),
    Rule(19, "maternity_leave_counts", "NĐ152 Điều 4 k5", effective_from=date(2025, 7, 1)),
    Rule(20, "deferral_hold", "NĐ152 Điều 4 k4", effective_from=date(2025, 7, 1)),
    Rule(21, "discipline_window", "NĐ152 Điều 4 k4", effective_from=date(2025, 7, 1)),
    Rule(27, "dossier_complete", "L22 Điều 84 k1; NĐ98 Điều 34 k2; QĐ 638/QĐ-BNV 2025"),
)  # fmt: skip

_BY_CODE = {rule.code: rule for rule in RULES}


def rule(code: str) -> Rule:
    """The rule with this code."""
    return _BY_CODE[code]


def param_int(code: str, name: str) -> int:
    """An integer parameter of a rule."""
    value = rule(code).params[name]
    assert isinstance(value, int)
    return value


def param_share(code: str, name: str = "share") -> Fraction:
    """A share parameter (a fraction of members) of a rule."""
    value = rule(code).params[name]
    assert isinstance(value, Fraction)
    return value
