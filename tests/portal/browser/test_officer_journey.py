"""The association officer's year in the browser, in Vietnamese: sign in, register the members, report the
year-end results, nominate (a failing criterion, then a passing nomination with its evidence), and read the
result in the inbox, then complain about it from the notice."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.portal.browser.conftest import TODAY, Network, assert_accessible, pdf, screenshot, sign_in

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def register_members(page: Page, network: Network, members: list[tuple[str, str, str]]) -> None:
    """From the home page's to-do list, register the collective and its members."""
    page.get_by_role("link", name=re.compile("Đăng ký phong trào")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Đăng ký thi đua")
    assert_accessible(page)
    page.get_by_label("Tên tập thể").fill("Hội Tin học tỉnh")
    for i, (code, name, title) in enumerate(members):
        page.get_by_label(f"Mã định danh {i + 1}", exact=True).fill(code)
        page.get_by_label(f"Họ và tên {i + 1}", exact=True).fill(name)
        page.get_by_label(f"Danh hiệu đăng ký {i + 1}", exact=True).select_option(title)
    page.get_by_label("Cam kết (mỗi dòng một nội dung)").fill("Hoàn thành xuất sắc nhiệm vụ năm")
    page.get_by_role("button", name="Gửi đăng ký").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhận đăng ký thi đua của hội")
    assert_accessible(page)


def self_assess(page: Page, members: int) -> None:
    """The year-end self-assessment: every member completed their tasks well, none excellently."""
    page.get_by_role("button", name="Nộp bản tự đánh giá").click()
    page.get_by_label("Mức độ hoàn thành nhiệm vụ").first.select_option("hoan_thanh_xuat_sac")
    page.get_by_label("Số thành viên hoàn thành nhiệm vụ").fill(str(members))
    for i in range(members):
        page.locator(f"select[name='individuals.{i}.task_rating']").select_option("hoan_thanh_tot")
    assert_accessible(page)
    page.get_by_role("button", name="Gửi bản tự đánh giá").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhận bản tự đánh giá")


def nominate(page: Page, code: str, award: str, files: dict[str, str]) -> None:
    page.goto(page.url.split("/officer")[0] + "/officer/nominations/new")
    page.get_by_label("Hội viên đã đăng ký").select_option(code)
    page.get_by_label("Hình thức đề nghị").select_option(award)
    page.get_by_label("Tóm tắt thành tích").fill(
        "Hoàn thành tốt nhiệm vụ, tích cực tham gia phong trào thi đua."
    )
    for label, name in files.items():
        page.get_by_label(label, exact=True).set_input_files(pdf(name))
    page.get_by_role("button", name="Gửi đề nghị khen thưởng").click()


def test_the_officer_registers_reports_nominates_and_reads_the_result_in_the_inbox(
    network: Network, page: Page
) -> None:
    tag = network.unique
    hoi = network.association("TH", "Hội Tin học tỉnh")
    officer = network.account(f"can-bo-th-{tag}", "association", association_id=hoi, name="Trần Thị Mai")
    members = [(f"{tag}-001", "Nguyễn Thị Hồng", "LDTT"), (f"{tag}-002", "Lê Văn Bình", "CSTDCS")]

    sign_in(page, network.portal, officer)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào, Trần Thị Mai")
    deadline = (TODAY + timedelta(days=30)).strftime("%d/%m/%Y")  # the campaign's, as dd/mm/yyyy
    expect(page.locator(".todo")).to_contain_text(
        f"Đăng ký phong trào “{network.campaign['name']}” trước ngày {deadline}"
    )
    assert_accessible(page)
    screenshot(page, "officer-home")
    register_members(page, network, members)
    registration_url = page.url.split("?")[0]
    self_assess(page, len(members))

    registration_id = registration_url.rsplit("/", 1)[-1]
    network.run(network.api.verify_registration(registration_id))
    network.facts_known([code for code, _, _ in members])

    # CSTĐCS needs an excellent rating, an initiative or a work: Lê Văn Bình has none, the report says so
    nominate(page, members[1][0], "CSTDCS", {})
    expect(page.get_by_role("heading", name="Lý do đề nghị chưa được chấp nhận")).to_be_visible()
    failed = page.locator("tr.outcome-failed")
    expect(failed).to_contain_text("Có ít nhất một trong các thành tích")
    expect(failed).to_contain_text("L22 Điều 23 k2")
    assert_accessible(page)
    screenshot(page, "officer-nomination-refused")

    # Lao động tiên tiến with two of the three documents: accepted, the dossier is incomplete
    nominate(page, members[1][0], "LDTT", {"Tờ trình": "to-trinh.pdf", "Báo cáo thành tích": "bao-cao.pdf"})
    expect(page.get_by_role("status")).to_contain_text("Đã gửi đề nghị khen thưởng")
    expect(page.locator("#nomination-status")).to_contain_text("Hồ sơ còn thiếu")
    expect(page.locator("tr.outcome-passed", has_text="hoàn thành tốt nhiệm vụ trở lên")).to_be_visible()
    expect(page.locator("tr.outcome-missing_evidence")).to_contain_text("Hồ sơ có đủ các thành phần")
    assert_accessible(page)

    # the missing minutes uploaded as a supplement: every criterion met
    page.get_by_label("Biên bản họp bình xét", exact=True).set_input_files(pdf("bien-ban.pdf"))
    page.get_by_role("button", name="Bổ sung vào hồ sơ").click()
    expect(page.get_by_role("status")).to_contain_text("Đã bổ sung tài liệu")
    expect(page.locator("#nomination-status")).to_contain_text("Đã nộp")
    expect(page.locator("tr.outcome-missing_evidence")).to_have_count(0)
    nomination_id = page.url.split("?")[0].rsplit("/", 1)[-1]

    # the Chairman's decision, recorded through the API; the notice reaches the association's inbox
    network.run(
        network.api.issue_decision(
            number=f"12/QĐ-LHH-{tag}", signed_on=TODAY, signer_name="Lê Văn Hùng",
            signer_title="Chủ tịch Liên hiệp các Hội", nomination_ids=[nomination_id],
        )
    )  # fmt: skip
    for _ in range(60):
        page.goto(f"{network.portal}/officer/inbox")
        if page.get_by_text("Kết quả khen thưởng").count():
            break
        page.wait_for_timeout(1000)
    notice = page.locator("li.notice", has_text="Kết quả khen thưởng").first
    expect(notice).to_be_visible()
    assert_accessible(page)
    notice.get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(page.locator("li.notice", has_text="Kết quả khen thưởng").first).to_contain_text("Đã đọc lúc")

    # a complaint about the result, from the notice (pre-filled)
    page.locator("li.notice", has_text="Kết quả khen thưởng").first.get_by_role(
        "link", name="Khiếu nại kết quả này"
    ).click()
    expect(page.get_by_label("Nội dung khiếu nại")).to_have_value(re.compile("Chúng tôi khiếu nại kết quả"))
    page.get_by_label("Nội dung khiếu nại").press_sequentially(" Đề nghị xem xét lại mức khen thưởng.")
    assert_accessible(page)
    page.get_by_role("button", name="Gửi đơn khiếu nại").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn của bạn đã được tiếp nhận")
    expect(page.locator("#tracking-code")).not_to_be_empty()
    assert_accessible(page)
    screenshot(page, "officer-journey")
