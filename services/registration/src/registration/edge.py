"""Registration's edge: its error map, the caller as an Actor, today's date, `If-Match`/ETag and listings.

Running use cases, building domain objects from input and answering broken rules are `thidua.http.edge`'s.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar, cast
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from thidua.auth import ASSOCIATION, SECRETARIAT, CurrentPrincipal, Principal, require_roles
from thidua.http import edge
from thidua.http.problems import BadRequest, Problem

from registration import messages as msg
from registration.assessment import AssessmentError
from registration.domain import (
    AlreadyRegistered,
    CampaignNotLaunched,
    DeadlinePassed,
    InvalidInput,
    InvalidState,
    VersionConflict,
)
from registration.errors import DomainError, DuplicateCode, NotFoundError, OutOfScope
from registration.handlers import Actor
from registration.repository import adapter
from registration.settings import RegistrationSettings
from registration.text import search_key
from registration.uow import RegistrationUnitOfWork

T = TypeVar("T")
ERRORS = edge.ErrorMap(
    {
        NotFoundError: 404,
        OutOfScope: 403,
        VersionConflict: 412,
        AlreadyRegistered: 409,
        DuplicateCode: 409,
        DeadlinePassed: 409,
        CampaignNotLaunched: 409,
        InvalidState: 409,
        InvalidInput: 422,
        AssessmentError: 422,
    },
    base=DomainError,
    title=edge.title_of_slug,  # e.g. "Registration deadline passed"
)

# Answers of the routes that honour `If-Match` (documented in their OpenAPI operations).
PRECONDITIONS: dict[int | str, dict[str, Any]] = {
    400: {"description": "`If-Match` is not the ETag of a version."},
    412: {"description": "`If-Match` names a version other than the current one."},
    428: {"description": "`If-Match` is required here and missing."},
}
Secretariat = Annotated[Principal, Depends(require_roles(SECRETARIAT))]
Member = Annotated[Principal, Depends(require_roles(SECRETARIAT, ASSOCIATION))]


def actor_of(principal: Principal) -> Actor:
    """The Actor for a caller: the secretariat is unrestricted, an officer limited to their association."""
    scope = None if principal.has_any(SECRETARIAT) else principal.association_id
    return Actor(sub=principal.sub, scope=scope)


def settings_of(request: Request) -> RegistrationSettings:
    """The service settings."""
    return cast(RegistrationSettings, request.app.state.settings)


def today(request: Request) -> date:
    """Today in the zone where deadlines end."""
    return datetime.now(ZoneInfo(settings_of(request).timezone)).date()


def to_domain(kind: type[T], values: Any) -> T:
    """Build a domain object from validated input; broken rules and bad values are problems (422...)."""
    return edge.to_domain(kind, values, errors=ERRORS)


async def run(request: Request, work: Callable[[RegistrationUnitOfWork], Awaitable[T]]) -> T:
    """Run a use case in one transaction; a broken rule is a problem+json 4xx and nothing is written."""
    return await edge.run_use_case(edge.uow_factory(request), work, errors=ERRORS)


def if_match(request: Request, *, required: bool) -> int | None:
    """The version in `If-Match`; 428 when required and missing, 400 when unreadable."""
    raw = request.headers.get("if-match")
    if raw is None:
        if required:
            raise Problem(
                msg.SEND_IF_MATCH,
                slug="precondition-required",
                title="Precondition Required",
                status=428,
            )
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise BadRequest(msg.BAD_IF_MATCH)
    return int(value)


def etag(version: int) -> str:
    """The ETag of a version."""
    return f'"{version}"'


def contains(text: str) -> str:
    """A regex matching the diacritic-free key anywhere, with the user's text taken literally."""
    return re.escape(search_key(text))


async def page(
    request: Request,
    collection: str,
    kind: type[Any],
    query: dict[str, Any],
    *,
    limit: int,
    offset: int,
    sort: str,
) -> dict[str, Any]:
    """One page of a collection as domain objects in JSON form, with the total."""
    db = request.app.state.db
    total = await db[collection].count_documents(query)
    cursor = db[collection].find(query).sort([(sort, 1), ("_id", 1)]).skip(offset).limit(limit)
    items = []
    async for doc in cursor:
        doc["id"] = doc.pop("_id")
        doc.pop("search_key", None)
        items.append(adapter(kind).dump_python(adapter(kind).validate_python(doc), mode="json"))
    return {"items": items, "total": total, "limit": limit, "offset": offset}


__all__ = ["PRECONDITIONS", "CurrentPrincipal", "Member", "Secretariat"]
