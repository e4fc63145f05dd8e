"""`/`: the officer's home after sign-in; the public entrance for visitors and other roles."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.web.deps import MaybeSignedIn, portal_of

router = APIRouter()


@router.get("/")
async def home(request: Request, session: MaybeSignedIn) -> Response:
    """The officer's home, or the entrance with the public pages and the sign-in link."""
    if session is not None and session.user.has("association"):
        from portal.officer.home import officer_home

        page: Response = await officer_home(request, session)
        return page
    return portal_of(request).pages.render(request, "public/home.html")
