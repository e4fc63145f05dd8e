"""Award money (NĐ152 Điều 50, 54): multiples of the dated base salary, rounded by this service's choice."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from awards import catalogue
from awards.history import money_amount_vnd
from awards.settings import BASE_SALARIES, AwardsSettings, BaseSalary, Money
from hypothesis import given
from hypothesis import strategies as st

ON = date(2026, 1, 25)


class TestNd152Dieu50Money:
    @pytest.mark.parametrize(
        ("code", "subject", "amount"),
        [
            (catalogue.LDTT, "individual", 702_000),
            (catalogue.CSTDCS, "individual", 2_340_000),
            (catalogue.CSTD_TINH, "individual", 7_020_000),
            (catalogue.TTLDTT, "collective", 1_872_000),
            (catalogue.TTLDXS, "collective", 3_510_000),
            (catalogue.CO_TINH, "collective", 18_720_000),
            (catalogue.XA_TIEU_BIEU, "collective", 4_680_000),
            (catalogue.THON_VAN_HOA, "collective", 3_510_000),
        ],
    )
    def test_multiples_of_the_base_salary(self, code: str, subject: str, amount: int) -> None:
        assert Money().amount_vnd(code, subject, ON) == amount

    def test_rates_are_dated_data_with_sources(self) -> None:
        rate = catalogue.money_rate(catalogue.CO_TINH, "collective", ON)
        assert rate is not None and rate.multiple == 8 and rate.source == "NĐ152 Điều 50"
        assert rate.effective_from == date(2025, 7, 1)

    def test_before_nd152_no_amount_is_known(self) -> None:
        assert Money().amount_vnd(catalogue.LDTT, "individual", date(2025, 6, 30)) is None

    def test_individual_forms_have_an_amount_marked_unconfirmed_and_configurable(self) -> None:
        assert Money().amount_vnd(catalogue.BANG_KHEN_TINH, "individual", ON) == 3_510_000
        assert Money().amount_vnd(catalogue.GIAY_KHEN, "individual", ON) == 702_000
        rate = catalogue.money_rate(catalogue.GIAY_KHEN, "individual", ON)
        assert rate is not None and not rate.confirmed
        assert Money().amount_vnd(catalogue.GIAY_KHEN, "household", ON) is None

    def test_a_configured_rate_replaces_the_catalogues(self) -> None:
        from awards.settings import AwardsSettings

        values = {"env": "dev", "money_rates": {"GIAY_KHEN:individual": "1/2"}}
        cfg = AwardsSettings(**values)
        assert cfg.money().amount_vnd(catalogue.GIAY_KHEN, "individual", ON) == 1_170_000


class TestNd152Dieu54CollectiveForms:
    def test_bang_khen_and_giay_khen_for_a_collective(self) -> None:
        assert Money().amount_vnd(catalogue.BANG_KHEN_TINH, "collective", ON) == 7_020_000
        assert Money().amount_vnd(catalogue.GIAY_KHEN, "collective", ON) == 1_404_000


class TestNd73BaseSalary:
    def test_2_340_000_from_2024_07_01_marked_unconfirmed_as_to_later_raises(self) -> None:
        (row,) = BASE_SALARIES
        assert (row.effective_from, row.amount_vnd, row.confirmed) == (date(2024, 7, 1), 2_340_000, False)
        assert "NĐ 73/2024" in row.source and "UNCONFIRMED" in row.source

    def test_no_base_salary_before_the_table(self) -> None:
        assert Money().base_salary(date(2024, 6, 30)) is None

    def test_a_configured_raise_applies_from_its_date(self) -> None:
        money = AwardsSettings(env="dev", base_salaries_vnd={date(2026, 7, 1): 2_530_000}).money()
        assert money.amount_vnd(catalogue.CSTDCS, "individual", date(2026, 6, 30)) == 2_340_000
        assert money.amount_vnd(catalogue.CSTDCS, "individual", date(2026, 7, 1)) == 2_530_000
        assert money.amount_vnd(catalogue.LDTT, "individual", date(2026, 7, 1)) == 759_000

    def test_the_raise_is_read_from_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("THIDUA_BASE_SALARIES_VND", '{"2026-07-01": 2530000}')
        monkeypatch.setenv("THIDUA_MONEY_ROUNDING_VND", "10000")
        money = AwardsSettings(env="dev").money()
        assert money.amount_vnd(catalogue.LDTT, "individual", date(2026, 7, 1)) == 760_000


class TestRounding:
    def test_half_up_to_1000_vnd(self) -> None:
        money = Money((BaseSalary(date(2024, 7, 1), 2_341_500, "test"),))
        assert money.amount_vnd(catalogue.LDTT, "individual", ON) == 702_000  # 702,450
        assert money_amount_vnd(Fraction(1), 1_500, rounding_vnd=1000) == 2_000
        assert money_amount_vnd(Fraction(1), 1_499, rounding_vnd=1000) == 1_000

    def test_unknown_rate_or_base_is_none(self) -> None:
        assert money_amount_vnd(None, 2_340_000, rounding_vnd=1000) is None
        assert money_amount_vnd(Fraction(1), None, rounding_vnd=1000) is None

    @given(st.fractions(min_value=0, max_value=20, max_denominator=100), st.integers(0, 10**8))
    def test_rounded_to_the_unit_and_within_half_a_unit(self, multiple: Fraction, base: int) -> None:
        amount = money_amount_vnd(multiple, base, rounding_vnd=1000)
        assert amount is not None and amount % 1000 == 0
        assert abs(amount - multiple * base) <= 500
