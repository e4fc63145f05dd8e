"""Builders of eligibility facts for the unit tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from awards import catalogue
from awards.eligibility import AwardRecord, CollectiveFacts, Facts, Report, YearFacts, evaluate

ON = date(2026, 1, 15)  # NĐ152 in force
YEAR = 2025
FULL_DOSSIER = frozenset({"to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet", "ket_qua_bo_phieu",
                          "xac_nhan_sang_kien"})  # fmt: skip


def person(**changes: Any) -> Facts:
    """An individual who is rated HTTNV in YEAR with a complete dossier."""
    base = Facts(nominee_kind="individual", year=YEAR, years=(YearFacts(YEAR, "hoan_thanh_tot"),),
                 dossier=FULL_DOSSIER)  # fmt: skip
    return replace(base, **changes)


def collective(**changes: Any) -> Facts:
    """A collective of 10 HTXSNV members, all complete, 8 LĐTT, 1 CSTĐCS."""
    members = CollectiveFacts(member_count=10, members_completed=10, members_disciplined=0, members_ldtt=8,
                              members_cstdcs=1)  # fmt: skip
    base = Facts(nominee_kind="collective", year=YEAR, years=(YearFacts(YEAR, "hoan_thanh_xuat_sac"),),
                 collective=members, dossier=FULL_DOSSIER)  # fmt: skip
    return replace(base, **changes)


def cstdcs_years(*years: int, commendation_type: str = "cong_trang") -> tuple[AwardRecord, ...]:
    """CSTĐCS awards for the given years."""
    return tuple(AwardRecord(catalogue.CSTDCS, y, commendation_type) for y in years)


def report(code: str, facts: Facts, on: date = ON) -> Report:
    """Evaluate `facts` for award type `code` as the law stood on `on`."""
    award_type = catalogue.award_type(code, on)
    assert award_type is not None
    return evaluate(award_type, facts, on=on)


def outcome(rep: Report, code: str) -> str:
    """The outcome of criterion `code` (the first one with that code)."""
    return next(c.outcome.value for c in rep.criteria if c.code == code)
