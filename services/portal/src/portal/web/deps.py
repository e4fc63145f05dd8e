"""FastAPI dependencies of the pages: the portal, the signed-in session, role checks, the user's token."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from portal.web.sessions import WebSession

if TYPE_CHECKING:
    from portal.bootstrap import Portal


class NotSignedIn(Exception):
    """The page needs a signed-in user: redirect to the sign-in form."""


class RoleRefused(Exception):
    """The signed-in user lacks the role the page needs."""


def portal_of(request: Request) -> Portal:
    """The composition root on `app.state`."""
    found: Portal = request.app.state.portal
    return found


def optional_session(request: Request) -> WebSession | None:
    """The request's session, or None (loaded by the session middleware)."""
    session: WebSession | None = getattr(request.state, "session", None)
    return session


def signed_in(request: Request) -> WebSession:
    """The session; NotSignedIn without one."""
    session = optional_session(request)
    if session is None:
        raise NotSignedIn
    return session


def require_role(role: str) -> Callable[[Request], Awaitable[WebSession]]:
    """A dependency: the session of a user holding `role`, else RoleRefused (NotSignedIn without one)."""

    async def check(request: Request) -> WebSession:
        session = signed_in(request)
        if not session.user.has(role):
            raise RoleRefused
        return session

    return check


SignedIn = Annotated[WebSession, Depends(signed_in)]
MaybeSignedIn = Annotated[WebSession | None, Depends(optional_session)]
Officer = Annotated[WebSession, Depends(require_role("association"))]
Secretariat = Annotated[WebSession, Depends(require_role("secretariat"))]
CouncilMember = Annotated[WebSession, Depends(require_role("council"))]
GrievanceOfficer = Annotated[WebSession, Depends(require_role("grievance_officer"))]
BoardReader = Annotated[WebSession, Depends(require_role("board"))]


def token_of(request: Request, session: WebSession) -> str:
    """The bearer token the portal calls the services with for this user."""
    return portal_of(request).tokens.for_session(session)
