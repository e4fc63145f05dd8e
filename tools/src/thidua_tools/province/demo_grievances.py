"""The demo's complaints (khiếu nại) and denunciations (tố cáo), each taken to its planned state.

A case is found again by the intake register number written into its summary ("Sổ tiếp nhận số …"), and
each officer action runs only from the status that precedes it, so a re-run neither files nor acts twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from thidua_tools.province.client import Json

if TYPE_CHECKING:
    from thidua_tools.province.demo import Demo

Action = Callable[["Demo", Json], Awaitable[Json]]


@dataclass(frozen=True)
class Case:
    """One planned grievance: how it is filed and, per status, the officer's next action."""

    ref: str
    kind: Literal["complaint", "denunciation"]
    summary: str
    file: dict[str, Any]
    steps: Mapping[str, Action]


async def _accept(demo: Demo, case: Json) -> Json:
    return await demo.api.accept_grievance(case["id"])


async def _accept_complex(demo: Demo, case: Json) -> Json:
    return await demo.api.accept_grievance(case["id"], complexity_criteria=["multi_issue"])


async def _refuse(demo: Demo, case: Json) -> Json:
    return await demo.api.accept_grievance(case["id"], decision="refuse", reason_code="no_direct_interest")


async def _reject(demo: Demo, case: Json) -> Json:
    number = f"{demo.year % 100 + 3}/QĐ-GQKN"
    return await demo.api.resolve_grievance(case["id"], outcome="rejected", decision_number=number)


async def _suspend(demo: Demo, case: Json) -> Json:
    return await demo.api.suspend_grievance(case["id"])


async def _extend(demo: Demo, case: Json) -> Json:
    return await demo.api.extend_grievance(case["id"], decision_number=f"{demo.year % 100 + 7}/QĐ-GHGQTC")


async def _partly_upheld(demo: Demo, case: Json) -> Json:
    number = f"{demo.year % 100 + 9}/KL-GQTC"
    return await demo.api.resolve_grievance(case["id"], outcome="partly_upheld", decision_number=number)


async def _publish(demo: Demo, case: Json) -> Json:
    if case.get("conclusion"):
        return case
    text = (
        "Kết luận nội dung tố cáo: tố cáo đúng một phần; hồ sơ thành tích đã được bổ sung, "
        "không có vi phạm về tiêu chuẩn khen thưởng."
    )
    return await demo.api.publish_conclusion(case["id"], conclusion=text)


def _target(nomination: Json, kind: str = "nomination") -> Json:
    code = nomination["nominee"].get("personal_code")
    if kind == "award":
        return {"kind": "award", "award_id": nomination.get("award_id"), "personal_code": code}
    return {"kind": "nomination", "nomination_id": nomination["id"], "personal_code": code}


def _public(name: str, contact: str) -> Json:
    return {"name": name, "contact": contact, "address": "Thành phố Tây Ninh"}


def _cases(demo: Demo, nominations: list[Json]) -> list[Case]:
    """Up to five cases about this year's nominations and awards (fewer when the province is tiny)."""
    y = demo.year
    failed = [n for n in nominations if n["status"] == "vote_failed"][:1]
    voted = [n for n in nominations if n["council_vote_required"] and n["status"] in ("decided", "forwarded")]
    decided = [n for n in nominations if n["status"] == "decided" and n["nominee"]["kind"] == "individual"]
    cases = [
        Case(
            f"KN-{y}-001",
            "complaint",
            f"{n['nominee']['unit']} khiếu nại kết quả bỏ phiếu của Hội đồng Thi đua - Khen thưởng đối với "
            f"hồ sơ đề nghị {n['award_type_name']} của {n['nominee']['name']}.",
            {"association_id": n["association_id"], "targets": [_target(n)]},
            {"received": _accept, "accepted": _reject},
        )
        for n in failed
    ]
    cases += [
        Case(
            f"KN-{y}-002",
            "complaint",
            f"Phản ánh về danh sách công khai: đề nghị xem xét lại thành tích của {n['nominee']['name']}.",
            {
                "filer": _public("Lê Văn Tâm", "le.van.tam@lienhiephoi-tayninh.example"),
                "targets": [_target(n)],
            },
            {"received": _accept, "accepted": _suspend},
        )
        for n in voted[:1]
    ]
    steps: list[Mapping[str, Action]] = [
        {"received": _accept_complex, "accepted": _extend},
        {"received": _accept, "accepted": _partly_upheld, "resolved": _publish},
    ]
    cases += [
        Case(
            f"TC-{y}-00{i + 1}",
            "denunciation",
            "Tố cáo việc kê khai không trung thực thành tích trong hồ sơ khen thưởng của "
            f"{n['nominee']['name']}.",
            {"filer": _public("Phạm Thị Hồng", "0912345678"), "targets": [_target(n, "award")]},
            steps[i],
        )
        for i, n in enumerate(decided[:2])
    ]
    cases.append(
        Case(
            f"KN-{y}-003",
            "complaint",
            "Đề nghị xem xét việc một hội viên không được đưa vào danh sách đăng ký thi đua của Hội.",
            {
                "filer": _public("Trần Minh Khoa", "tran.minh.khoa@lienhiephoi-tayninh.example"),
                "targets": [{"kind": "association", "association_id": demo.ids[0]}],
            },
            {"received": _refuse},
        )
    )
    return cases


async def run(demo: Demo) -> None:
    """File each planned case that is missing, then take every case on to its planned state."""
    campaigns = {c["id"] for c in demo.campaigns.values()}
    nominations = [n for n in await demo.api.list_nominations() if n.get("campaign_id") in campaigns]
    cases = _cases(demo, nominations)
    on_file = await demo.api.list_grievances()

    async def ensure(case: Case) -> None:
        marker = f"(Sổ tiếp nhận số {case.ref})"
        found = next((g for g in on_file if marker in str(g.get("summary", ""))), None)
        if found is None:
            filed = await demo.api.file_grievance(
                kind=case.kind, summary=f"{case.summary} {marker}", **case.file
            )
            demo.created["grievances"] += 1
            found = await demo.api.get_grievance(filed["id"])
        for _ in range(len(case.steps)):
            action = case.steps.get(found["status"])
            if action is None:
                break
            after = await action(demo, found)
            if after is found:
                break
            demo.created["grievance_actions"] += 1
            found = after

    await demo.each("Khiếu nại, tố cáo (grievances)", cases, ensure)
