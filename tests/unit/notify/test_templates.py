"""Every template renders in strict mode with sample data, in Vietnamese, naming no denouncer."""

from __future__ import annotations

import re
import unicodedata

import pytest
from jinja2 import UndefinedError
from notify.domain import ROUTING
from notify.rendering import render, template_names

from tests.unit.notify.samples import envelope

CHANNELS = ("email", "inbox")
COMPLAINT = {"days": 90, "by": "2026-06-01", "source": "Luật Khiếu nại 2011 Điều 9"}


@pytest.mark.parametrize("channel", CHANNELS)
def test_every_routed_event_has_a_template_per_channel(channel: str) -> None:
    assert set(template_names(channel)) == set(ROUTING)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("event_type", sorted(ROUTING))
def test_every_template_renders_vietnamese_text(event_type: str, channel: str) -> None:
    out = render(
        event_type,
        channel,
        {"data": envelope(event_type).data, "recipient_name": "Hội Vật lý tỉnh", "complaint": COMPLAINT},
    )
    assert out.subject and out.body
    assert unicodedata.is_normalized("NFC", out.body)
    assert any(ch in out.body for ch in "ăâđêôơưạảấầẩậắằẳặẹẻẽếềểệịọỏốồổộớờởợụủứừửựỳỵỷỹ")
    assert "None" not in out.body
    assert not re.search(r"\d{4}-\d{2}-\d{2}", out.body), "dates are written dd/mm/yyyy"


def test_an_inbox_title_is_the_email_subject() -> None:
    data = envelope("grievance.resolved").data
    assert (
        render("grievance.resolved", "inbox", {"data": data}).subject == "Kết quả giải quyết đơn KN-2026-0001"
    )


def test_codes_are_shown_in_vietnamese() -> None:
    out = render(
        "grievance.resolved", "inbox", {"data": envelope("grievance.resolved", outcome="rejected").data}
    )
    assert "khiếu nại không có cơ sở" in out.body and "rejected" not in out.body


def test_award_decided_email_names_the_decision() -> None:
    out = render(
        "award.decided", "email", {"data": envelope("award.decided").data, "recipient_name": "Quý đơn vị"}
    )
    assert out.subject.startswith("Quyết định khen thưởng số")
    assert "Quyết định khen thưởng" in out.body and "Kính gửi Quý đơn vị" in out.body


def test_a_missing_variable_is_an_error_not_a_blank() -> None:
    with pytest.raises(UndefinedError):
        render("award.decided", "email", {"data": {}})


ABOUT_A_DENUNCIATION = {"grievance.accused_informed"}  # the law's content notice to the accused


@pytest.mark.parametrize(
    "event_type", sorted(t for t in ROUTING if t.startswith("grievance.") and t not in ABOUT_A_DENUNCIATION)
)
def test_grievance_notices_carry_no_denouncer(event_type: str) -> None:
    env = envelope(event_type)
    assert not {"denouncer", "denouncer_name", "name", "address"} & set(env.data)
    for channel in CHANNELS:
        text = render(event_type, channel, {"data": env.data, "recipient_name": "X"}).body.lower()
        assert "tố cáo" not in text and "người tố cáo" not in text


def test_the_accused_get_the_content_as_grievance_masked_it_and_nothing_of_who_denounced() -> None:
    env = envelope("grievance.accused_informed")
    assert not {"denouncer", "name", "address", "filer", "complainant"} & {
        k for k, v in env.data.items() if v
    }
    for channel in CHANNELS:
        body = render("grievance.accused_informed", channel, {"data": env.data, "recipient_name": "X"}).body
        assert env.data["content"] in body and "[người tố cáo]" in body


def test_a_filer_notice_names_the_step_in_vietnamese() -> None:
    env = envelope("grievance.filer_notified")
    mail = render("grievance.filer_notified", "email", {"data": env.data})
    assert mail.subject == "Đơn TC-2027-0001 đã được thụ lý" and "09/02/2027" in mail.body
    assert env.data["sealed_address"] not in mail.body
