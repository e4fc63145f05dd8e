"""Write docs/rules.md from the rule data the services apply: `uv run python scripts/rules_doc.py`.

The tables come from the code (awards' eligibility rules, catalogue and money rates, grievance's
deadlines), so the document cannot drift from what runs; `tests/contract/test_rules_doc.py` fails
when it is out of date.
The texts in this module are the project's own summary of each rule; the legal source is named beside it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path

from awards.catalogue import MONEY_RATES, RULE_SETS, all_award_types
from awards.eligibility.rules import RULES as ELIGIBILITY
from grievance.rules import COMPLEXITY_CRITERIA, MAX_EXTENSIONS
from grievance.rules import RULES as DEADLINES
from notify.domain import INFORMING_RULES

TARGET = Path(__file__).resolve().parent.parent / "docs" / "rules.md"

SOURCES: tuple[tuple[str, str], ...] = (
    ("L22", "Luật Thi đua, khen thưởng 2022 (06/2022/QH15), in force from 01/01/2024."),
    ("NĐ98", "Nghị định 98/2023/NĐ-CP detailing L22; applied to cycles decided before 01/07/2025."),
    ("NĐ152", "Nghị định 152/2025/NĐ-CP, which replaced NĐ98 from 01/07/2025."),
    ("NĐ129", "Nghị định 129/2025/NĐ-CP: former district powers pass to the commune chair."),
    ("BN86", "Quyết định 86/2025/QĐ-UBND of Bắc Ninh, the worked example of a provincial regulation; "
             "another province configures its own values."),
    ("QĐ 311, QĐ 638", "Quyết định 311/QĐ-BNV and 638/QĐ-BNV (2025): administrative procedures and their "
                       "time limits."),
    ("LKN", "Luật Khiếu nại 2011 (02/2011/QH13), the complaints law, as amended."),
    ("LTC", "Luật Tố cáo 2018 (25/2018/QH14), the denunciations law, as amended."),
    ("TT07", "Thông tư 07/2013/TT-TTCP on handling complaints."),
    ("NĐ155, NĐ156, L136", "The 2026 amendments to the complaints and denunciations rules, for cases "
                           "received from 01/07/2026."),
    ("NĐ 31/2019", "Nghị định 31/2019/NĐ-CP detailing LTC (complexity of a denunciation)."),
    ("BLDS 2015", "Bộ luật Dân sự 2015, Điều 147–148: how a period counted in days starts and ends."),
)  # fmt: skip

# The project's summary of each numbered rule, by rule number; the code's data rows carry the sources.
SUMMARIES: dict[int, str] = {
    1: "Registration for a campaign is optional: a nomination is never refused for lack of it, unless the "
       "campaign itself requires registration.",
    2: "Chiến sĩ thi đua cơ sở needs Lao động tiên tiến in the same period.",
    3: "Chiến sĩ thi đua cơ sở needs at least one of: an excellent rating, a recognised initiative, an "
       "accepted scientific work, combat ingenuity.",
    4: "There is no percentage cap on Chiến sĩ thi đua cơ sở.",
    5: "Chiến sĩ thi đua cấp tỉnh needs Chiến sĩ thi đua cơ sở in three consecutive cycles ending with the "
       "cycle considered, and an initiative of provincial scope from that span.",
    6: "Chiến sĩ thi đua toàn quốc needs Chiến sĩ thi đua cấp tỉnh in two consecutive cycles ending with the "
       "cycle considered, and an initiative of nationwide scope; the Union proposes it through the province.",
    7: "Lao động tiên tiến needs a rating of 'hoàn thành tốt' or better.",
    8: "Tập thể lao động xuất sắc: the collective rated excellent, every member completing their tasks, at "
       "least 70 % of members Lao động tiên tiến and at least one Chiến sĩ thi đua cơ sở.",
    9: "Tập thể lao động tiên tiến: rated 'tốt', at least 70 % of members Lao động tiên tiến, nobody "
       "disciplined at warning level or above.",
    11: "Cờ thi đua của tỉnh goes to the leading collective of a province-organised cluster, once a year.",
    12: "Bằng khen tỉnh for an individual: two consecutive Chiến sĩ thi đua cơ sở, or two consecutive "
        "excellent years with two initiatives, ending with the cycle considered.",
    13: "Bằng khen tỉnh for a collective: two consecutive excellent years, ending with the cycle considered.",
    14: "Bằng khen của Thủ tướng needs a provincial Bằng khen and five consecutive years rated 'tốt' or "
        "better with three Chiến sĩ thi đua cơ sở in that span; proposed through the province.",
    15: "One achievement may be recognised by one award only.",
    16: "Special (đột xuất) and thematic (chuyên đề) awards do not count towards merit-based eligibility.",
    17: "A lower form is not required before a higher one unless the title's own criteria say so.",
    18: "Where candidates are otherwise equal, women (or collectives with at least 70 % women) come first.",
    19: "Maternity leave counts as working time.",
    20: "An award or proposal is held while a discipline, investigation, inspection, complaint or "
        "denunciation about the nominee is open, and released on a written no-violation conclusion.",
    21: "After a discipline, the achievement window starts when the discipline period ends.",
    27: "A dossier is complete with the submission, the achievement report, the review minutes, the vote "
        "result where a vote is required, and the initiative or rating certificate for the CSTĐ titles.",
}  # fmt: skip

DEADLINE_SUMMARIES: dict[str, str] = {
    "complaint.limitation": "A complaint must be filed within this period of learning of the decision or act "
                            "(obstacle time decided by the officer is not counted).",
    "complaint.second_window": "A second complaint may be filed within this period after the first-instance "
                               "decision or its missed deadline.",
    "complaint.acceptance": "The competent person decides whether to accept a complaint.",
    "complaint.resolution.first": "First-instance resolution, counted from acceptance.",
    "complaint.resolution.second": "Second-instance resolution, counted from acceptance.",
    "complaint.suspension_notice": "A suspension decision is sent to the parties.",
    "complaint.continuation_notice": "A continuation decision is sent; the resolution clock runs again.",
    "complaint.discipline.limitation": "A complaint about a discipline decision must be filed.",
    "complaint.discipline.acceptance": "A discipline complaint is accepted or refused.",
    "complaint.discipline.resolution": "A discipline complaint is resolved.",
    "denunciation.intake": "A denunciation is classified.",
    "denunciation.forward": "A denunciation outside the recipient's competence is forwarded.",
    "denunciation.acceptance_notice": "The denouncer is told of the acceptance.",
    "denunciation.resolution": "A denunciation is resolved.",
    "denunciation.extension": "Each extension of a denunciation's resolution (see the extensions below).",
    "denunciation.publication": "The conclusion is published, without the denouncer's identity.",
    "denunciation.further_review": "A superior reviews a further denunciation.",
}  # fmt: skip


def _value(value: object) -> str:
    if isinstance(value, Fraction):
        return f"{float(value):.0%}" if value.denominator != 1 else str(value.numerator)
    return str(value)


def _day(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(cell).replace("|", "/") for cell in cells) + " |"


def _table(header: tuple[str, ...], rows: Iterable[Iterable[object]]) -> list[str]:
    return [_row(header), _row("---" for _ in header), *(_row(row) for row in rows), ""]


def _eligibility() -> list[str]:
    lines = ["## Eligibility (awards service, `awards/eligibility/rules.py`)", ""]
    for number in sorted({rule.number for rule in ELIGIBILITY}):
        lines.append(f"- **Rule {number}.** {SUMMARIES.get(number, '(no summary yet)')}")
    lines.append("")
    rows = (
        (
            rule.number,
            f"`{rule.code}`",
            ", ".join(f"{key} = {_value(value)}" for key, value in rule.params.items()) or "—",
            rule.source,
            _day(rule.effective_from),
            _day(rule.effective_to),
            "yes" if rule.confirmed else "**UNCONFIRMED** (configurable)",
        )
        for rule in ELIGIBILITY
    )
    header = ("Rule", "Check", "Parameters", "Source", "From", "Until", "Confirmed")
    return lines + _table(header, rows)


def _catalogue() -> list[str]:
    lines = ["## Titles and forms (awards service, `awards/catalogue.py`)", ""]
    lines += _table(
        ("Rule set", "From", "Until", "Source"),
        ((s.version, _day(s.effective_from), _day(s.effective_to), s.source) for s in RULE_SETS),
    )
    rows = (
        (
            t.rule_set,
            f"`{t.code}`",
            t.name,
            ", ".join(t.subjects),
            t.authority,
            f"≥ {_value(t.vote_threshold)} of all members" if t.vote_threshold is not None else "no vote",
            t.disclosure_working_days,
            t.source + (f"; vote: {t.vote_source}" if t.vote_source else ""),
            "yes" if t.confirmed else "**UNCONFIRMED** (configurable)",
        )
        for t in all_award_types()
    )
    header = ("Set", "Code", "Name", "Subjects", "Authority", "Council vote", "Disclosure (working days)",
              "Source", "Confirmed")  # fmt: skip
    lines += _table(header, rows)
    lines += ["Money (a multiple of the base salary):", ""]
    money = (
        (f"`{r.code}`", r.subject, _value(r.multiple), r.source, _day(r.effective_from)) for r in MONEY_RATES
    )
    return lines + _table(("Code", "Subject", "Multiple", "Source", "From"), money)


def _deadlines() -> list[str]:
    lines = [
        "## Complaint and denunciation clocks (grievance service, `grievance/rules.py`)",
        "",
        "Working days skip weekends, Vietnam's public holidays and the configured days off "
        "(`thidua.calendar`). A period in days starts the day after its event and, when its last day is "
        "a rest day, ends at the end of the next working day (BLDS 2015 Điều 147 k1, 148 k5).",
        "",
    ]
    rows = (
        (
            f"`{r.key}`",
            r.variant,
            f"{r.days} {'working days' if r.unit == 'working' else 'days'}",
            DEADLINE_SUMMARIES.get(r.key, "(no summary yet)"),
            r.source,
            _day(r.effective_from),
            _day(r.effective_until),
            ("**UNCONFIRMED** (configurable) " if r.unconfirmed else "") + r.note,
        )
        for r in DEADLINES
    )
    header = ("Clock", "Variant", "Period", "What", "Source", "Cases from", "Cases until", "Note")
    lines += _table(header, rows)
    extensions = ", ".join(f"{k}: {v}" for k, v in MAX_EXTENSIONS.items())
    source = "LTC Điều 30; NĐ 31/2019 Điều 3"
    lines += [f"Denunciation extensions allowed per complexity: {extensions} ({source}).", ""]
    lines += ["Complexity criteria: " + ", ".join(f"`{c}`" for c in COMPLEXITY_CRITERIA) + ".", ""]
    return lines


# Rules the code applies outside those tables: the project's summary, the source, and where it lives.
ELSEWHERE: tuple[tuple[str, str, str], ...] = (
    ("22–24", "A council vote is required for CSTĐCS, CSTĐ tỉnh and Cờ thi đua tỉnh; it passes with 80 % "
              "(90 % for CSTĐ tỉnh) of all members voting yes, absent members voting in writing.",
     "NĐ98 Điều 30 k7 (NĐ152 location UNCONFIRMED); the catalogue's vote thresholds, configurable"),
    ("25", "A provincial council session needs a quorum of two thirds of its members.",
     "BN86 Điều 8 k4b; awards setting `session_quorum`, `tally.py`"),
    ("28", "Nominees are disclosed for a number of working days before the council meets, and the objections "
           "received are attached to the minutes.", "L22 Điều 84 k5; NĐ152 Điều 44 k2; awards disclosures"),
    ("31", "Awardees are informed within a number of working days of receiving the decision.",
     "QĐ 311/QĐ-BNV 2025; notify `INFORMING_RULES` (below)"),
    ("33", "An award is cancelled only on one of four grounds, by the conferring authority, and its insignia "
           "and money are recovered.", "L22 Điều 93 k2, k8; awards `CANCELLATION_GROUNDS`"),
    ("41", "An unsigned complaint, or one filed after the limitation without good reason, is inadmissible.",
     "LKN Điều 11; grievance intake"),
    ("45", "An anonymous or unverifiable denunciation opens no case; it is kept as information.",
     "LTC Điều 25; grievance intake"),
    ("46", "The denouncer's identity is sealed apart, read only through an audited route, and redacted from "
           "every copy given to verifiers and from every publication.",
     "LTC Điều 9 k1b, 40 k3, 47 k2, 56; grievance vault and redaction"),
    ("49", "Who may confer which title or form.", "L22 Điều 80; NĐ129 Điều 59; the catalogue's authority"),
    ("50", "Award rules follow the decree in force when the cycle is decided; complaint and denunciation "
           "rules follow the date the case was received.",
     "NĐ152 Điều 59; NĐ155 Điều 21–22; the dated rows above"),
    ("51", "Every nominee is told the outcome, with the reason and how to complain.",
     "L22 Điều 5; LKN Điều 9"),
    ("52", "A period counted in days starts the day after its event and ends at the end of the next working "
           "day when its last day is a rest day.", "BLDS 2015 Điều 147 k1, 148 k5; `thidua.calendar`"),
)  # fmt: skip


def _elsewhere() -> list[str]:
    lines = ["## Other rules the code applies", ""]
    lines += _table(("Rule", "What", "Source and where"), ELSEWHERE)
    informing = ((r.working_days, _day(r.effective_from), r.source) for r in INFORMING_RULES)
    lines += ["Informing deadline (notify, `notify/domain.py`):", ""]
    return lines + _table(("Working days", "From", "Source"), informing)


def render() -> str:
    """The whole document."""
    lines = [
        "# The rules the code applies",
        "",
        "Generated from the rule data by `uv run python scripts/rules_doc.py`; do not edit by hand.",
        "Each row is a rule the services enforce, with its legal source and the dates it applies. Values",
        "marked UNCONFIRMED come from a secondary or provincial text and can be changed in settings",
        "(see each service's README).",
        "",
        "## Sources",
        "",
        *_table(("Code", "Text"), SOURCES),
        *_eligibility(),
        *_catalogue(),
        *_deadlines(),
        *_elsewhere(),
    ]
    return "\n".join(lines).rstrip() + "\n"


def main() -> None:
    """Write docs/rules.md, or with --check exit 1 when it is out of date."""
    text = render()
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.read_text(encoding="utf-8") == text else 1)
    TARGET.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
