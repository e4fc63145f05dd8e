"""One pagination style for every list: `?limit=&offset=`, answered as `{items, total, limit, offset, next}`.

Every list operation takes the same two query parameters (at most `MAX_LIMIT` items a page), filters and
sorts in the database, and says how many items there are in all and where the next page is, so a client can
walk the whole list page by page and nothing is ever silently cut off.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BaseModel, Field

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # MongoDB takes 8-byte integers only

T = TypeVar("T")


@dataclass(frozen=True)
class PageRequest:
    """Which page the caller asked for."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0


def page_request(
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip from the start.")] = 0,
) -> PageRequest:
    """The `limit` and `offset` query parameters of a list operation."""
    return PageRequest(limit=limit, offset=offset)


Paging = Annotated[PageRequest, Depends(page_request)]
"""Route parameter: `paging: Paging`."""


class Page(BaseModel, Generic[T]):
    """One page of a list."""

    items: list[T] = Field(description="The items of this page, in the list's order.")
    total: int = Field(ge=0, description="How many items the whole list holds.")
    limit: int = Field(ge=1, description="Items per page asked for.")
    offset: int = Field(ge=0, description="Items skipped before this page.")
    next: str | None = Field(description="URL of the next page, or null on the last one.")


def page_of(items: list[T], *, total: int, paging: PageRequest, request: Request) -> Page[T]:
    """The page answer, with the link to the next page when there is one (other query parameters kept)."""
    following = paging.offset + paging.limit
    next_url = None
    if following < total:
        next_url = str(request.url.include_query_params(limit=paging.limit, offset=following))
    return Page[T](items=items, total=total, limit=paging.limit, offset=paging.offset, next=next_url)
