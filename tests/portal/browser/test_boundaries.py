"""What the portal refuses, seen in the browser: another association's nomination by URL, a form whose CSRF
token was removed, and a password guessed too often."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.portal.browser.conftest import (
    Network,
    assert_accessible,
    award_through_the_api,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def test_an_officer_of_one_association_cannot_open_another_associations_nomination(
    network: Network, page: Page
) -> None:
    a = network.association("A", "Hội Hóa học tỉnh")
    b = network.association("B", "Hội Vật lý tỉnh")
    awarded = award_through_the_api(network, a, "Đỗ Thị Hạnh", f"{network.unique}-hanh")
    officer_b = network.account(
        f"can-bo-b-{network.unique}", "association", association_id=b, name="Vũ Văn Nam"
    )

    sign_in(page, network.portal, officer_b)
    page.goto(f"{network.portal}/officer/nominations/{awarded['nomination_id']}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Không tìm thấy trang")
    expect(page.get_by_text("Đỗ Thị Hạnh")).to_have_count(0)
    page.goto(f"{network.portal}/officer/nominations")
    expect(page.get_by_text("Đỗ Thị Hạnh")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "other-association-refused")


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(network: Network, page: Page) -> None:
    hoi = network.association("C", "Hội Sinh học tỉnh")
    officer = network.account(
        f"can-bo-c-{network.unique}", "association", association_id=hoi, name="Hà Thị Lý"
    )
    sign_in(page, network.portal, officer)

    page.evaluate("document.querySelectorAll('input[name=csrf_token]').forEach(e => e.remove())")
    page.get_by_role("button", name="Đăng xuất").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Biểu mẫu đã hết hiệu lực")
    page.goto(f"{network.portal}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào, Hà Thị Lý")  # still signed in
    screenshot(page, "csrf-refused")


def test_five_wrong_passwords_lock_the_sign_in_for_a_while(network: Network, page: Page) -> None:
    hoi = network.association("D", "Hội Địa lý tỉnh")
    officer = network.account(f"can-bo-d-{network.unique}", "association", association_id=hoi)
    for _ in range(5):
        sign_in(page, network.portal, officer, "mat-khau-sai-roi")
        expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")

    sign_in(page, network.portal, officer)

    expect(page.get_by_role("alert")).to_contain_text("Đăng nhập tạm khóa")
    expect(page.get_by_label("Tên đăng nhập")).to_have_value(officer)
    assert_accessible(page)
    screenshot(page, "sign-in-locked")


def test_with_javascript_off_the_forms_still_work_and_say_what_is_missing(
    network: Network, browser: Browser
) -> None:
    hoi = network.association("E", "Hội Toán học tỉnh")
    officer = network.account(
        f"can-bo-e-{network.unique}", "association", association_id=hoi, name="Lý Thị Hoa"
    )
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    page = context.new_page()
    try:
        sign_in(page, network.portal, officer)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Xin chào, Lý Thị Hoa")
        page.goto(f"{network.portal}/officer/nominations/new")
        page.get_by_role("button", name="Gửi đề nghị khen thưởng").click()

        expect(page.locator("#award_type_code-error")).to_have_text(
            "Vui lòng chọn hình thức khen thưởng đề nghị."
        )
        expect(page.locator("#achievement_report-error")).to_have_text("Vui lòng tóm tắt thành tích.")
        expect(page.get_by_label("Hình thức đề nghị")).to_have_attribute("aria-invalid", "true")
        screenshot(page, "no-javascript-form")
    finally:
        context.close()
