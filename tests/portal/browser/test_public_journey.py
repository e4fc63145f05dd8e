"""A visitor without an account, on a phone: finds a decision typed without diacritics, reads the
disclosure list and sends an opinion on a nomination, sends a denunciation and tracks it with its code and
secret."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.portal.browser.conftest import Network, assert_accessible, award_through_the_api, screenshot

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def test_a_visitor_finds_a_decision_reads_the_disclosure_list_and_files_and_tracks_a_letter(
    network: Network, browser: Browser
) -> None:
    hoi = network.association("CK", "Hội Cơ khí tỉnh")
    award_through_the_api(network, hoi, "Nguyễn Văn An", f"{network.unique}-an")
    phone = browser.new_context(
        locale="vi-VN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = phone.new_page()
    try:
        page.goto(f"{network.portal}/public/decisions")
        assert_accessible(page)
        page.get_by_label("Họ tên cá nhân hoặc tên tập thể").fill("nguyen van an")
        page.get_by_role("button", name="Tìm kiếm").click()
        row = page.locator("#results tbody tr", has_text="Nguyễn Văn An")
        expect(row).to_contain_text(f"34/QĐ-LHH-{network.unique}")
        expect(row).to_contain_text("Hội Cơ khí tỉnh")
        assert_accessible(page)

        page.get_by_role("link", name="Công khai").click()
        disclosed = page.locator("tbody tr", has_text="Nguyễn Văn An")
        expect(disclosed).to_contain_text("Lao động tiên tiến")
        assert_accessible(page)
        disclosed.get_by_role("link", name="Gửi ý kiến").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Gửi ý kiến về đề nghị khen thưởng đang công khai"
        )
        page.wait_for_timeout(2100)  # a person takes longer than the form's minimum fill-in time
        page.get_by_role("button", name="Gửi ý kiến").click()  # empty: the message is beside the field
        expect(page.get_by_text("Hãy ghi ý kiến của bạn và lý do.")).to_be_visible()
        page.get_by_label("Ý kiến của bạn").fill("Ông An chưa hoàn thành chỉ tiêu quý IV năm nay.")
        assert_accessible(page)
        page.wait_for_timeout(2100)  # a person takes longer than the form's minimum fill-in time
        page.get_by_role("button", name="Gửi ý kiến").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Đã nhận ý kiến")
        expect(page.get_by_role("status")).to_contain_text("Nguyễn Văn An")
        assert_accessible(page)

        page.goto(f"{network.portal}/public/grievances/new")
        page.get_by_label("Tố cáo").check()
        page.get_by_label("Đơn liên quan đến").select_option("award")
        page.get_by_label("Cụ thể (số quyết định, họ tên, đơn vị)").fill(
            f"Quyết định số 34/QĐ-LHH-{network.unique}"
        )
        page.get_by_label("Nội dung đơn").fill(
            "Thành tích kê khai trong hồ sơ khen thưởng không đúng sự thật."
        )
        page.get_by_label("Họ và tên").fill("Phạm Thị Thu")
        page.get_by_label("Điện thoại hoặc thư điện tử").fill("0912 345 678")
        assert_accessible(page)
        page.wait_for_timeout(2100)  # a person takes longer than the form's minimum fill-in time
        page.get_by_role("button", name="Gửi đơn").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Đơn của bạn đã được tiếp nhận")
        code, secret = (
            page.locator("#tracking-code").inner_text(),
            page.locator("#tracking-secret").inner_text(),
        )
        with page.expect_download() as download:
            page.get_by_role("button", name="Tải mã tra cứu và mã bí mật").click()
        saved = download.value.path().read_text(encoding="utf-8")
        assert code in saved and secret in saved
        assert_accessible(page)

        page.get_by_role("button", name="Tra cứu đơn này").click()
        expect(page.get_by_label("Mã tra cứu")).to_have_value(code)
        page.get_by_label("Mã bí mật").fill(secret)
        page.get_by_role("button", name="Tra cứu").click()
        expect(page.locator("#case-status")).to_have_text("Đã tiếp nhận")
        expect(page.get_by_role("heading", level=2)).to_contain_text(code)
        assert_accessible(page)
        screenshot(page, "public-journey")
    finally:
        phone.close()
