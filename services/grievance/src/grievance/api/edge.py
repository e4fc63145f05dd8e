"""Grievance's edge: its error map, the use-case dependencies, the caller as a Viewer.

Running use cases and answering broken rules are `thidua.http.edge`'s; this module only says, once, which
status each broken rule of the grievance service answers with.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from thidua import mongo
from thidua.auth import ASSOCIATION, GRIEVANCE_OFFICER, Principal, require_roles
from thidua.http import edge
from thidua.http.problems import Conflict, ServiceUnavailable

from grievance import messages as msg
from grievance.cases import Viewer
from grievance.deps import Deps, build_deps
from grievance.errors import (
    AttachmentNotFound,
    ConcurrencyConflict,
    DomainError,
    GrievanceNotFound,
    InvalidTransition,
    NotAllowed,
    TrackingNotFound,
)
from grievance.settings import GrievanceSettings
from grievance.uow import GrievanceUnitOfWork
from grievance.vault import VaultError

T = TypeVar("T")
ERRORS = edge.ErrorMap(
    {
        GrievanceNotFound: 404,
        AttachmentNotFound: 404,
        TrackingNotFound: 404,
        NotAllowed: 403,
        ConcurrencyConflict: 409,
        InvalidTransition: 409,
    },
    base=DomainError,
    default=422,
)
Officer = Annotated[Principal, Depends(require_roles(GRIEVANCE_OFFICER))]


def settings_of(request: Request) -> GrievanceSettings:
    """The service settings."""
    settings: GrievanceSettings = request.app.state.settings
    return settings


def deps_of(request: Request) -> Deps:
    """The use cases' clock, vault, mail and today(), built once per app from its settings."""
    deps: Deps | None = getattr(request.app.state, "grievance_deps", None)
    if deps is None:
        deps = build_deps(settings_of(request))
        request.app.state.grievance_deps = deps
    return deps


def viewer_of(principal: Principal) -> Viewer:
    """The reader a token stands for: a grievance officer, or an association officer of one association."""
    association = principal.association_id if ASSOCIATION in principal.roles else None
    return Viewer(sub=principal.sub, officer=principal.has_any(GRIEVANCE_OFFICER), association_id=association)


async def run(request: Request, work: Callable[[GrievanceUnitOfWork], Awaitable[T]]) -> T:
    """Run a use case in one transaction; a broken rule is a problem+json 4xx and nothing is written."""
    try:
        return await edge.run_use_case(edge.uow_factory(request), work, errors=ERRORS)
    except mongo.DuplicateKeyError as exc:  # two writers raced for the same audit seq or case
        raise Conflict(msg.CHANGED_MEANWHILE, slug="conflict") from exc
    except VaultError as exc:
        raise ServiceUnavailable(msg.IDENTITY_STORE_DOWN) from exc
