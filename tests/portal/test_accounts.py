"""Local accounts: argon2, throttling and lock-out, sessions in secure cookies, CSRF, passwords."""

from __future__ import annotations

import httpx
import pytest

from tests.portal.conftest import hidden, put_account, sign_in

pytestmark = pytest.mark.integration


class TestSignIn:
    async def test_an_officer_signs_in_and_gets_a_secure_http_only_same_site_session_cookie(
        self, browser: httpx.AsyncClient
    ) -> None:
        assert (await put_account(browser, "can-bo-a")).status_code == 200

        answer = await sign_in(browser, "can-bo-a")

        assert answer.status_code == 303 and answer.headers["location"] == "/"
        cookie = next(c for c in answer.headers.get_list("set-cookie") if c.startswith("thidua_session="))
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie

    async def test_a_wrong_password_is_refused_in_vietnamese(self, browser: httpx.AsyncClient) -> None:
        await put_account(browser, "can-bo-b")

        answer = await sign_in(browser, "can-bo-b", "sai-mat-khau")

        assert answer.status_code == 401
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in answer.text
        assert "thidua_session=" not in answer.headers.get("set-cookie", "")

    async def test_five_failures_lock_the_username_even_with_the_right_password(
        self, browser: httpx.AsyncClient
    ) -> None:
        await put_account(browser, "can-bo-c")
        for _ in range(5):
            assert (await sign_in(browser, "can-bo-c", "sai-mat-khau")).status_code == 401

        answer = await sign_in(browser, "can-bo-c")

        assert answer.status_code == 429
        assert "tạm khóa" in answer.text.lower()

    async def test_the_login_form_without_its_token_is_refused(self, browser: httpx.AsyncClient) -> None:
        await put_account(browser, "can-bo-d")
        await browser.get("/login")

        answer = await browser.post("/login", data={"username": "can-bo-d", "password": "mat-khau-dung-1"})

        assert answer.status_code == 403
        assert "thidua_session=" not in answer.headers.get("set-cookie", "")


class TestSession:
    async def test_sign_out_needs_the_csrf_token_and_then_ends_the_session(
        self, browser: httpx.AsyncClient
    ) -> None:
        await put_account(browser, "can-bo-e", roles=["secretariat"], association_id=None)
        await sign_in(browser, "can-bo-e")
        home = await browser.get("/")

        refused = await browser.post("/logout", data={})
        done = await browser.post("/logout", data={"csrf_token": hidden(home.text, "csrf_token")})

        assert refused.status_code == 403
        assert done.status_code == 303
        assert (await browser.get("/account/password")).status_code == 303  # back to the sign-in form

    async def test_a_password_change_needs_the_current_password_and_a_long_new_one(
        self, browser: httpx.AsyncClient
    ) -> None:
        await put_account(browser, "can-bo-f", roles=["council"], association_id=None)
        await sign_in(browser, "can-bo-f")
        csrf = hidden((await browser.get("/account/password")).text, "csrf_token")

        def change(current: str, new: str) -> dict[str, str]:
            return {
                "csrf_token": csrf,
                "current_password": current,
                "new_password": new,
                "confirm_password": new,
            }

        wrong = await browser.post("/account/password", data=change("khong-dung-1", "mat-khau-moi-2026"))
        short = await browser.post("/account/password", data=change("mat-khau-dung-1", "ngan"))
        done = await browser.post("/account/password", data=change("mat-khau-dung-1", "mat-khau-moi-2026"))

        assert wrong.status_code == 422 and "Mật khẩu hiện tại không đúng" in wrong.text
        assert short.status_code == 422 and "ít nhất 10 ký tự" in short.text
        assert done.status_code == 200
        assert (await sign_in(browser, "can-bo-f", "mat-khau-moi-2026")).status_code == 303


class TestAdministration:
    async def test_the_admin_api_needs_its_token_and_there_is_no_sign_up(
        self, browser: httpx.AsyncClient
    ) -> None:
        answer = await browser.put(
            "/admin/accounts/x-man", json={"password": "mat-khau-dung-1", "name": "X", "roles": ["board"]}
        )
        assert answer.status_code == 401
        assert (await browser.get("/signup")).status_code == 404

    async def test_an_association_account_needs_its_association(self, browser: httpx.AsyncClient) -> None:
        answer = await put_account(browser, "can-bo-g", association_id=None)
        assert answer.status_code == 422
