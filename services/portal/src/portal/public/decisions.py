"""`/public/decisions`: the published awards, searched by name, unit, award and year without diacritics."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.clients.awards import PublicDecision
from portal.web.deps import portal_of
from portal.web.forms import int_or_none
from portal.web.search import matches

router = APIRouter()
PAGE_SIZE = 50


def search(items: list[PublicDecision], *, name: str, unit: str, award: str) -> list[PublicDecision]:
    """The decisions matching every given text, accent-insensitively."""
    return [d for d in items if matches(d.name, name) and matches(d.unit, unit) and matches(d.award, award)]


@router.get("/public/decisions")
async def decisions(request: Request) -> Response:
    """The search form and its results (the results block alone for an htmx request)."""
    portal = portal_of(request)
    query = {k: request.query_params.get(k, "").strip() for k in ("name", "unit", "award", "year")}
    page = max(1, int_or_none(request.query_params.get("page")) or 1)
    # The service filters by year; names are matched here without diacritics (the service matches exactly).
    found = await portal.clients.awards.decisions(year=int_or_none(query["year"]))
    hits = search(found, name=query["name"], unit=query["unit"], award=query["award"])
    hits.sort(key=lambda d: (-d.year, d.name))
    shown = hits[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    context = {
        "query": query,
        "results": shown,
        "total": len(hits),
        "page": page,
        "pages": max(1, -(-len(hits) // PAGE_SIZE)),
        "searched": any(query.values()),
    }
    template = (
        "public/decision_results.html"
        if request.headers.get("HX-Request") == "true"
        else "public/decisions.html"
    )
    return portal.pages.render(request, template, context)
