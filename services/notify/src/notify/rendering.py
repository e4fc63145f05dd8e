"""Jinja2 templates per event type and channel (Vietnamese), rendered in strict-undefined mode."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    """A rendered notice: a subject line (e-mail) and a body."""

    subject: str
    body: str


LABELS: dict[str, str] = {
    # registration.verified
    "confirmed": "xác nhận đúng như tự đánh giá",
    "adjusted": "có điều chỉnh so với tự đánh giá",
    # grievance.resolved
    "upheld": "khiếu nại đúng",
    "partly_upheld": "khiếu nại đúng một phần",
    "rejected": "khiếu nại không có cơ sở",
    # nomination.deferred
    "grievance": "đang giải quyết đơn thư liên quan",
    "discipline": "đang xem xét kỷ luật",
    "investigation": "đang điều tra, thanh tra, kiểm tra",
    "press_report": "đang xác minh thông tin phản ánh",
    # nomination.rejected
    "ineligible": "không đủ tiêu chuẩn theo quy định",
    "dossier_refused": "hồ sơ đề nghị không hợp lệ",
    "council_vote_failed": "Hội đồng Thi đua - Khen thưởng không thông qua",
    "violation_found": "kết quả giải quyết đơn thư xác định có vi phạm",
    "withdrawn": "đơn vị đã rút đề nghị",
    # award.cancelled: grounds of L22 Điều 93 k2
    "fraudulent_achievements": "gian dối trong việc kê khai thành tích",
    "false_information": "khai man hồ sơ, báo cáo sai sự thật",
    "unlawful_procedure": "đề nghị, quyết định khen thưởng trái pháp luật",
    # grievance.due_soon / overdue
    "acceptance": "thụ lý",
    "acceptance_notice": "thông báo thụ lý",
    "resolution": "giải quyết",
    "publication": "công khai kết luận",
    "further_review": "xem xét lại",
    "forward": "chuyển đơn (nếu không thuộc thẩm quyền)",
    "suspension_notice": "gửi quyết định tạm đình chỉ",
    "continuation_notice": "gửi quyết định tiếp tục giải quyết",
    # grievance.refused / filer_notified: why a case was not accepted
    "limitation_expired": "đã hết thời hiệu",
    "unsigned": "đơn không có chữ ký hoặc điểm chỉ",
    "no_direct_interest": "người gửi không có quyền, lợi ích liên quan trực tiếp",
    "not_competent": "không thuộc thẩm quyền giải quyết",
    "already_resolved": "đã được giải quyết lần hai",
    "before_court": "đã được Tòa án thụ lý",
    "unidentifiable_sender": "không xác định được người gửi",
    "other": "lý do khác ghi trong văn bản trả lời",
    # grievance.filer_notified: which step
    "accepted": "thụ lý",
    "refused": "không thụ lý",
    "extended": "gia hạn",
    "suspended": "tạm đình chỉ",
    "resumed": "tiếp tục giải quyết",
    "resolved": "kết quả giải quyết",
    "forwarded": "chuyển đơn",
}


def label(code: str) -> str:
    """Vietnamese label of a code carried by an event (the code itself when unknown)."""
    return LABELS.get(code, code)


def vn_date(value: str | date) -> str:
    """An ISO date as Vietnamese write it: dd/mm/yyyy."""
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return day.strftime("%d/%m/%Y")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The shared template environment; missing variables raise instead of rendering blank."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,  # noqa: S701 - plain text e-mail and inbox text, never HTML
        keep_trailing_newline=False,
    )
    env.filters.update(label=label, ngay=vn_date)
    return env


def template_names(channel: str) -> list[str]:
    """Event types that have a template for the channel."""
    return sorted(p.stem for p in (TEMPLATES / channel).glob("*.j2"))


def render(event_type: str, channel: str, context: dict[str, Any]) -> Rendered:
    """Render the template of an event type for a channel; e-mail's first line is its subject."""
    text = environment().get_template(f"{channel}/{event_type}.j2").render(**context).strip()
    if channel == "email":
        subject, _, body = text.partition("\n")
        return Rendered(subject=subject.strip(), body=body.strip() + "\n")
    return Rendered(subject=_title(event_type, context), body=text)


def _title(event_type: str, context: dict[str, Any]) -> str:
    """An inbox notice's title: the first line of the event's e-mail template."""
    full = {"recipient_name": ""} | context
    return environment().get_template(f"email/{event_type}.j2").render(**full).strip().partition("\n")[0]
