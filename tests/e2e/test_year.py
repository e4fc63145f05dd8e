"""A year of the network, end to end, on every API and worker as separate processes.

The secretariat launches the annual campaign; associations register their members (with their own
e-mail addresses) and report the year-end facts, which the secretariat verifies; nominations with their
dossiers go to public disclosure and the council; the Chairman's decision awards what is within the Union's
power and forwards the rest to the province; every awardee and association is informed in the inbox and by
e-mail. Then a complaint within the limitation defers a forwarded nomination until it is resolved, and
another cancels an award; the notices follow. The provincial board's own queue, bound to `award.#`,
receives every `award.decided`, `award.forwarded` and `award.cancelled` exactly once.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from thidua_tools.province.client import ApiError, Json, ProvinceClient, ServiceUrls, individual

from tests.integration.notify.conftest import Mailbox
from tests.support import tokens
from tests.support.board import Board
from tests.support.infra import Infra
from tests.support.ledger import wait_until
from tests.support.system import SECRET, log_tail, members_known_to_notify, running_system

pytestmark = [pytest.mark.integration, pytest.mark.e2e]

TODAY = date.today()
YEAR = TODAY.year
ASSOCIATIONS = 3
COUNCIL = [
    {"member_id": f"uy-vien-{i}", "name": f"Ủy viên Hội đồng số {i}", "present": True} for i in range(9)
]
DOSSIER_KINDS = (
    "to_trinh",
    "bao_cao_thanh_tich",
    "bien_ban_binh_xet",
    "ket_qua_bo_phieu",
    "xac_nhan_sang_kien",
)
# Each association nominates: m0 Lao động tiên tiến, m1 Chiến sĩ thi đua cơ sở (council vote),
# m2 Bằng khen of the provincial Chairman (beyond the Union's power: forwarded).
PLAN = (("LDTT", "cong_trang"), ("CSTDCS", "cong_trang"), ("BANG_KHEN_TINH", "dot_xuat"))


def member(tag: str, a: int, i: int) -> dict[str, Any]:
    names = ("Nguyễn Thị Hương", "Trần Văn Đức", "Lê Thị Ánh Tuyết")
    return {
        "personal_code": f"{tag}-{a}-{i}",
        "full_name": names[i],
        "position": "Hội viên",
        "award_type_codes": [PLAN[i][0]],
        "email": f"hv{a}{i}.{tag}@example.vn".lower(),
    }


async def eventually(check: Any, what: str, system: Any, timeout_s: float = 60, debug: Any = None) -> None:
    try:
        await wait_until(check, timeout_s=timeout_s, interval_s=0.3)
    except AssertionError:
        logs = "\n".join(f"--- {p}:\n{log_tail(system, p, 1500)}" for p in ("awards-worker", "notify-worker"))
        extra = await debug() if debug else ""
        raise AssertionError(f"timed out waiting for: {what}; {extra}\n{logs}") from None


async def dump(api: ProvinceClient, board: Board, grievance_id: str, award_id: str) -> str:
    """What the board saw, the case and the award's notices: for a failure message."""
    case = await api.get_grievance(grievance_id)
    notices = [
        (d["event_type"], d["recipient"]["kind"], d["channel"]) for d in await api.list_deliveries(award_id)
    ]
    return f"board: {[e['type'] for e in board.received]}; case: {case}; notices: {notices}"


async def settle(api: ProvinceClient, nomination: Json) -> Json:
    """Checked again once the verified facts have reached awards (they travel as an event)."""
    for _ in range(60):
        if nomination["status"] != "incomplete":
            return nomination
        await asyncio.sleep(0.5)
        nomination = await api.supplement_nomination(
            nomination["id"], association_id=nomination["association_id"]
        )
    raise AssertionError(f"still incomplete: {nomination.get('eligibility')}")


async def test_a_year_from_campaign_launch_to_every_awardee_informed_and_a_cancelled_award(
    infra: Infra, unique: str, tmp_path: Path, mailbox: tuple[int, Mailbox], board: Board
) -> None:
    smtp_port, box = mailbox
    tag = f"Y{unique[:5]}"
    with running_system(infra, unique, tmp_path / "logs", THIDUA_SMTP_PORT=str(smtp_port)) as system:
        urls = ServiceUrls(*(system.url(s) for s in ("registration", "awards", "grievance", "notify")))
        async with ProvinceClient(
            secret=SECRET, urls=urls, correlation_prefix="year", **tokens.CLAIMS
        ) as api:
            # launch: the directory and the annual campaign
            ids = []
            for a in range(ASSOCIATIONS):
                made = await api.create_association(
                    code=f"{tag}-H{a}",
                    name=f"Hội Khoa học số {a + 1}",
                    contact_emails=[f"vanphong{a}.{tag}@example.vn".lower()],
                    officers=[{"full_name": "Phạm Văn Bình", "user_id": f"cb-{tag}-{a}"}],
                )
                ids.append(made["id"])
            campaign = await api.create_campaign(
                code=f"{tag}-TDKT",
                name=f"Phong trào thi đua yêu nước năm {YEAR}",
                year=YEAR,
                kind="annual",
                period_start=date(YEAR, 1, 1),
                period_end=date(YEAR, 12, 31),
                registration_deadline=TODAY + timedelta(days=30),
                award_type_codes=[code for code, _ in PLAN],
            )

            # registrations, year-end self-assessment, verification
            for a, aid in enumerate(ids):
                people = [member(tag, a, i) for i in range(3)]
                reg = await api.register(
                    campaign["id"],
                    association_id=aid,
                    collective_name=f"Hội Khoa học số {a + 1}",
                    individuals=people,
                    pledges=["Hoàn thành xuất sắc nhiệm vụ"],
                )
                idea = {
                    "title": f"Sáng kiến số hóa hồ sơ {a}",
                    "recognized_by": "Hội đồng sáng kiến cơ sở",
                    "recognized_on": date(YEAR, 6, 1).isoformat(),
                    "scope": "base",
                }
                await api.submit_self_assessment(
                    reg["id"],
                    association_id=aid,
                    collective={
                        "task_rating": "hoan_thanh_xuat_sac",
                        "member_count": 3,
                        "members_completed_count": 3,
                    },
                    individuals=[
                        {
                            "personal_code": p["personal_code"],
                            "task_rating": "hoan_thanh_xuat_sac",
                            "initiatives": [idea] if i == 1 else [],
                        }
                        for i, p in enumerate(people)
                    ],
                )
                verified = await api.verify_registration(reg["id"])
                assert verified["status"] == "verified", verified

            # nominations with their dossiers (documents stored, hashes checked)
            nominations: list[Json] = []
            for a, aid in enumerate(ids):
                dossier = []
                for kind in DOSSIER_KINDS:
                    doc = await api.upload_document(
                        association_id=aid, filename=f"{kind}.pdf", content=f"%PDF-1.4 {kind} {a}".encode()
                    )
                    dossier.append(
                        {
                            "kind": kind,
                            "filename": f"{kind}.pdf",
                            "sha256": doc["sha256"],
                            "document_id": doc["document_id"],
                        }
                    )
                for i, (code, commendation) in enumerate(PLAN):
                    person = member(tag, a, i)
                    made = await api.nominate(
                        association_id=aid,
                        campaign_id=campaign["id"],
                        award_type_code=code,
                        year=YEAR,
                        commendation_type=commendation,
                        dossier=dossier,
                        considered_on=TODAY,
                        nominee=individual(
                            person["full_name"], f"Hội Khoa học số {a + 1}", person["personal_code"]
                        ),
                        achievement_report=f"{person['full_name']} hoàn thành xuất sắc nhiệm vụ năm {YEAR}.",
                    )
                    nominations.append(await settle(api, made))
            assert {n["status"] for n in nominations} == {"submitted"}, [n["status"] for n in nominations]

            # public disclosure of what the council votes on and what goes to the province
            to_disclose = [
                n for n in nominations if n["council_vote_required"] or n["authority"] == "province"
            ]
            for n in to_disclose:
                await api.disclose(n["id"], window_start=TODAY)
            public = await api.public_disclosures(campaign_id=campaign["id"])
            assert len(public) == len(to_disclose)

            # the council's secret ballot
            agenda = [n["id"] for n in nominations if n["council_vote_required"]]
            assert len(agenda) == ASSOCIATIONS
            session = await api.open_council_session(
                held_on=TODAY, members=COUNCIL, nomination_ids=agenda, campaign_id=campaign["id"]
            )
            for seat in COUNCIL:
                votes: dict[str, Any] = dict.fromkeys(agenda, "yes")
                await api.cast_ballot(session["id"], member_id=seat["member_id"], votes=votes)
            await api.close_session(session["id"])

            await members_known_to_notify(infra, unique, 3 * ASSOCIATIONS)
            # the decision: the Union's awards, the rest forwarded to the province
            decision = await api.issue_decision(
                number=f"125/QĐ-LHH-{tag}",
                signed_on=TODAY,
                signer_name="Lê Văn Hùng",
                signer_title="Chủ tịch Liên hiệp các Hội",
                nomination_ids=[n["id"] for n in nominations],
            )
            awards = decision["awards"]
            assert len(awards) == 2 * ASSOCIATIONS, decision
            forwarded = [n for n in nominations if n["authority"] == "province"]

            async def board_has_all() -> bool:
                return len(board.events("award.decided")) >= len(awards) and len(
                    board.events("award.forwarded")
                ) >= len(forwarded)

            await eventually(board_has_all, "the board's award.decided and award.forwarded", system)

            # every awardee and association informed: inbox and e-mail, delivered
            member_mail = {member(tag, a, i)["email"] for a in range(ASSOCIATIONS) for i in (0, 1)}

            async def everyone_informed() -> bool:
                for award in awards:
                    proof = await api.list_deliveries(award["award_id"])
                    got = {
                        (d["recipient"]["kind"], d["channel"]) for d in proof if d["status"] == "delivered"
                    }
                    if (
                        not {
                            ("person", "inbox"),
                            ("person", "email"),
                            ("association", "inbox"),
                            ("association", "email"),
                        }
                        <= got
                    ):
                        return False
                mailed = {str(to) for m in box.messages for to in str(m["To"]).split(", ")}
                return member_mail <= mailed

            await eventually(everyone_informed, "every awardee informed by inbox and e-mail", system)
            inbox = await api.list_notifications(association_id=ids[0])
            assert sum(1 for n in inbox if n["event_type"] == "award.decided") >= 2

            # a complaint within the limitation about the forwarded nomination: deferred, then resumed
            pending = forwarded[0]
            complaint = await api.file_complaint(
                association_id=pending["association_id"],
                targets=[
                    {
                        "kind": "nomination",
                        "nomination_id": pending["id"],
                        "personal_code": pending["nominee"]["personal_code"],
                    }
                ],
                summary="Khiếu nại về việc xét đề nghị Bằng khen chưa đúng quy trình.",
            )
            await api.accept_grievance(complaint["id"])

            async def deferred() -> bool:
                return (await api.get_nomination(pending["id"]))["status"] == "deferred"

            await eventually(deferred, "the forwarded nomination deferred", system)
            await api.resolve_grievance(
                complaint["id"], outcome="rejected", decision_number=f"3/QĐ-GQKN-{tag}"
            )

            async def resumed() -> bool:
                return (await api.get_nomination(pending["id"]))["status"] == "forwarded"

            await eventually(resumed, "the nomination back to forwarded", system)

            # another complaint, upheld: the award is cancelled and its awardee told
            target = awards[0]
            award_id = target["award_id"]
            owner = next(n["association_id"] for n in nominations if n["id"] == target["nomination_id"])
            upheld = await api.file_complaint(
                association_id=owner,
                targets=[{"kind": "award", "award_id": award_id}],
                summary="Khiếu nại: thành tích kê khai không đúng sự thật.",
            )
            await api.accept_grievance(upheld["id"])
            await api.resolve_grievance(
                upheld["id"],
                outcome="upheld",
                remedy="cancel_award",
                violation_found=True,
                cancellation_ground="false_information",
                decision_number=f"4/QĐ-GQKN-{tag}",
            )

            # the resolution makes the cancellation due; the conferring Chairman signs it (L22 Điều 93)
            cancellation = {
                "ground": "false_information",
                "number": f"5/QĐ-LHH-{tag}",
                "signed_on": TODAY,
                "signer_name": "Lê Văn Hùng",
                "signer_title": "Chủ tịch Liên hiệp các Hội",
            }
            await api.cancel_award(award_id, **cancellation)

            async def cancelled_and_told() -> bool:
                if len(board.events("award.cancelled")) < 1:
                    return False
                notices = await api.list_deliveries(award_id)
                return any(
                    d["event_type"] == "award.cancelled"
                    and d["recipient"]["kind"] == "person"
                    and d["channel"] == "email"
                    and d["status"] == "delivered"
                    for d in notices
                )

            await eventually(
                cancelled_and_told,
                "award.cancelled and its notice",
                system,
                debug=lambda: dump(api, board, upheld["id"], award_id),
            )
            with pytest.raises(ApiError) as again:  # a second cancellation of the same award
                await api.cancel_award(award_id, **cancellation)
            assert again.value.status == 409 and again.value.slug == "award-cancelled"

            # the complainant association was told of each step in its inbox
            told = await api.list_notifications(association_id=owner)
            assert {"grievance.accepted", "grievance.resolved"} <= {n["event_type"] for n in told}

        # the board received each award event exactly once
        await asyncio.sleep(1.0)
        decided = board.events("award.decided")
        assert {e["data"]["award_id"] for e in decided.values()} == {a["award_id"] for a in awards}
        for kind, expected in (
            ("award.decided", len(awards)),
            ("award.forwarded", len(forwarded)),
            ("award.cancelled", 1),
        ):
            assert len(board.events(kind)) == expected, kind
            assert board.raw_count(kind) == expected, f"{kind} delivered more than once"
        assert not system.exited(), system.exited()
