"""What the officer's pages share: calls that tolerate a service being away, and the officer's context."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from fastapi import Request

from portal.clients.base import ServiceDown
from portal.web.deps import token_of
from portal.web.i18n import N_, gettext
from portal.web.sessions import WebSession

T = TypeVar("T")
DOWN = N_(
    "The service does not answer right now; nothing was saved. "
    "Your input is kept below: send it again in a few minutes."
)


async def tolerant(call: Awaitable[T], default: T, down: set[str]) -> T:
    """The call's value, or `default` when its service is away (its name is added to `down`)."""
    try:
        return await call
    except ServiceDown as exc:
        down.add(exc.service)
        return default


def down_message() -> str:
    """The message beside a form whose service did not answer."""
    return gettext(DOWN)


class OfficerContext:
    """The signed-in officer: their association, their token."""

    def __init__(self, request: Request, session: WebSession) -> None:
        self.request, self.session = request, session
        self.user = session.user
        self.association_id = session.user.association_id or ""
        self.token = token_of(request, session)
