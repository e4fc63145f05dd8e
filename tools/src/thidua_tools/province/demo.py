"""`seed_demo`: build a realistic province through the public APIs only, safely re-runnable.

Every step first looks up what exists (directory codes, campaign codes, registrations per association,
nominations per nominee and title, disclosure rows, grievance reference numbers) and creates only what is
missing, so a second run creates nothing and ends with the same counts.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from thidua_tools.province import demo_awards, demo_grievances, demo_summary, plan
from thidua_tools.province.client import ApiError, Json, ProvinceClient
from thidua_tools.province.names import UNION_NAME, AssociationProfile, province
from thidua_tools.province.progress import QUIET, Progress

T = TypeVar("T")
R = TypeVar("R")
ANNUAL_AWARDS = ("LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "CO_THI_DUA_TINH", "BANG_KHEN_TINH")


@dataclass
class Demo:
    """The state one run of the demo shares between its steps."""

    api: ProvinceClient
    year: int
    today: date
    profiles: list[AssociationProfile]
    progress: Progress
    concurrency: int
    created: Counter[str] = field(default_factory=Counter)
    ids: dict[int, str] = field(default_factory=dict)  # association index -> id
    campaigns: dict[str, Json] = field(default_factory=dict)  # "annual" / "thematic" -> campaign
    registrations: dict[tuple[str, int], Json] = field(default_factory=dict)  # (campaign, index) -> reg
    history_rows: int = 0
    refused: int = 0  # nominations the eligibility check turned down (e.g. history of another demo year)

    async def each(self, name: str, items: Sequence[T], work: Callable[[T], Awaitable[R]]) -> list[R]:
        """Run `work` on every item, at most `concurrency` at a time, counting progress."""
        gate = asyncio.Semaphore(self.concurrency)
        with self.progress.step(name, len(items)) as step:

            async def one(item: T) -> R:
                async with gate:
                    result = await work(item)
                step.advance()
                return result

            return list(await asyncio.gather(*(one(item) for item in items)))


@dataclass(frozen=True)
class SeedReport:
    """What a run created (`created`, by kind) and what exists at its end (`counts`, by kind)."""

    created: dict[str, int]
    counts: dict[str, int]
    seconds: float


async def seed_demo(
    client: ProvinceClient,
    *,
    associations: int = 40,
    individuals: int = 2000,
    year: int | None = None,
    progress: Progress | None = None,
    concurrency: int = 8,
    seed: int | str = "Tây Ninh",
) -> SeedReport:
    """Build (or complete) the demo province for `year` (default: this year) and report on it."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    today = date.today()
    demo = Demo(
        api=client,
        year=year or today.year,
        today=today,
        profiles=province(associations=associations, individuals=individuals, seed=seed),
        progress=progress or QUIET,
        concurrency=concurrency,
    )
    await ensure_directory(demo)
    await ensure_campaigns(demo)
    await ensure_registrations(demo)
    await ensure_year_end(demo)
    await demo_awards.run(demo)
    await demo_grievances.run(demo)
    counts = await demo_summary.counts(demo)
    return SeedReport(dict(demo.created), counts, loop.time() - started)


async def ensure_directory(demo: Demo) -> None:
    """Every association of the plan in the directory, with its officers and contact e-mails."""
    existing = {a["code"]: a["id"] for a in await demo.api.all_associations()}

    async def ensure(index: int) -> None:
        profile = demo.profiles[index]
        if profile.code not in existing:
            officers = [
                {"full_name": o.full_name, "position": o.position, "email": o.email, "phone": o.phone}
                for o in profile.officers
            ]
            try:
                made = await demo.api.create_association(
                    code=profile.code,
                    name=profile.name,
                    kind=profile.kind,
                    contact_emails=profile.contact_emails,
                    officers=officers,
                )
                existing[profile.code] = made["id"]
                demo.created["associations"] += 1
            except ApiError as error:  # created meanwhile (another run): take it
                found = await demo.api.find_association(profile.code) if error.status == 409 else None
                if found is None:
                    raise
                existing[profile.code] = found["id"]
        demo.ids[index] = existing[profile.code]

    await demo.each("Hội thành viên (directory)", range(len(demo.profiles)), ensure)


def _campaign_specs(year: int) -> dict[str, dict[str, Any]]:
    return {
        "annual": {
            "code": f"TDKT-{year}",
            "name": f"Phong trào thi đua yêu nước năm {year} của {UNION_NAME}: "
            "Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc",
            "kind": "annual",
            "registration_deadline": date(year, 3, 31),
            "award_type_codes": ANNUAL_AWARDS,
            "targets": ["Kỷ cương, liêm chính, hành động, trách nhiệm, sáng tạo, hiệu quả"],
            "directive_documents": [f"Kế hoạch công tác thi đua, khen thưởng năm {year} của Liên hiệp Hội"],
        },
        "thematic": {
            "code": f"CD-CDS-{year}",
            "name": f"Thi đua chuyên đề đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số năm {year}",
            "kind": "thematic",
            "registration_deadline": None,
            "award_type_codes": ("GIAY_KHEN", "BANG_KHEN_TINH"),
            "targets": ["Mỗi Hội thành viên có ít nhất 01 mô hình chuyển đổi số"],
            "directive_documents": [],
        },
    }


async def ensure_campaigns(demo: Demo) -> None:
    """The annual campaign (launched at once) and a thematic one (created as a draft, then launched)."""
    with demo.progress.step("Phong trào thi đua (campaigns)", 2) as step:
        for kind, spec in _campaign_specs(demo.year).items():
            found = await demo.api.find_campaign(spec["code"], year=demo.year)
            if found is None:
                found = await demo.api.create_campaign(
                    **spec,
                    year=demo.year,
                    period_start=date(demo.year, 1, 1),
                    period_end=date(demo.year, 12, 31),
                    launched=kind == "annual",
                )
                demo.created["campaigns"] += 1
            if not found["launched"]:
                found = await demo.api.launch_campaign(found["id"])
            demo.campaigns[kind] = found
            step.advance()


async def _late_window(demo: Demo, kind: str, index: int) -> None:
    """After the Q1 deadline, the secretariat lets the association register or withdraw late (gia hạn)."""
    campaign = demo.campaigns[kind]
    deadline = campaign.get("registration_deadline")
    if deadline and date.fromisoformat(deadline) < demo.today:
        until = demo.today + timedelta(days=14)
        await demo.api.grant_late_window(campaign["id"], association_id=demo.ids[index], until=until)


async def ensure_registrations(demo: Demo) -> None:
    """Every association registers its collective and members for the annual campaign (one in ten then
    withdraws), and a third of them register for the thematic one too."""
    wanted = [("annual", i) for i in range(len(demo.profiles))]
    wanted += [("thematic", i) for i in range(len(demo.profiles)) if plan.in_thematic(i)]
    by_association = {demo.ids[i]: i for i in demo.ids}
    for kind, campaign in demo.campaigns.items():
        for reg in await demo.api.all_registrations(campaign_id=campaign["id"]):
            if reg["association_id"] in by_association:
                demo.registrations[(kind, by_association[reg["association_id"]])] = reg

    async def ensure(item: tuple[str, int]) -> None:
        kind, index = item
        reg = demo.registrations.get(item)
        if reg is None:
            await _late_window(demo, kind, index)
            body = plan.registration_plan(demo.profiles[index], index)
            if kind == "thematic":
                body |= {"collective_award_codes": ["GIAY_KHEN"], "individuals": body["individuals"][7:8]}
            campaign_id = demo.campaigns[kind]["id"]
            reg = await demo.api.register(campaign_id, association_id=demo.ids[index], **body)
            demo.created["registrations"] += 1
        if kind == "annual" and not plan.registered(index) and reg["status"] == "submitted":
            await _late_window(demo, kind, index)
            reason = "Hội tạm dừng đăng ký để kiện toàn Ban Chấp hành nhiệm kỳ mới."
            reg = await demo.api.withdraw_registration(
                reg["id"], association_id=demo.ids[index], reason=reason
            )
            demo.created["withdrawals"] += 1
        demo.registrations[item] = reg

    await demo.each("Đăng ký thi đua (registrations)", wanted, ensure)


async def ensure_year_end(demo: Demo) -> None:
    """Year-end self-assessment of each annual registration, then the secretariat's verification."""
    annual = sorted(
        i
        for (kind, i), reg in demo.registrations.items()
        if kind == "annual" and reg["status"] != "withdrawn"
    )

    async def assess(index: int) -> None:
        reg = demo.registrations[("annual", index)]
        if reg.get("self_assessment") is None and reg["status"] == "submitted":
            body = plan.self_assessment(demo.profiles[index], index, demo.year)
            reg = await demo.api.submit_self_assessment(reg["id"], association_id=demo.ids[index], **body)
            demo.created["self_assessments"] += 1
        demo.registrations[("annual", index)] = reg

    async def verify(index: int) -> None:
        reg = demo.registrations[("annual", index)]
        if reg["status"] != "verified":
            if index % 7 == 3:  # phúc tra: the secretariat corrects a count, with its reason
                facts = plan.self_assessment(demo.profiles[index], index, demo.year)
                women = facts["collective"]["female_member_count"]
                facts["collective"]["female_member_count"] = max(0, women - 1)
                reason = "Điều chỉnh số hội viên nữ theo danh sách hội viên đã phúc tra."
                reg = await demo.api.verify_registration(
                    reg["id"], outcome="adjusted", reason=reason, adjusted=facts
                )
            else:
                reg = await demo.api.verify_registration(reg["id"])
            demo.created["verifications"] += 1
        demo.registrations[("annual", index)] = reg

    await demo.each("Tự đánh giá cuối năm (self-assessment)", annual, assess)
    await demo.each("Phúc tra (verification)", annual, verify)
