"""Every text a user of the registration service reads is Vietnamese, from one catalogue."""

from __future__ import annotations

from datetime import date

import pytest
from registration import messages
from registration.assessment import CollectiveAssessment
from registration.domain import Campaign
from registration.errors import DomainError

from tests.support.problems import is_vietnamese

TEXTS = {name: value for name, value in vars(messages).items() if name.isupper() and isinstance(value, str)}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_catalogue_text_is_vietnamese(name: str) -> None:
    assert is_vietnamese(TEXTS[name]), TEXTS[name]


def test_a_broken_rule_speaks_vietnamese() -> None:
    with pytest.raises(DomainError) as caught:
        Campaign(id="c", code="PT", name="Phong trào", year=2026, kind="annual",
                 period_start=date(2026, 5, 1), period_end=date(2026, 1, 1))  # fmt: skip
    assert str(caught.value) == messages.PERIOD_REVERSED


def test_an_unknown_code_is_listed_with_the_known_ones_and_their_names() -> None:
    with pytest.raises(DomainError) as caught:
        Campaign(id="c", code="PT", name="Phong trào", year=2026, kind="yearly",
                 period_start=date(2026, 1, 1), period_end=date(2026, 12, 31))  # fmt: skip
    assert "'yearly'" in str(caught.value) and "thematic (chuyên đề)" in str(caught.value)


def test_assessment_errors_too() -> None:
    with pytest.raises(DomainError) as caught:
        CollectiveAssessment(task_rating="hoan_thanh", member_count=3, members_completed_count=4)
    assert is_vietnamese(str(caught.value))


def test_dates_read_as_vietnamese_write_them() -> None:
    assert messages.day(date(2026, 3, 31)) == "31/03/2026"
