"""The one pagination style: limits validated, totals and the next link (in process, no I/O)."""

from __future__ import annotations

import httpx
from fastapi import FastAPI, Request
from pydantic import BaseModel
from thidua.http.pagination import MAX_LIMIT, Page, Paging, page_of


class Row(BaseModel):
    n: int


ROWS = [Row(n=i) for i in range(7)]


def app() -> FastAPI:
    api = FastAPI()

    @api.get("/rows")
    async def rows(request: Request, paging: Paging, kind: str = "all") -> Page[Row]:
        chosen = ROWS[paging.offset : paging.offset + paging.limit]
        return page_of(chosen, total=len(ROWS), paging=paging, request=request)

    return api


async def get(url: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app()), base_url="http://t") as client:
        return await client.get(url)


async def test_pages_carry_the_total_and_the_next_link_until_the_last() -> None:
    first = (await get("/rows?limit=3&kind=x")).json()
    assert [r["n"] for r in first["items"]] == [0, 1, 2]
    assert (first["total"], first["limit"], first["offset"]) == (7, 3, 0)
    assert "offset=3" in first["next"] and "kind=x" in first["next"] and "limit=3" in first["next"]
    last = (await get("/rows?limit=3&offset=6")).json()
    assert [r["n"] for r in last["items"]] == [6] and last["next"] is None


async def test_walking_the_next_links_returns_every_item_once() -> None:
    seen: list[int] = []
    url: str | None = "/rows?limit=2"
    while url:
        page = (await get(url)).json()
        seen += [r["n"] for r in page["items"]]
        url = page["next"]
    assert seen == list(range(7))


async def test_limits_outside_the_range_are_refused() -> None:
    assert (await get(f"/rows?limit={MAX_LIMIT + 1}")).status_code == 422
    assert (await get("/rows?limit=0")).status_code == 422
    assert (await get("/rows?offset=-1")).status_code == 422


def test_the_page_schema_documents_every_member() -> None:
    schema = app().openapi()["components"]["schemas"]
    page = next(v for k, v in schema.items() if k.startswith("Page"))
    assert set(page["properties"]) == {"items", "total", "limit", "offset", "next"}
