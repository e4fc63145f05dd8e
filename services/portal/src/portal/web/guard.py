"""Protection of every form: CSRF (a synchronizer token for sessions, a signed per-browser token for
visitors) and, on public forms, a honeypot field, a signed fill-in time and a per-address rate limit."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from portal.accounts.store import CounterStore

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD, CSRF_HEADER = "csrf_token", "X-CSRF-Token"
FORM_TOKEN_FIELD, HONEYPOT_FIELD = "form_token", "website"
NONCE_COOKIE = "thidua_form"


class CsrfRefused(Exception):
    """A state-changing request without a valid CSRF token."""


class FormRejected(Exception):
    """A public form refused as automated or too frequent; `reason`: bot, too-fast, expired, rate-limited."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def client_address(request: Request, *, trust_forwarded_for: bool) -> str:
    """The client's address (the first X-Forwarded-For hop only when a trusted proxy sets it)."""
    if trust_forwarded_for:
        forwarded = request.headers.get("X-Forwarded-For", "")
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.client.host if request.client else "unknown"


@dataclass
class FormSigner:
    """Signs and checks visitors' form tokens: HMAC over the browser's nonce cookie, the form and the time."""

    secret: bytes
    min_fill_s: float
    max_age_s: float

    @classmethod
    def random(cls, *, min_fill_s: float, max_age_s: float) -> FormSigner:
        """A signer with a random secret (one process; set a secret when running replicas)."""
        return cls(secrets.token_bytes(32), min_fill_s, max_age_s)

    def _sig(self, nonce: str, form: str, issued: int) -> str:
        message = f"{nonce}|{form}|{issued}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:40]

    def issue(self, nonce: str, form: str) -> str:
        """A token for `form` shown now to the browser holding `nonce`."""
        issued = int(time.time())
        return f"{issued}.{self._sig(nonce, form, issued)}"

    def check(self, token: str, *, nonce: str, form: str, timed: bool) -> None:
        """Raise CsrfRefused for a forged token, FormRejected for one filled too fast or too old."""
        issued_text, _, sig = token.partition(".")
        if not issued_text.isdigit() or not nonce:
            raise CsrfRefused
        issued = int(issued_text)
        if not hmac.compare_digest(sig, self._sig(nonce, form, issued)):
            raise CsrfRefused
        age = time.time() - issued
        if age > self.max_age_s:
            raise FormRejected("expired")
        if timed and age < self.min_fill_s:
            raise FormRejected("too-fast")


def form_nonce(request: Request) -> str:
    """The browser's form nonce (set by the middleware when the browser had none)."""
    nonce: str = getattr(request.state, "form_nonce", "") or request.cookies.get(NONCE_COOKIE, "")
    return nonce


def new_nonce() -> str:
    """A fresh browser nonce."""
    return secrets.token_urlsafe(24)


async def verify_csrf(request: Request) -> None:
    """FastAPI dependency on every page router: refuse a state-changing request without a valid token."""
    if request.method in SAFE_METHODS:
        return
    session = getattr(request.state, "session", None)
    fields: Any = await request.form() if _is_form(request) else {}
    if session is not None:
        given = request.headers.get(CSRF_HEADER) or str(fields.get(CSRF_FIELD) or "")
        if not given or not hmac.compare_digest(given, session.csrf):
            raise CsrfRefused
        return
    signer: FormSigner = request.app.state.portal.form_signer
    token = request.headers.get(CSRF_HEADER) or str(fields.get(FORM_TOKEN_FIELD) or "")
    signer.check(token, nonce=request.cookies.get(NONCE_COOKIE, ""), form=_form_name(request), timed=False)


def _is_form(request: Request) -> bool:
    kind = request.headers.get("content-type", "")
    return kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def _form_name(request: Request) -> str:
    return request.url.path


async def guard_public_form(request: Request, *, bucket: str) -> None:
    """Honeypot, fill-in time and the per-address limit of a public form (after `verify_csrf`)."""
    portal = request.app.state.portal
    fields: Any = await request.form()
    if str(fields.get(HONEYPOT_FIELD) or ""):
        raise FormRejected("bot")
    token = str(fields.get(FORM_TOKEN_FIELD) or "")
    portal.form_signer.check(
        token, nonce=request.cookies.get(NONCE_COOKIE, ""), form=_form_name(request), timed=True
    )
    await rate_limit(request, bucket=bucket)


async def rate_limit(request: Request, *, bucket: str) -> None:
    """Count one use of `bucket` by the client address; FormRejected past the hourly limit."""
    portal = request.app.state.portal
    address = client_address(request, trust_forwarded_for=portal.settings.trust_forwarded_for)
    counters: CounterStore = portal.counters
    if await counters.hit(f"{bucket}:{address}", window_s=3600) > portal.settings.public_form_limit:
        raise FormRejected("rate-limited")


def form_token(request: Request, *, path: str | None = None) -> str:
    """The signed token a visitor's form on `path` (default: this page) must send back."""
    signer: FormSigner = request.app.state.portal.form_signer
    return signer.issue(form_nonce(request), path or request.url.path)
