"""Every text a user of the awards service reads is Vietnamese: problem details, eligibility reasons, rows."""

from __future__ import annotations

import pytest
from awards import messages
from awards.catalogue import INDIVIDUAL
from awards.history_import import validate

from tests.support.problems import is_vietnamese
from tests.unit.awards.builders import collective, outcome, person, report

TEXTS = {name: value for name, value in vars(messages).items() if name.isupper() and isinstance(value, str)}


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_each_catalogue_text_is_vietnamese(name: str) -> None:
    assert is_vietnamese(TEXTS[name]), TEXTS[name]


@pytest.mark.parametrize(
    ("code", "facts"),
    [("LDTT", person()), ("CSTDCS", person()), ("CSTD_TINH", person()), ("BANG_KHEN_TINH", person()),
     ("TTLDXS", collective()), ("TTLDTT", collective()), ("CO_THI_DUA_TINH", collective()),
     ("GIAY_KHEN", person(nominee_kind=INDIVIDUAL))],
)  # fmt: skip
def test_every_reason_of_an_eligibility_report_is_vietnamese(code: str, facts: object) -> None:
    rep = report(code, facts)  # type: ignore[arg-type]
    details = [c.detail for c in rep.criteria if c.detail]
    assert details and all(is_vietnamese(d) for d in details), details
    assert outcome(rep, "registration_optional") == "passed"


def test_import_row_errors_are_vietnamese() -> None:
    _, rejected = validate(
        [{"nominee_kind": "robot", "year": "19x", "award_type_code": "NOPE", "decided_on": "x"}]
    )
    assert len(rejected[0].reasons) == 5 and all(is_vietnamese(r) for r in rejected[0].reasons)
