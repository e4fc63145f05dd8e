"""Pages: sign in (`/login`, fields `username` and `password`), sign out, change the password."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.accounts.domain import AccountError
from portal.accounts.service import SignInRefused
from portal.web.deps import SignedIn, portal_of
from portal.web.forms import FORM, Errors, message, values
from portal.web.guard import client_address, form_token
from portal.web.i18n import N_, gettext

router = APIRouter()
PASSWORD_ERRORS = {
    "password-too-short": N_("The new password must have at least 10 characters."),
    "password-is-username": N_("The new password must not be your user name."),
}


def safe_next(target: str | None) -> str:
    """Only a path on this site (never `//host` or a URL) is followed after sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _login_page(
    request: Request, *, username: str = "", errors: Errors | None = None, status: int = 200
) -> Response:
    portal = portal_of(request)
    context = {
        "username": username,
        "errors": errors or {},
        "next": safe_next(request.query_params.get("next") or request.headers.get("X-Next")),
        "form_token": form_token(request, path="/login"),
        "oidc": portal.settings.auth_mode == "oidc",
    }
    return portal.pages.render(request, "auth/login.html", context, status_code=status)


@router.get("/login")
async def login_form(request: Request) -> Response:
    """The sign-in form."""
    return _login_page(request)


@router.post("/login")
async def login(request: Request) -> Response:
    """Check the name and password (throttled), start a fresh session and go where the user was going."""
    portal = portal_of(request)
    data = values(await request.form())
    username, password = data.get("username", ""), data.get("password", "")
    address = client_address(request, trust_forwarded_for=portal.settings.trust_forwarded_for)
    try:
        user = await portal.accounts.sign_in(username, password, address=address)
    except SignInRefused as refused:
        errors: Errors = {}
        if refused.reason == "locked":
            message(
                errors,
                FORM,
                gettext(
                    N_("Too many failed sign-ins. Sign-in is locked for a while; try again in 15 minutes.")
                ),
            )
            return _login_page(request, username=username, errors=errors, status=429)
        message(errors, FORM, gettext(N_("The user name or the password is not right.")))
        return _login_page(request, username=username, errors=errors, status=401)
    response = RedirectResponse(safe_next(data.get("next")), status_code=303)
    if request.state.session is not None:
        await portal.sessions.end(request, response)
    await portal.sessions.start(response, user)
    return response


@router.post("/logout")
async def logout(request: Request, session: SignedIn) -> Response:
    """End the session."""
    portal = portal_of(request)
    response = RedirectResponse("/login", status_code=303)
    portal.tokens.forget(session.key)
    await portal.sessions.end(request, response)
    return response


@router.get("/account/password")
async def password_form(request: Request, session: SignedIn) -> Response:
    """The password-change form."""
    return portal_of(request).pages.render(request, "auth/password.html", {"errors": {}, "done": False})


@router.post("/account/password")
async def change_password(request: Request, session: SignedIn) -> Response:
    """Change the password; every other session of the user ends."""
    portal = portal_of(request)
    data = values(await request.form())
    errors: Errors = {}
    if data.get("new_password") != data.get("confirm_password"):
        message(errors, "confirm_password", gettext(N_("The two new passwords are not the same.")))
    else:
        try:
            await portal.accounts.change_password(
                session.user, current=data.get("current_password", ""), new=data.get("new_password", "")
            )
        except SignInRefused:
            message(errors, "current_password", gettext(N_("The current password is not right.")))
        except AccountError as exc:
            message(errors, "new_password", gettext(PASSWORD_ERRORS.get(exc.code, exc.code)))
    if errors:
        return portal.pages.render(
            request, "auth/password.html", {"errors": errors, "done": False}, status_code=422
        )
    await portal.sessions.store.delete_user(session.user.username, keep=session.key)
    return portal.pages.render(request, "auth/password.html", {"errors": {}, "done": True})
