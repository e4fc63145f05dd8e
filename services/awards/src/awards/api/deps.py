"""What the awards routes share: role dependencies, the caller as an Actor, settings, the use-case runner."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from thidua.auth import ASSOCIATION, BOARD, COUNCIL, SECRETARIAT, Principal, require_roles
from thidua.http.edge import UseCaseRunner, use_case_runner

from awards.api.problems import ERRORS
from awards.domain import Actor
from awards.jsonable import jsonable
from awards.settings import AwardsSettings
from awards.uow import AwardsUnitOfWork

READERS = (SECRETARIAT, COUNCIL, BOARD)
Secretariat = Annotated[Principal, Depends(require_roles(SECRETARIAT))]
Council = Annotated[Principal, Depends(require_roles(COUNCIL))]
Association = Annotated[Principal, Depends(require_roles(ASSOCIATION))]
Reader = Annotated[Principal, Depends(require_roles(ASSOCIATION, *READERS))]
Run = Annotated[UseCaseRunner[AwardsUnitOfWork], Depends(use_case_runner(ERRORS))]


def settings(request: Request) -> AwardsSettings:
    """The service's settings."""
    value = request.app.state.settings
    return value if isinstance(value, AwardsSettings) else AwardsSettings(**value.model_dump())


Settings = Annotated[AwardsSettings, Depends(settings)]


def actor_of(principal: Principal) -> Actor:
    """The caller as the domain sees it: its association; secretariat, staff (with council), board."""
    return Actor(
        sub=principal.sub,
        association_id=principal.association_id,
        secretariat=principal.has_any(SECRETARIAT),
        staff=principal.has_any(SECRETARIAT, COUNCIL),
        board=principal.has_any(BOARD),
    )


def view(record: object) -> Any:
    """A record as the API answers it: field for field, as stored (`id` stays `id`)."""
    return jsonable(record)
