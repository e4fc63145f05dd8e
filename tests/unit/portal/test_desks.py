"""Pure parts of the desks: the statistics' grouping, the grievance desk's deadline order and marks, the
nominations a session or a decision may take."""

from __future__ import annotations

from datetime import date
from typing import Any

from portal.clients.awards import Nomination
from portal.clients.grievance import Case
from portal.clients.registration import Registration
from portal.grievance.cases import by_deadline, urgency
from portal.secretariat.council import eligible
from portal.secretariat.decisions import decidable
from portal.secretariat.figures import grouped


def nomination(status: str, *, year: int = 2026, female: bool | None = None, vote: bool = True,
               outcome: str = "passed", **kw: Any) -> Nomination:  # fmt: skip
    return Nomination.model_validate({
        "id": f"n-{status}-{female}", "association_id": "a", "award_type_code": "CSTDCS",
        "award_type_name": "Chiến sĩ thi đua cơ sở", "year": year, "status": status,
        "nominee": {"kind": "individual", "name": "X", "unit": "Y"}, "council_vote_required": vote,
        "report": {"criteria": [{"code": "c", "outcome": outcome}]}, "gender": {"female": female}, **kw,
    })  # fmt: skip


def registration(year: int, status: str = "submitted") -> Registration:
    return Registration.model_validate({"id": "r", "campaign_id": "c", "association_id": "a", "year": year,
                                        "status": status, "plan": {"collective_name": "H"}})  # fmt: skip


def test_figures_count_registrations_passes_awards_and_women_per_group() -> None:
    noms = [nomination("decided", female=True), nomination("vote_failed", female=False),
            nomination("passed"), nomination("submitted", year=2025)]  # fmt: skip
    rows = grouped([registration(2026), registration(2026, "withdrawn"), registration(2025)], noms,
                   reg_key=lambda r: str(r.year), nom_key=lambda n: str(n.year))  # fmt: skip

    by_year = {r.key: r for r in rows}
    assert [r.key for r in rows] == ["2025", "2026"]
    assert (by_year["2026"].registrations, by_year["2026"].nominations, by_year["2026"].awards) == (1, 3, 1)
    assert by_year["2026"].pass_rate == 2 / 3 and by_year["2026"].women_share == 0.5
    assert by_year["2025"].pass_rate is None and by_year["2025"].women_share is None


def case(code: str, due: date | None, status: str = "accepted") -> Case:
    deadlines = [{"kind": "resolution", "due_on": due.isoformat()}] if due else []
    return Case.model_validate({"id": code, "tracking_code": code, "kind": "complaint", "status": status,
                                "deadlines": deadlines})  # fmt: skip


def test_open_cases_come_nearest_deadline_first_marked_overdue_or_due_soon() -> None:
    day = date(2026, 12, 3)
    cases = [case("late", date(2026, 12, 1)), case("far", date(2027, 2, 1)), case("none", None),
             case("soon", date(2026, 12, 7)), case("done", date(2026, 11, 1), "resolved")]  # fmt: skip

    assert [c.id for c in by_deadline(cases)] == ["late", "soon", "far", "none"]
    assert [urgency(c, day) for c in by_deadline(cases)] == ["overdue", "due-soon", "", ""]


def test_a_session_takes_complete_nominations_needing_a_vote_a_decision_those_passed_or_voteless() -> None:
    needs_vote, no_vote = nomination("submitted"), nomination("submitted", vote=False)
    failing, passed = nomination("submitted", outcome="failed"), nomination("passed")

    assert eligible([needs_vote, no_vote, failing, passed]) == [needs_vote]
    assert decidable([needs_vote, no_vote, failing, passed]) == [no_vote, passed]


def test_no_message_a_template_shows_holds_a_bare_percent_sign_jinja_would_try_to_format() -> None:
    import re

    from portal.catalogue import extract

    rendered = ("templates", "secretariat/statistics.py")  # statistics' column names go through `_()` too
    shown = [m for m in extract() if any(f.startswith(rendered) for f, _ in m.locations)]
    bare = [m.id for m in shown if isinstance(m.id, str) and re.search(r"%(?![(%])", m.id)]
    assert bare == []
