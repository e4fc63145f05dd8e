"""The desks of issue 14 in the browser, in Vietnamese: the secretariat's year (launch → verification →
disclosure → session → close → decision → informing report), the council's secret ballot, the grievance
officer's desk and the provincial board's page; a council member cannot open the secretariat's pages."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from thidua_tools.province.client import Json

from tests.portal.browser.conftest import TODAY, Network, assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.e2e]
DOSSIER_KINDS = (
    "to_trinh",
    "bao_cao_thanh_tich",
    "bien_ban_binh_xet",
    "ket_qua_bo_phieu",
    "xac_nhan_sang_kien",
)


def members_of(tag: str) -> list[dict[str, Any]]:
    """Two members: one aiming for Lao động tiên tiến, one for Chiến sĩ thi đua cơ sở (a council vote)."""
    return [
        {"personal_code": f"{tag}-0", "full_name": "Nguyễn Thị Hương", "award_type_codes": ["LDTT"],
         "email": f"huong.{tag}@example.vn".lower()},
        {"personal_code": f"{tag}-1", "full_name": "Trần Văn Đức", "award_type_codes": ["CSTDCS"],
         "email": f"duc.{tag}@example.vn".lower()},
    ]  # fmt: skip


def registered_and_assessed(
    network: Network, campaign_id: str, association_id: str, tag: str, *, verify: bool = False
) -> None:
    """The association registers its members and reports excellent results (through the API)."""
    api, people = network.api, members_of(tag)
    idea = {"title": "Sáng kiến số hóa hồ sơ", "recognized_by": "Hội đồng sáng kiến cơ sở",
            "recognized_on": TODAY.replace(month=1, day=15).isoformat(), "scope": "base"}  # fmt: skip

    async def year() -> None:
        reg = await api.register(
            campaign_id, association_id=association_id, collective_name="Hội Điện tử tỉnh", individuals=people
        )
        await api.submit_self_assessment(
            reg["id"],
            association_id=association_id,
            collective={
                "task_rating": "hoan_thanh_xuat_sac",
                "member_count": 2,
                "members_completed_count": 2,
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
        if verify:
            await api.verify_registration(reg["id"])

    network.run(year())


def nominated(network: Network, campaign_id: str, association_id: str, tag: str) -> list[Json]:
    """Both members nominated with a complete dossier, once awards knows their verified facts."""
    api = network.api
    network.facts_known([p["personal_code"] for p in members_of(tag)])

    async def nominate() -> list[Json]:
        dossier = []
        for kind in DOSSIER_KINDS:
            doc = await api.upload_document(
                association_id=association_id, filename=f"{kind}.pdf", content=f"%PDF-1.4 {kind}".encode()
            )
            item = {"kind": kind, "filename": f"{kind}.pdf", "sha256": doc["sha256"]}
            dossier.append(item | {"document_id": doc["document_id"]})
        out = []
        for person in members_of(tag):
            made = await api.nominate(
                association_id=association_id, campaign_id=campaign_id,
                award_type_code=person["award_type_codes"][0], year=TODAY.year,
                dossier=dossier, considered_on=TODAY,
                nominee={"kind": "individual", "name": person["full_name"], "unit": "Hội Điện tử tỉnh",
                         "personal_code": person["personal_code"]},
                achievement_report=f"{person['full_name']} hoàn thành xuất sắc nhiệm vụ.",
            )  # fmt: skip
            for _ in range(60):
                if made["status"] != "incomplete":
                    break
                await asyncio.sleep(0.5)
                made = await api.supplement_nomination(made["id"], association_id=association_id)
            out.append(made)
        return out

    found: list[Json] = network.run(nominate())
    assert [n["status"] for n in found] == ["submitted", "submitted"], found
    return found


def test_the_secretariat_runs_a_year_from_launch_to_everyone_informed(network: Network, page: Page) -> None:
    tag = f"{network.unique}-y"
    hoi = network.association("Y", "Hội Điện tử tỉnh")
    secretariat = network.account(f"thuong-truc-{tag}", "secretariat", name="Đặng Thu Trang")
    council = [network.account(f"uy-vien-{tag}-{i}", "council", name=f"Ủy viên số {i + 1}") for i in range(3)]

    # launch: a campaign created and launched from the form; the association is listed as not registered
    sign_in(page, network.portal, secretariat)
    page.goto(f"{network.portal}/secretariat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thường trực")
    assert_accessible(page)
    page.get_by_role("link", name="Phong trào", exact=True).first.click()
    page.fill("#code", f"{tag}-TD")
    page.fill("#name", f"Phong trào thi đua chuyên đề {tag}")
    page.fill("#year", str(TODAY.year))
    page.select_option("#kind", "thematic")
    page.fill("#period_start", f"{TODAY.year}-01-01")
    page.fill("#period_end", f"{TODAY.year}-12-31")
    page.fill("#award_type_codes", "LDTT CSTDCS")
    page.get_by_label("Phát động ngay (mở đăng ký)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Tạo phong trào").click()
    expect(page.get_by_role("status")).to_contain_text("Đã tạo phong trào")
    campaign_id = page.url.split("/secretariat/campaigns/")[1].split("?")[0]
    expect(page.locator("section", has_text="Chưa đăng ký")).to_contain_text("Hội Điện tử tỉnh")
    assert_accessible(page)

    # verification: the self-assessment confirmed from the queue
    registered_and_assessed(network, campaign_id, hoi, tag)
    page.goto(f"{network.portal}/secretariat/verification")
    page.get_by_role("link", name="Hội Điện tử tỉnh").first.click()
    expect(page.get_by_role("heading", level=2, name="Tự đánh giá")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Ghi nhận kết quả phúc tra").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận kết quả phúc tra")

    # disclosure of the nomination the council votes on, and an objection received by letter
    ldtt, cstdcs = nominated(network, campaign_id, hoi, tag)
    page.goto(f"{network.portal}/secretariat/nominations")
    assert_accessible(page)
    page.get_by_role("link", name="Trần Văn Đức").first.click()
    expect(page.get_by_role("table")).to_contain_text("Đạt")
    page.get_by_role("button", name="Công khai").click()
    expect(page.get_by_role("status")).to_contain_text("Đề nghị được công khai đến hết ngày")
    page.get_by_role("button", name="Ghi nhận ý kiến", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận ý kiến phản ánh")
    assert_accessible(page)

    # the session: agenda and roster, the members vote (the API here; the council's page has its own test)
    page.goto(f"{network.portal}/secretariat/sessions/new")
    expect(page.get_by_label(re.compile("Trần Văn Đức"))).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Mở phiên họp").click()
    expect(page.get_by_role("status")).to_contain_text("Phiên họp đã mở")
    session_id = page.get_by_role("status").get_by_role("link").inner_text().rsplit("/", 1)[1]
    for member in council:
        network.run(network.api.cast_ballot(session_id, member_id=member, votes={cstdcs["id"]: "yes"}))
    page.get_by_role("button", name="Kết thúc phiên họp và kiểm phiếu").click()
    expect(page.get_by_role("table")).to_contain_text("Trần Văn Đức")
    expect(page.get_by_role("table")).to_contain_text("Đạt")
    assert_accessible(page)

    # the decision, and the informing report once notify has told each awardee
    page.get_by_role("link", name="Ghi nhận quyết định").click()
    page.get_by_label(re.compile("Nguyễn Thị Hương")).check()
    page.get_by_label(re.compile("Trần Văn Đức")).check()
    page.fill("#number", f"12/QĐ-LHH-{tag}")
    page.fill("#signer_name", "Lê Văn Hùng")
    page.fill("#signer_title", "Chủ tịch Liên hiệp các Hội")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận quyết định")
    informed = page.locator("tbody .badge", has_text="Đã thông báo")
    deadline = time.monotonic() + 60
    while informed.count() < 2 and time.monotonic() < deadline:
        time.sleep(1)
        page.reload()
    expect(informed).to_have_count(2)
    report = page.get_by_role("table")
    expect(report).to_contain_text("Nguyễn Thị Hương")
    assert ldtt["id"] and page.get_by_role("link", name="Tải danh sách (XLSX)").is_visible()
    assert_accessible(page)
    screenshot(page, "secretariat-year")


def test_a_council_member_votes_is_recused_on_their_own_association_and_cannot_vote_twice(
    network: Network, page: Page
) -> None:
    tag = f"{network.unique}-c"
    own, other = network.association("CB", "Hội Cơ học tỉnh"), network.association("CC", "Hội Thủy lợi tỉnh")
    campaign = network.campaign["id"]
    agenda = []
    for hoi, suffix in ((own, "b"), (other, "c")):
        registered_and_assessed(network, campaign, hoi, f"{tag}{suffix}", verify=True)
        agenda.append(nominated(network, campaign, hoi, f"{tag}{suffix}")[1]["id"])  # the CSTDCS nominee
    member = network.account(f"uy-vien-{tag}", "council", association_id=own, name="Phan Văn Khải")
    roster = [{"member_id": member, "name": "Phan Văn Khải", "association_id": own, "present": True},
              {"member_id": f"uy-vien-{tag}-2", "name": "Ủy viên 2", "present": True}]  # fmt: skip
    opened = network.run(
        network.api.open_council_session(held_on=TODAY, members=roster, nomination_ids=agenda)
    )

    sign_in(page, network.portal, member)
    page.goto(f"{network.portal}/secretariat/nominations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không được phép")
    page.goto(f"{network.portal}/council/sessions/{opened['id']}?agenda={','.join(agenda)}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu bầu kín")
    expect(page.get_by_role("note")).to_contain_text("Bạn không biểu quyết đề nghị này")
    assert_accessible(page)
    page.get_by_role("group", name=re.compile("Ý kiến của bạn")).get_by_label("Đồng ý", exact=True).check()
    page.get_by_role("button", name="Gửi phiếu bầu").click()
    expect(page.get_by_role("status")).to_contain_text("Phiếu của bạn đã được ghi nhận: 1 ý kiến")
    expect(page.get_by_text("Đồng ý")).to_have_count(0)  # the receipt never repeats the vote
    assert_accessible(page)
    screenshot(page, "council-receipt")

    page.goto(f"{network.portal}/council/sessions/{opened['id']}?agenda={','.join(agenda)}")
    page.get_by_label("Đồng ý tất cả", exact=True).check()
    page.get_by_role("button", name="Gửi phiếu bầu").click()
    expect(page.get_by_role("alert")).to_contain_text("không thể bỏ phiếu lần thứ hai")
    assert_accessible(page)
    screenshot(page, "council-second-vote-refused")


def nomination_status(network: Network, nomination_id: str, wanted: str, timeout_s: float = 60) -> str:
    """The nomination's status once it is `wanted` (holds travel as events), or the last one seen."""
    deadline = time.monotonic() + timeout_s
    status = ""
    while time.monotonic() < deadline:
        status = network.run(network.api.get_nomination(nomination_id))["status"]
        if status == wanted:
            break
        time.sleep(0.5)
    return status


def test_a_grievance_officer_registers_accepts_extends_and_resolves_a_case_and_reads_an_identity(
    network: Network, page: Page
) -> None:
    tag = f"{network.unique}-g"
    hoi = network.association("G", "Hội Môi trường tỉnh")
    registered_and_assessed(network, network.campaign["id"], hoi, tag, verify=True)
    nomination = nominated(network, network.campaign["id"], hoi, tag)[0]
    officer = network.account(f"can-bo-don-{tag}", "grievance_officer", name="Vương Thị Nga")

    sign_in(page, network.portal, officer)
    page.goto(f"{network.portal}/grievance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn giải quyết đơn thư")
    page.get_by_role("button", name="Vào sổ đơn nhận qua bưu điện").click()
    page.select_option("#kind", "denunciation")  # only a denunciation's time limit can be extended
    page.fill("#target_ref", nomination["id"])
    page.fill("#summary", "Đề nghị khen thưởng chưa đúng thành tích thực tế.")
    page.fill("#filer_name", "Hoàng Văn Thái")
    page.fill("#filer_contact", "0912 345 678")
    assert_accessible(page)
    page.get_by_role("button", name="Vào sổ đơn").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận")
    case_url = page.url.split("?")[0]

    page.get_by_label("Nhiều nội dung").check()  # a complex case: one extension allowed
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.locator(".badge.status-accepted")).to_be_visible()
    assert nomination_status(network, nomination["id"], "deferred") == "deferred"
    page.fill("#decision_number", f"5/QĐ-GH-{tag}")
    page.get_by_role("button", name="Gia hạn giải quyết").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi nhận")
    page.get_by_label("Kết quả", exact=True).select_option("rejected")
    page.get_by_role("button", name="Ghi nhận kết quả giải quyết").click()
    expect(page.locator(".badge.status-resolved")).to_be_visible()
    assert nomination_status(network, nomination["id"], "submitted") == "submitted"

    page.fill("#reason", "Xác minh trực tiếp với người khiếu nại")
    page.get_by_role("button", name="Xem thông tin người gửi").click()
    expect(page.get_by_role("status")).to_contain_text("Hoàng Văn Thái")
    assert_accessible(page)
    page.goto(case_url + "/audit")
    expect(page.get_by_role("status")).to_contain_text("Chuỗi nhật ký toàn vẹn")
    expect(page.get_by_role("table")).to_contain_text("Xem thông tin người gửi đơn")
    assert_accessible(page)
    screenshot(page, "grievance-audit")

    page.goto(f"{network.portal}/secretariat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không được phép")


def test_the_statistics_page_draws_its_charts_and_the_board_reads_what_was_forwarded(
    network: Network, page: Page
) -> None:
    tag = f"{network.unique}-s"
    secretariat = network.account(f"thong-ke-{tag}", "secretariat", name="Lưu Minh Tâm")
    board = network.account(f"ban-tinh-{tag}", "board", name="Ban Thi đua – Khen thưởng tỉnh")

    sign_in(page, network.portal, secretariat)
    page.goto(f"{network.portal}/secretariat/statistics")
    expect(page.locator("html[data-charts-drawn=yes]")).to_have_count(1)
    expect(page.get_by_role("heading", name="Theo danh hiệu")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "statistics-charts")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải tất cả các bảng (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, network.portal, board)
    page.goto(f"{network.portal}/board")
    expect(page.get_by_role("heading", level=1)).to_have_text("Khen thưởng đã trình cấp tỉnh")
    assert_accessible(page)
    screenshot(page, "board")
