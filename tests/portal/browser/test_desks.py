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
from thidua.province.client import Json

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


def registered_and_assessed(network: Network, campaign_id: str, association_id: str, tag: str) -> None:
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
