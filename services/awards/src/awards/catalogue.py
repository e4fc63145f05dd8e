"""The catalogue of emulation titles and forms of commendation, as data with sources and effective dates.

Pure data and lookups (stdlib only). Values the legal research could not confirm (UNCONFIRMED) carry
`confirmed=False` and can be overridden through settings (see `AwardsSettings` and the README).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from awards import messages as msg
from awards.errors import NoRuleSet

TITLE, FORM = "title", "form"
INDIVIDUAL, COLLECTIVE, HOUSEHOLD = "individual", "collective", "household"
UNION, PROVINCE, STATE = "union", "province", "state"
"""Who confers: the Union itself, the province (forwarded), or the State (proposed through the province)."""
CONG_TRANG, DOT_XUAT, PHONG_TRAO, CHUYEN_DE = "cong_trang", "dot_xuat", "phong_trao", "chuyen_de"

LDTT, CSTDCS, CSTD_TINH = "LDTT", "CSTDCS", "CSTD_TINH"
TTLDTT, TTLDXS, CO_TINH = "TTLDTT", "TTLDXS", "CO_THI_DUA_TINH"
GIAY_KHEN, BANG_KHEN_TINH = "GIAY_KHEN", "BANG_KHEN_TINH"
CSTD_TOAN_QUOC, BANG_KHEN_THU_TUONG = "CSTD_TOAN_QUOC", "BANG_KHEN_THU_TUONG"


@dataclass(frozen=True)
class RuleSet:
    """A version of the implementing decree, selected by the date the cycle is decided."""

    version: str
    effective_from: date
    effective_to: date | None
    source: str


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet("ND98", date(2024, 1, 1), date(2025, 6, 30), "NĐ 98/2023/NĐ-CP; repealed by NĐ152 Điều 59 k2"),
    RuleSet("ND152", date(2025, 7, 1), None, "NĐ 152/2025/NĐ-CP Điều 59 k1"),
)


def rule_set_for(on: date) -> RuleSet:
    """The rule set in force on `on` (NĐ152 Điều 59: NĐ98 before 2025-07-01, NĐ152 from then)."""
    for rule_set in RULE_SETS:
        if rule_set.effective_from <= on and (rule_set.effective_to is None or on <= rule_set.effective_to):
            return rule_set
    raise NoRuleSet(msg.NO_RULE_SET.format(day=msg.day(on)))


@dataclass(frozen=True)
class AwardType:
    """One title or form of commendation under one rule set."""

    code: str
    name: str
    kind: str
    subjects: tuple[str, ...]
    authority: str
    council_vote_required: bool
    vote_threshold: Fraction | None
    commendation_types: tuple[str, ...]
    dossier_items: tuple[str, ...]
    source: str
    vote_source: str | None = None
    confirmed: bool = True
    rule_set: str = ""
    effective_from: date = date(2024, 1, 1)
    effective_to: date | None = None
    disclosure_working_days: int = 7


_BASE_DOSSIER = ("to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet")
_VOTE_DOSSIER = (*_BASE_DOSSIER, "ket_qua_bo_phieu")
_CSTD_DOSSIER = (*_VOTE_DOSSIER, "xac_nhan_sang_kien")
_VOTE_ND98 = "NĐ98 Điều 30 k7"
_ANNUAL = (CONG_TRANG,)
_FORMS = (CONG_TRANG, DOT_XUAT, PHONG_TRAO, CHUYEN_DE)

_TEMPLATES: tuple[AwardType, ...] = (
    AwardType(LDTT, "Lao động tiên tiến", TITLE, (INDIVIDUAL,), UNION, False, None, _ANNUAL,
              _BASE_DOSSIER, "L22 Điều 24 k1; Điều 80"),
    AwardType(CSTDCS, "Chiến sĩ thi đua cơ sở", TITLE, (INDIVIDUAL,), UNION, True, Fraction(4, 5), _ANNUAL,
              _CSTD_DOSSIER, "L22 Điều 23; Điều 80", _VOTE_ND98),
    AwardType(CSTD_TINH, "Chiến sĩ thi đua cấp tỉnh", TITLE, (INDIVIDUAL,), PROVINCE, True, Fraction(9, 10),
              _ANNUAL, _CSTD_DOSSIER, "L22 Điều 22; BN86 Điều 5, 10 k3", _VOTE_ND98),
    AwardType(TTLDTT, "Tập thể lao động tiên tiến", TITLE, (COLLECTIVE,), UNION, False, None, _ANNUAL,
              _BASE_DOSSIER, "BN86 Điều 4 k2 (L22 Điều 28, 70% UNCONFIRMED)", confirmed=False),
    AwardType(TTLDXS, "Tập thể lao động xuất sắc", TITLE, (COLLECTIVE,), PROVINCE, False, None, _ANNUAL,
              _BASE_DOSSIER, "L22 Điều 27; BN86 Điều 3 k2"),
    AwardType(CO_TINH, "Cờ thi đua của Ủy ban nhân dân tỉnh", TITLE, (COLLECTIVE,), PROVINCE, True,
              Fraction(4, 5), _ANNUAL, _VOTE_DOSSIER, "L22 Điều 26; BN86 Điều 3 k1", _VOTE_ND98),
    AwardType(GIAY_KHEN, "Giấy khen", FORM, (INDIVIDUAL, COLLECTIVE, HOUSEHOLD), UNION, False, None, _FORMS,
              _BASE_DOSSIER, "L22 Điều 75; BN86 Điều 4 k3 (Union's power under Điều 75 k1 UNCONFIRMED)",
              confirmed=False),
    AwardType(BANG_KHEN_TINH, "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", FORM,
              (INDIVIDUAL, COLLECTIVE, HOUSEHOLD), PROVINCE, False, None, _FORMS, _BASE_DOSSIER,
              "BN86 Điều 3 k3 (L22 Điều 74 UNCONFIRMED)", confirmed=False),
    # State-level: the Union proposes them through the province; it never confers them (rules 6 and 14).
    AwardType(CSTD_TOAN_QUOC, "Chiến sĩ thi đua toàn quốc", TITLE, (INDIVIDUAL,), STATE, True,
              Fraction(9, 10), _ANNUAL, _CSTD_DOSSIER, "L22 Điều 21; TT 07/2014/TT-BNV Điều 4 k3",
              _VOTE_ND98),
    AwardType(BANG_KHEN_THU_TUONG, "Bằng khen của Thủ tướng Chính phủ", FORM, (INDIVIDUAL,), STATE, False,
              None, _ANNUAL, _BASE_DOSSIER, "L22 Điều 73 k1b (via laodong.vn; full text UNCONFIRMED)",
              confirmed=False),
)  # fmt: skip


def _for_rule_set(template: AwardType, rule_set: RuleSet) -> AwardType:
    # NĐ152's article for the vote thresholds was not found: same values, marked unconfirmed.
    unconfirmed_vote = rule_set.version == "ND152" and template.council_vote_required
    return dataclasses.replace(
        template,
        rule_set=rule_set.version,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        confirmed=template.confirmed and not unconfirmed_vote,
        vote_source=(f"{template.vote_source} (NĐ152 location UNCONFIRMED)" if unconfirmed_vote
                     else template.vote_source),
    )  # fmt: skip


@dataclass(frozen=True)
class CatalogueOverrides:
    """Configurable values (UNCONFIRMED): vote thresholds, authority, disclosure windows."""

    vote_thresholds: Mapping[str, Fraction] = dataclasses.field(default_factory=dict)
    authorities: Mapping[str, str] = dataclasses.field(default_factory=dict)
    disclosure_working_days: Mapping[str, int] = dataclasses.field(default_factory=dict)


def _apply(award_type: AwardType, overrides: CatalogueOverrides) -> AwardType:
    code = award_type.code
    authority = award_type.authority  # a State-level form stays the State's whatever is configured
    if authority != STATE:
        authority = overrides.authorities.get(code, authority)
    return dataclasses.replace(
        award_type,
        vote_threshold=overrides.vote_thresholds.get(code, award_type.vote_threshold),
        authority=authority,
        disclosure_working_days=overrides.disclosure_working_days.get(
            code, award_type.disclosure_working_days
        ),
    )


def award_types(rule_set: RuleSet, overrides: CatalogueOverrides | None = None) -> tuple[AwardType, ...]:
    """Every award type under `rule_set`, with configured overrides applied."""
    chosen = overrides or CatalogueOverrides()
    return tuple(_apply(_for_rule_set(t, rule_set), chosen) for t in _TEMPLATES)


def all_award_types(overrides: CatalogueOverrides | None = None) -> tuple[AwardType, ...]:
    """Every award type under every rule set."""
    return tuple(t for rule_set in RULE_SETS for t in award_types(rule_set, overrides))


def listed(on: date | None, overrides: CatalogueOverrides | None = None) -> tuple[AwardType, ...]:
    """The award types under the rule set in force on `on`, or under every rule set without a date."""
    return award_types(rule_set_for(on), overrides) if on else all_award_types(overrides)


def award_type(code: str, on: date, overrides: CatalogueOverrides | None = None) -> AwardType | None:
    """The award type `code` under the rule set in force on `on`, or None."""
    for candidate in award_types(rule_set_for(on), overrides):
        if candidate.code == code:
            return candidate
    return None


XA_TIEU_BIEU, THON_VAN_HOA = "XA_TIEU_BIEU", "THON_VAN_HOA"
"""Titles with a money rate that this catalogue does not (yet) list as award types."""


@dataclass(frozen=True)
class MoneyRate:
    """Bonus money of a title or form, as a multiple of the base salary (mức lương cơ sở)."""

    code: str
    subject: str
    multiple: Fraction
    source: str
    effective_from: date = date(2025, 7, 1)
    effective_to: date | None = None
    confirmed: bool = True


MONEY_RATES: tuple[MoneyRate, ...] = (
    MoneyRate(LDTT, INDIVIDUAL, Fraction(3, 10), "NĐ152 Điều 50"),
    MoneyRate(CSTDCS, INDIVIDUAL, Fraction(1), "NĐ152 Điều 50"),
    MoneyRate(CSTD_TINH, INDIVIDUAL, Fraction(3), "NĐ152 Điều 50"),
    MoneyRate(TTLDTT, COLLECTIVE, Fraction(8, 10), "NĐ152 Điều 50"),
    MoneyRate(TTLDXS, COLLECTIVE, Fraction(3, 2), "NĐ152 Điều 50"),
    MoneyRate(CO_TINH, COLLECTIVE, Fraction(8), "NĐ152 Điều 50"),
    MoneyRate(XA_TIEU_BIEU, COLLECTIVE, Fraction(2), "NĐ152 Điều 50"),
    MoneyRate(THON_VAN_HOA, COLLECTIVE, Fraction(3, 2), "NĐ152 Điều 50"),
    MoneyRate(BANG_KHEN_TINH, COLLECTIVE, Fraction(3), "NĐ152 Điều 54"),
    MoneyRate(GIAY_KHEN, COLLECTIVE, Fraction(6, 10), "NĐ152 Điều 54"),
    # Individuals: half the collective's rate, as NĐ98 Điều 55 and NĐ 91/2017 set it; NĐ152's figure is
    # UNCONFIRMED (docs/rules.md), so configurable through THIDUA_MONEY_RATES.
    MoneyRate(BANG_KHEN_TINH, INDIVIDUAL, Fraction(3, 2), "NĐ152 Điều 54 (individual rate UNCONFIRMED)",
              confirmed=False),
    MoneyRate(GIAY_KHEN, INDIVIDUAL, Fraction(3, 10), "NĐ152 Điều 54 (individual rate UNCONFIRMED)",
              confirmed=False),
)  # fmt: skip
"""NĐ152 Điều 50 and 54, dated from NĐ152's entry into force; NĐ98's are not on record (no amount before)."""


def money_rate(
    code: str, subject: str, on: date, rates: tuple[MoneyRate, ...] = MONEY_RATES
) -> MoneyRate | None:
    """The money rate of `code` for a `subject` decided on `on`, or None."""
    for rate in rates:
        in_force = rate.effective_from <= on and (rate.effective_to is None or on <= rate.effective_to)
        if rate.code == code and rate.subject == subject and in_force:
            return rate
    return None
