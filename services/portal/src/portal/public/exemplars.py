"""`/public/exemplars`: the published exemplary models (điển hình tiên tiến)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.web.deps import portal_of
from portal.web.forms import int_or_none

router = APIRouter()


@router.get("/public/exemplars")
async def exemplars(request: Request) -> Response:
    """One page of published models, newest first."""
    portal = portal_of(request)
    page = max(1, int_or_none(request.query_params.get("page")) or 1)
    found = await portal.clients.awards.exemplars(page=page, page_size=20)
    pages = max(1, -(-found.total // found.page_size))
    context = {"items": found.items, "page": page, "pages": pages, "total": found.total}
    return portal.pages.render(request, "public/exemplars.html", context)
