"""Web sessions: a random cookie value (Secure, HttpOnly, SameSite=Lax) naming a server-side record."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from fastapi import Request, Response
from portal.accounts.domain import User
from portal.accounts.store import SessionStore, StoredSession, now

TOUCH_EVERY = timedelta(seconds=60)  # idle tracking without a write on every request


def _key(cookie_value: str) -> str:
    return hashlib.sha256(cookie_value.encode()).hexdigest()


@dataclass(frozen=True)
class WebSession:
    """The signed-in session of a request: the user and the synchronizer CSRF token."""

    key: str
    user: User
    csrf: str
    provider_token: str | None = None
    provider_token_expires_at: datetime | None = None


class SessionManager:
    """Create, load and end sessions, and set or clear their cookie."""

    def __init__(self, store: SessionStore, *, cookie: str, secure: bool, ttl_s: int, idle_s: int) -> None:
        self.store, self.cookie, self.secure = store, cookie, secure
        self.ttl, self.idle = timedelta(seconds=ttl_s), timedelta(seconds=idle_s)

    async def start(
        self,
        response: Response,
        user: User,
        *,
        provider_token: str | None = None,
        provider_token_expires_at: datetime | None = None,
    ) -> WebSession:
        """A new session for `user` (a fresh id on every sign-in: no session fixation)."""
        value, moment = secrets.token_urlsafe(32), now()
        stored = StoredSession(
            key=_key(value),
            user=user,
            csrf=secrets.token_urlsafe(32),
            created_at=moment,
            last_seen=moment,
            expires_at=moment + self.ttl,
            provider_token=provider_token,
            provider_token_expires_at=provider_token_expires_at,
        )
        await self.store.create(stored)
        response.set_cookie(
            self.cookie,
            value,
            max_age=int(self.ttl.total_seconds()),
            path="/",
            secure=self.secure,
            httponly=True,
            samesite="lax",
        )
        return _web(stored)

    async def load(self, request: Request) -> WebSession | None:
        """The request's session, or None when there is none or it has ended (absolute or idle limit)."""
        value = request.cookies.get(self.cookie)
        if not value:
            return None
        stored = await self.store.get(_key(value))
        if stored is None:
            return None
        moment = now()
        ended = stored.provider_token_expires_at is not None and stored.provider_token_expires_at <= moment
        if moment - stored.last_seen > self.idle or ended:
            await self.store.delete(stored.key)
            return None
        if moment - stored.last_seen > TOUCH_EVERY:
            await self.store.touch(stored.key, seen=moment)
            stored = replace(stored, last_seen=moment)
        return _web(stored)

    async def end(self, request: Request, response: Response) -> None:
        """End the request's session and clear its cookie."""
        value = request.cookies.get(self.cookie)
        if value:
            await self.store.delete(_key(value))
        response.delete_cookie(self.cookie, path="/", secure=self.secure, httponly=True, samesite="lax")


def _web(stored: StoredSession) -> WebSession:
    return WebSession(
        key=stored.key,
        user=stored.user,
        csrf=stored.csrf,
        provider_token=stored.provider_token,
        provider_token_expires_at=stored.provider_token_expires_at,
    )
