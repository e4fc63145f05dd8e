"""The printed decision (NĐ 30/2020/NĐ-CP layout) as PDF, rendered locally from a replaceable template."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from awards.history import Award, Decision

TEMPLATES = Path(__file__).parent / "templates"
ATTACH_ABOVE = 5
"""More awardees than this go to the attached list (Danh sách kèm theo) instead of Điều 1's text."""


@dataclass(frozen=True, kw_only=True)
class Issuer:
    """The issuing body as the decision's header names it, and the place written before the date."""

    parent: str = "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam"
    name: str = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
    place: str = "Tỉnh"


def money(amount: int) -> str:
    """An amount in đồng as Vietnamese text writes it: 1.234.000."""
    return f"{amount:,}".replace(",", ".")


def _environment(directory: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(directory), autoescape=select_autoescape(("html",)))
    env.globals["money"] = money
    return env


def decision_html(
    decision: Decision,
    awards: Sequence[Award],
    *,
    issuer: Issuer,
    grounds: Sequence[str],
    templates: Path = TEMPLATES,
) -> str:
    """The decision as HTML from `templates/decision.html` (a province may point at its own directory)."""
    names = sorted({a.award_type_name or a.code for a in awards})
    return (
        _environment(templates)
        .get_template("decision.html")
        .render(
            decision=decision,
            awards=awards,
            issuer=issuer,
            grounds=grounds,
            summary=", ".join(names) or "thành tích",
            total=sum(a.money_amount_vnd or 0 for a in awards),
            attached=len(awards) > ATTACH_ABOVE,
        )
    )


def decision_pdf(
    decision: Decision, awards: Sequence[Award], *, issuer: Issuer, grounds: Sequence[str]
) -> bytes:
    """The decision as an A4 PDF, rendered here by WeasyPrint (no online service)."""
    from weasyprint import (
        HTML,
    )  # imported on use: its start-up loads Pango once, only in a process that prints

    html = decision_html(decision, awards, issuer=issuer, grounds=grounds)
    pdf: bytes = HTML(string=html, base_url=str(TEMPLATES)).write_pdf()
    return pdf
