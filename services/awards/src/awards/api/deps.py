"""FastAPI edge helpers: the unit-of-work factory, settings and role dependencies from `app.state`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from thidua.auth import ASSOCIATION, BOARD, COUNCIL, SECRETARIAT, Principal, require_roles
from thidua.http.problems import Forbidden, NotFound
from thidua.uow import UnitOfWorkFactory

from awards.settings import AwardsSettings
from awards.uow import AwardsUnitOfWork

READERS = (SECRETARIAT, COUNCIL, BOARD)
BOARD_VISIBLE = ("forwarded",)  # the provincial board reads forwarded nominations only
Secretariat = Annotated[Principal, Depends(require_roles(SECRETARIAT))]
Council = Annotated[Principal, Depends(require_roles(COUNCIL))]
Association = Annotated[Principal, Depends(require_roles(ASSOCIATION))]
Reader = Annotated[Principal, Depends(require_roles(ASSOCIATION, *READERS))]


def uows(request: Request) -> UnitOfWorkFactory[AwardsUnitOfWork]:
    """The service's unit-of-work factory."""
    factory: UnitOfWorkFactory[AwardsUnitOfWork] = request.app.state.uows
    return factory


def settings(request: Request) -> AwardsSettings:
    """The service's settings."""
    value = request.app.state.settings
    return value if isinstance(value, AwardsSettings) else AwardsSettings(**value.model_dump())


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored document as returned: `_id` becomes `id`."""
    return {"id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}


def ensure_can_read(principal: Principal, doc: dict[str, Any] | None, *, what: str) -> dict[str, Any]:
    """The document, if this caller may see it; another association's is a 404 (its existence is private)."""
    if doc is None:
        raise NotFound(f"No {what}.")
    if principal.has_any(SECRETARIAT, COUNCIL):
        return doc
    if principal.has_any(BOARD) and doc.get("status") in BOARD_VISIBLE:
        return doc
    if principal.association_id == doc.get("association_id"):
        return doc
    raise NotFound(f"No {what}.")


def ensure_own_association(principal: Principal, association_id: str) -> None:
    """An association officer acts for their own association only."""
    if principal.association_id != association_id:
        raise Forbidden("This resource belongs to another association.")
