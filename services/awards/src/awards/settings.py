"""Settings of the awards service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from pydantic import Field
from thidua.settings import ServiceSettings

from awards.catalogue import CatalogueOverrides, money_rate
from awards.domain import money_amount_vnd
from awards.tally import RecusalRule


@dataclass(frozen=True)
class BaseSalary:
    """The base salary (mức lương cơ sở) from a date: the unit of award money (NĐ152 Điều 50)."""

    effective_from: date
    amount_vnd: int
    source: str
    confirmed: bool = True


BASE_SALARIES: tuple[BaseSalary, ...] = (
    BaseSalary(date(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP (whether raised since: UNCONFIRMED)", False),
)
"""DOMAIN §3.2. Later raises are added through `THIDUA_BASE_SALARIES_VND` (see the README)."""


@dataclass(frozen=True)
class Money:
    """How award money is computed: the dated base-salary table and the rounding unit (a choice)."""

    base_salaries: tuple[BaseSalary, ...] = BASE_SALARIES
    rounding_vnd: int = 1000

    def base_salary(self, on: date) -> BaseSalary | None:
        """The base salary in force on `on` (the latest row starting on or before it)."""
        rows = [row for row in self.base_salaries if row.effective_from <= on]
        return max(rows, key=lambda row: row.effective_from, default=None)

    def amount_vnd(self, code: str, subject: str, on: date) -> int | None:
        """Money of award `code` for a `subject` decided on `on`; None if the rate or base is unknown."""
        rate, base = money_rate(code, subject, on), self.base_salary(on)
        return money_amount_vnd(
            rate.multiple if rate else None,
            base.amount_vnd if base else None,
            rounding_vnd=self.rounding_vnd,
        )


class AwardsSettings(ServiceSettings):
    """The awards service's settings; UNCONFIRMED values of DOMAIN.md are here, documented in the README."""

    service_name: str = "awards"
    http_port: int = 8002
    worker_metrics_port: int = 9002

    vote_thresholds: dict[str, str] = Field(default_factory=dict)
    """Per award-type code, a threshold like `4/5` replacing the catalogue's (NĐ152 location UNCONFIRMED)."""
    authorities: dict[str, str] = Field(default_factory=dict)
    """Per award-type code, `union` or `province` (which titles the Union may confer is UNCONFIRMED)."""
    disclosure_working_days: dict[str, int] = Field(default_factory=dict)
    """Per award-type code, the public posting window (no statutory window below State honours)."""
    session_quorum: str = "4/5"
    """Attendance for award sessions (BN86 Điều 8 k4b; a provincial example)."""
    recusal_rule: RecusalRule = RecusalRule.COUNT_IN_BASE
    """How recused members count against the base (UNCONFIRMED)."""

    base_salaries_vnd: dict[date, int] = Field(default_factory=dict)
    """JSON `{"2026-01-01": 2500000}`: base-salary rows added to, or replacing, NĐ 73/2024's (UNCONFIRMED)."""
    money_rounding_vnd: int = Field(default=1000, gt=0)
    """Award money is rounded half up to a multiple of this (a choice of this service, not of the decree)."""

    def money(self) -> Money:
        """The configured base-salary table and rounding."""
        configured = {row.effective_from: row for row in BASE_SALARIES}
        for day, amount in self.base_salaries_vnd.items():
            configured[day] = BaseSalary(day, amount, "THIDUA_BASE_SALARIES_VND (configured)")
        return Money(
            tuple(sorted(configured.values(), key=lambda r: r.effective_from)), self.money_rounding_vnd
        )

    def catalogue_overrides(self) -> CatalogueOverrides:
        """The configured catalogue overrides."""
        return CatalogueOverrides(
            vote_thresholds={code: Fraction(value) for code, value in self.vote_thresholds.items()},
            authorities=dict(self.authorities),
            disclosure_working_days=dict(self.disclosure_working_days),
        )
