"""Settings of the awards service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from pydantic import Field, SecretStr, field_validator, model_validator
from thidua.settings import ServiceSettings, SettingsError

from awards.ballot_box import BallotKeys
from awards.catalogue import MONEY_RATES, CatalogueOverrides, MoneyRate
from awards.history import BASE_SALARIES, BaseSalary, Money
from awards.tally import RecusalRule

__all__ = ["BASE_SALARIES", "AwardsSettings", "BaseSalary", "Money"]

# Dev-only ballot key, refused outside dev by its value (whatever id it is configured under).
DEV_BALLOT_KEY = "ZGV2LW9ubHktYmFsbG90LWtleS0wMTIzNDU2Nzg5YWI="  # base64 of 32 bytes


class AwardsSettings(ServiceSettings):
    """The awards service's settings; values the law research left unconfirmed are here (see the README)."""

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
    document_max_bytes: int = Field(default=8 * 1024 * 1024, gt=0)
    """The largest evidence document `POST /documents` stores (a 413 `payload-too-large` above it)."""
    import_max_bytes: int = Field(default=32 * 1024 * 1024, gt=0)
    """The largest award-history file `POST /award-history/import` reads."""

    ballot_keys: dict[str, SecretStr] = Field(default_factory=dict)
    """JSON `{"b1": "<openssl rand -base64 32>"}`: keys of the secret ballot (receipts and sealed votes)."""
    ballot_active_key_id: str = ""
    """The key a newly opened session uses; keep the old ids while sessions opened under them are open."""
    issuer_parent: str = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"
    """The body above the issuer, first line of a printed decision's header (NĐ 30/2020 Phụ lục I)."""
    issuer_name: str = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
    """The issuing body as printed decisions name it."""
    issuer_place: str = "Tỉnh"
    """The place written before the date of a printed decision («…, ngày … tháng … năm …»)."""

    base_salaries_vnd: dict[date, int] = Field(default_factory=dict)
    """JSON `{"2026-01-01": 2500000}`: base-salary rows added to, or replacing, NĐ 73/2024's (UNCONFIRMED)."""
    money_rates: dict[str, str] = Field(default_factory=dict)
    """JSON `{"BANG_KHEN_TINH:individual": "3/2"}`: multiples of the base salary replacing the catalogue's
    from NĐ152 (the individuals' Bằng khen and Giấy khen rates are UNCONFIRMED)."""
    money_rounding_vnd: int = Field(default=1000, gt=0)
    """Award money is rounded half up to a multiple of this (a choice of this service, not of the decree)."""

    @model_validator(mode="after")
    def _ballot_keys(self) -> AwardsSettings:
        if not self.ballot_keys:
            if self.env != "dev":
                raise SettingsError(
                    f"THIDUA_BALLOT_KEYS is missing while THIDUA_ENV={self.env}: set a JSON object of key id "
                    '-> base64 key of 32 bytes, e.g. {"b1": "<openssl rand -base64 32>"}, and '
                    "THIDUA_BALLOT_ACTIVE_KEY_ID to the key new council sessions use."
                )
            self.ballot_keys = {"dev": SecretStr(DEV_BALLOT_KEY)}
            self.ballot_active_key_id = self.ballot_active_key_id or "dev"
        values = [k.get_secret_value() for k in self.ballot_keys.values()]
        if self.env != "dev" and DEV_BALLOT_KEY in values:
            raise SettingsError("the dev ballot key is refused outside THIDUA_ENV=dev")
        try:
            self.ballots()
        except ValueError as exc:
            raise SettingsError(f"THIDUA_BALLOT_KEYS / THIDUA_BALLOT_ACTIVE_KEY_ID: {exc}") from None
        return self

    def ballots(self) -> BallotKeys:
        """The configured ballot keys."""
        return BallotKeys.of(
            {key_id: key.get_secret_value() for key_id, key in self.ballot_keys.items()},
            active=self.ballot_active_key_id,
        )

    @field_validator("money_rates")
    @classmethod
    def _rates_readable(cls, value: dict[str, str]) -> dict[str, str]:
        for key, multiple in value.items():
            if ":" not in key or Fraction(multiple) < 0:  # Fraction raises on an unreadable multiple
                raise ValueError(f"THIDUA_MONEY_RATES: {key!r} must be CODE:subject with a multiple >= 0")
        return value

    def money(self) -> Money:
        """The configured base-salary table and rounding."""
        configured = {row.effective_from: row for row in BASE_SALARIES}
        for day, amount in self.base_salaries_vnd.items():
            configured[day] = BaseSalary(day, amount, "THIDUA_BASE_SALARIES_VND (configured)")
        rates = {(r.code, r.subject, r.effective_from): r for r in MONEY_RATES}
        for key, multiple in self.money_rates.items():
            code, _, subject = key.partition(":")
            row = MoneyRate(code, subject, Fraction(multiple), "THIDUA_MONEY_RATES (configured)")
            rates[(code, subject, row.effective_from)] = row
        return Money(
            tuple(sorted(configured.values(), key=lambda r: r.effective_from)),
            self.money_rounding_vnd,
            tuple(rates.values()),
        )

    def catalogue_overrides(self) -> CatalogueOverrides:
        """The configured catalogue overrides."""
        return CatalogueOverrides(
            vote_thresholds={code: Fraction(value) for code, value in self.vote_thresholds.items()},
            authorities=dict(self.authorities),
            disclosure_working_days=dict(self.disclosure_working_days),
        )
