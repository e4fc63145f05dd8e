"""The demo's awards year: clusters, award history, dossiers and nominations, disclosure, the council,
decisions (the Union's and the province's), and one cancellation."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from thidua_tools.province import plan
from thidua_tools.province.client import ApiError, Json, Vote, collective, individual
from thidua_tools.province.names import PROVINCE, UNION_NAME, ascii_slug, people

if TYPE_CHECKING:
    from thidua_tools.province.demo import Demo

SHARED_DOCUMENTS = ("to_trinh", "bien_ban_binh_xet", "ket_qua_bo_phieu")
DOCUMENT_TITLES = {
    "to_trinh": "Tờ trình đề nghị khen thưởng",
    "bao_cao_thanh_tich": "Báo cáo thành tích",
    "bien_ban_binh_xet": "Biên bản họp bình xét thi đua",
    "ket_qua_bo_phieu": "Kết quả bỏ phiếu kín",
    "xac_nhan_sang_kien": "Giấy xác nhận sáng kiến",
}
FAILING_VOTE = (1, 3)  # (association index, member index): the one CSTĐCS nominee the council turns down
Key = tuple[str, str, str, int, str]


async def run(demo: Demo) -> None:
    """Everything from the cluster results to the decisions, creating only what is missing."""
    existing = {_key_of(n): n for n in await demo.api.list_nominations()}
    planned = _planned(demo)
    missing = [n for n in planned if _key(demo, n) not in existing]
    await put_clusters(demo)
    await import_history(demo, dry_run=not missing)
    if missing:
        await nominate(demo, missing, existing)
    await settle(demo, [existing[_key(demo, n)] for n in planned if _key(demo, n) in existing])
    await disclose(demo)
    await council(demo)
    await decide(demo)
    await cancel_one(demo)


def _key(demo: Demo, n: plan.Nomination) -> Key:
    campaign = demo.campaigns[n.campaign]["id"]
    return (demo.ids[n.association_index], campaign, n.award_type_code, demo.year, n.personal_code or "")


def _key_of(doc: Json) -> Key:
    code = doc["nominee"].get("personal_code") or ""
    return (doc["association_id"], doc.get("campaign_id") or "", doc["award_type_code"], doc["year"], code)


def _clusters(demo: Demo) -> dict[str, list[int]]:
    return plan.clusters(demo.profiles)


def _planned(demo: Demo) -> list[plan.Nomination]:
    leaders = {plan.cluster_leader(members) for members in _clusters(demo).values()}
    return [
        n
        for index, profile in enumerate(demo.profiles)
        if plan.registered(index) and ("annual", index) in demo.registrations
        for n in plan.nominations(profile, index, cluster_leader=index in leaders)
        if n.campaign == "annual" or ("thematic", index) in demo.registrations
    ]


async def put_clusters(demo: Demo) -> None:
    """The year's emulation clusters (cụm thi đua) by field, each with its ranked leader."""
    clusters = _clusters(demo)

    async def put(cluster_id: str) -> None:
        members = clusters[cluster_id]
        field = demo.profiles[members[0]].field
        await demo.api.put_cluster_results(
            cluster_id,
            demo.year,
            name=f"Cụm thi đua khối {field}",
            member_association_ids=[demo.ids[i] for i in members],
            leader_association_id=demo.ids[plan.cluster_leader(members)],
        )

    await demo.each("Kết quả cụm thi đua (clusters)", sorted(clusters), put)


async def import_history(demo: Demo, *, dry_run: bool) -> None:
    """Awards of the three prior years, one file per association (a re-import changes nothing; a re-run
    that has nothing left to nominate only validates the files)."""

    async def send(index: int) -> None:
        rows = plan.history_rows(demo.profiles[index], index, demo.ids[index], demo.year)
        answer = await demo.api.import_award_history(
            rows, dry_run=dry_run, filename=f"khen-thuong-{demo.profiles[index].code}.csv"
        )
        if answer["errors"]:
            raise RuntimeError(f"award history rows rejected: {answer['errors'][:3]}")
        demo.history_rows += int(answer["rows"])  # every row was valid (no errors)

    demo.history_rows = 0
    await demo.each("Lịch sử khen thưởng 3 năm (history)", sorted(demo.ids), send)


def _pdf(title: str, *lines: str) -> bytes:
    """A small document standing in for the scanned original."""
    text = "\n".join((title, *lines))
    return b"%PDF-1.4\n% ThiDua demo document\n" + text.encode("utf-8") + b"\n%%EOF\n"


async def _upload(demo: Demo, index: int, kind: str, name: str, *lines: str) -> Json:
    profile = demo.profiles[index]
    filename = f"{ascii_slug(DOCUMENT_TITLES[kind], '_')}_{ascii_slug(name, '_')}_{demo.year}.pdf"
    content = _pdf(f"{DOCUMENT_TITLES[kind]} - {name}", profile.name, *lines)
    document = await demo.api.upload_document(
        association_id=demo.ids[index], filename=filename, content=content
    )
    demo.created["documents"] += 1
    return {
        "kind": kind,
        "filename": filename,
        "sha256": document["sha256"],
        "document_id": document["document_id"],
    }


async def nominate(demo: Demo, missing: list[plan.Nomination], existing: dict[Key, Json]) -> None:
    """Upload the dossiers and submit the missing nominations."""
    required = {
        t["code"]: t["dossier_items"] for t in (await demo.api.list_award_types(on=demo.today))["items"]
    }
    shared: dict[tuple[int, str], list[Json]] = {}

    async def share(item: tuple[int, str]) -> None:
        index, campaign = item
        name = demo.campaigns[campaign]["code"]
        shared[item] = [await _upload(demo, index, kind, name) for kind in SHARED_DOCUMENTS]

    await demo.each(
        "Hồ sơ chung (shared dossiers)", sorted({(n.association_index, n.campaign) for n in missing}), share
    )

    async def submit(n: plan.Nomination) -> None:
        kinds = required[n.award_type_code]
        dossier = [d for d in shared[(n.association_index, n.campaign)] if d["kind"] in kinds]
        for kind in ("bao_cao_thanh_tich", "xac_nhan_sang_kien"):
            if kind in kinds:
                dossier.append(
                    await _upload(demo, n.association_index, kind, _nominee_name(demo, n), _report(demo, n))
                )
        try:
            doc = await demo.api.nominate(**_nomination_body(demo, n), dossier=dossier)
        except ApiError as error:
            if error.slug != "ineligible":
                raise
            demo.refused += 1
            return
        existing[_key(demo, n)] = doc
        demo.created["nominations"] += 1

    await demo.each("Đề nghị khen thưởng (nominations)", missing, submit)


def _nominee_name(demo: Demo, n: plan.Nomination) -> str:
    return n.member.person.full_name if n.member else demo.profiles[n.association_index].name


def _report(demo: Demo, n: plan.Nomination) -> str:
    profile = demo.profiles[n.association_index]
    if n.campaign == "thematic":
        return (
            f"{_nominee_name(demo, n)} có nhiều đóng góp trong phong trào ứng dụng công nghệ thông tin, "
            f"chuyển đổi số năm {demo.year} của {profile.name}."
        )
    if n.member is None:
        return (
            f"{profile.name} hoàn thành {'xuất sắc' if plan.excellent(n.association_index) else 'tốt'} "
            f"nhiệm vụ năm {demo.year}; 100% hội viên hoàn thành nhiệm vụ; tổ chức tốt phong trào thi đua."
        )
    ideas = plan.initiatives(n.member, demo.year)
    idea = f" Sáng kiến: {ideas[0]['title']}." if ideas else ""
    how = "xuất sắc" if plan.rating(n.member, demo.year) == plan.HTXSNV else "tốt"
    person = n.member.person
    who = f"{person.full_name}, {person.position}, {profile.name}"
    return f"{who}: hoàn thành {how} nhiệm vụ năm {demo.year}.{idea}"


def _nomination_body(demo: Demo, n: plan.Nomination) -> dict[str, Any]:
    profile = demo.profiles[n.association_index]
    body: dict[str, Any] = {
        "association_id": demo.ids[n.association_index],
        "campaign_id": demo.campaigns[n.campaign]["id"],
        "award_type_code": n.award_type_code,
        "year": demo.year,
        "commendation_type": n.commendation_type,
        "achievement_report": _report(demo, n),
    }
    if n.member is not None:
        return body | {
            "nominee": individual(n.member.person.full_name, profile.name, n.member.person.personal_code)
        }
    facts = plan.self_assessment(profile, n.association_index, demo.year)["individuals"]
    ldtt = sum(1 for p in facts if p["task_rating"] in plan.GOOD)
    return body | {
        "nominee": collective(profile.name, profile.name),
        "members_ldtt": ldtt,
        "members_cstdcs": 2,
    }


async def settle(demo: Demo, nominations: list[Json]) -> None:
    """Nominations checked before the verified facts reached the awards service are checked again."""
    waiting = [n for n in nominations if n["status"] == "incomplete"]
    deadline = asyncio.get_running_loop().time() + 60
    with demo.progress.step("Chờ dữ liệu phúc tra (facts)", len(waiting)) as step:
        while waiting and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(1.0)
            still = []
            for n in waiting:
                again = await demo.api.supplement_nomination(n["id"], association_id=n["association_id"])
                if again["status"] == "incomplete":
                    still.append(again)
                else:
                    step.advance()
            waiting = still


async def _this_year(demo: Demo) -> list[Json]:
    campaigns = {c["id"] for c in demo.campaigns.values()}
    return [
        n
        for n in await demo.api.list_nominations()
        if n.get("campaign_id") in campaigns and n["year"] == demo.year
    ]


async def disclose(demo: Demo) -> None:
    """Put the nominations the council votes on, and those going to the province, on the public list."""
    listed: set[tuple[str, str, str]] = set()
    for campaign in demo.campaigns.values():
        rows = await demo.api.public_disclosures(campaign_id=campaign["id"])
        listed |= {(r["name"], r["unit"], r["award"]) for r in rows}
    todo = [
        n
        for n in await _this_year(demo)
        if (n["council_vote_required"] or n["authority"] == "province")
        and n["status"] not in ("incomplete", "rejected")
        and (n["nominee"]["name"], n["nominee"]["unit"], n["award_type_name"]) not in listed
    ]

    async def one(n: Json) -> None:
        await demo.api.disclose(n["id"], window_start=demo.today)
        demo.created["disclosures"] += 1

    await demo.each("Công khai (disclosure)", todo, one)


def council_roster() -> list[Json]:
    """The Union's emulation and commendation council: nine members, one absent who votes in writing."""
    members = people(9, seed="hoi-dong-thi-dua")
    return [
        {"member_id": f"uy-vien-hd-{i + 1:02d}", "name": p.full_name, "present": i < 8}
        for i, p in enumerate(members)
    ]


async def council(demo: Demo) -> None:
    """One session on every nomination awaiting a vote: open, secret ballots, closure."""
    agenda = [n for n in await _this_year(demo) if n["status"] == "submitted" and n["council_vote_required"]]
    roster = council_roster()
    with demo.progress.step("Hội đồng TĐKT (council)", len(roster) + 2 if agenda else 0) as step:
        if not agenda:
            return
        ids = [n["id"] for n in agenda]
        session = await demo.api.open_council_session(
            held_on=demo.today, members=roster, nomination_ids=ids, campaign_id=demo.campaigns["annual"]["id"]
        )
        demo.created["council_sessions"] += 1
        step.advance()
        failing = {n["id"] for n in agenda if _turned_down(demo, n)}
        for i, member in enumerate(roster):
            votes: dict[str, Vote] = {nid: "no" if nid in failing and i >= 6 else "yes" for nid in ids}
            await demo.api.cast_ballot(session["id"], member_id=member["member_id"], votes=votes)
            demo.created["ballots"] += 1
            step.advance()
        await demo.api.close_session(session["id"])
        step.advance()


def _turned_down(demo: Demo, nomination: Json) -> bool:
    index, member = FAILING_VOTE
    profile = demo.profiles[index] if index < len(demo.profiles) else None
    return (
        profile is not None
        and member < len(profile.members)
        and nomination["award_type_code"] == "CSTDCS"
        and nomination["nominee"].get("personal_code") == profile.members[member].personal_code
    )


def _union_signer(demo: Demo) -> tuple[str, str]:
    """The Union's chair (a made-up person, like everyone in the demo)."""
    return people(1, seed="chu-tich-lien-hiep-hoi")[0].full_name, f"Chủ tịch {UNION_NAME}"


async def decide(demo: Demo) -> None:
    """The Union decides what is within its authority (forwarding the rest); then the province decides."""
    name, title = _union_signer(demo)
    numbers = {"annual": f"{125 + demo.year % 100}/QĐ-LHH", "thematic": f"{140 + demo.year % 100}/QĐ-LHH"}
    nominations = await _this_year(demo)
    with demo.progress.step("Quyết định khen thưởng (decisions)", 3) as step:
        for kind, number in numbers.items():
            campaign = demo.campaigns[kind]["id"]
            ready = [n["id"] for n in nominations if n["campaign_id"] == campaign and _ready(n)]
            if ready:
                await demo.api.issue_decision(
                    number=number,
                    signed_on=demo.today,
                    signer_name=name,
                    signer_title=title,
                    nomination_ids=ready,
                )
                demo.created["decisions"] += 1
            step.advance()
        forwarded = [n["id"] for n in await _this_year(demo) if n["status"] == "forwarded"]
        if forwarded:
            await demo.api.issue_decision(
                number=f"{2100 + demo.year % 100}/QĐ-UBND",
                signed_on=demo.today,
                signer_name=people(1, seed="chu-tich-ubnd-tinh")[0].full_name,
                signer_title=f"Chủ tịch Ủy ban nhân dân tỉnh {PROVINCE}",
                nomination_ids=forwarded,
                authority="province",
            )
            demo.created["decisions"] += 1
        step.advance()


def _ready(n: Json) -> bool:
    return bool(n["status"] == "passed" or (n["status"] == "submitted" and not n["council_vote_required"]))


async def cancel_one(demo: Demo) -> None:
    """One LĐTT award is cancelled (hủy bỏ): its dossier declared false information."""
    if len(demo.profiles) < 3 or len(demo.profiles[2].members) < 7:
        return
    code = demo.profiles[2].members[6].personal_code
    awarded = [n for n in await _this_year(demo) if n["award_type_code"] == "LDTT" and n.get("award_id")]
    target = next((n for n in awarded if n["nominee"].get("personal_code") == code), None)
    if target is None:
        return
    name, title = _union_signer(demo)
    number = f"{160 + demo.year % 100}/QĐ-LHH"
    try:
        await demo.api.cancel_award(
            target["award_id"],
            ground="false_information",
            number=number,
            signed_on=demo.today,
            signer_name=name,
            signer_title=title,
        )
        demo.created["award_cancellations"] += 1
    except ApiError as error:
        if error.slug != "award-cancelled":
            raise
