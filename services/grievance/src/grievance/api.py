"""HTTP API of the grievance service: intake, officers' actions, the protected filer read, public tracking."""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, Request, Response
from thidua import mongo
from thidua.auth import (
    ASSOCIATION,
    GRIEVANCE_OFFICER,
    CurrentPrincipal,
    OptionalPrincipal,
    Principal,
    require_roles,
)
from thidua.http.idempotency import OMIT_HEADER
from thidua.http.problems import BadRequest, Conflict, Forbidden, NotFound, ServiceUnavailable, Unprocessable
from thidua.http.ratelimit import rate_limited
from thidua.logging import get_logger

from grievance import content, intake
from grievance.audit import verify_chain
from grievance.clock import DomainError, InvalidTransition
from grievance.deps import Deps, GrievanceNotFound, build_deps, hash_secret
from grievance.repository import ConcurrencyConflict
from grievance.schemas import Filed, FileGrievance
from grievance.uow import AUDIT, GRIEVANCES, GrievanceUnitOfWork
from grievance.vault import VaultError

router = APIRouter(tags=["grievances"])
log = get_logger(__name__)
T = TypeVar("T")
Officer = Annotated[Principal, Depends(require_roles(GRIEVANCE_OFFICER))]
PUBLIC_FIELDS = ("tracking_code", "kind", "status", "received_on", "closed_on", "conclusion", "notices")
HIDDEN_FIELDS = ("secret_hash", "summary_sealed", "watch", "version")


def _deps(request: Request) -> Deps:
    deps: Deps | None = getattr(request.app.state, "grievance_deps", None)
    if deps is None:
        deps = build_deps(request.app.state.settings)
        request.app.state.grievance_deps = deps
    return deps


async def _run(request: Request, work: Callable[[GrievanceUnitOfWork], Awaitable[T]]) -> T:
    """Run a use case in a unit of work and turn rule errors into problem+json."""
    try:
        result: T = await request.app.state.uows.run(work)
        return result
    except GrievanceNotFound as exc:
        raise NotFound("No such grievance.") from exc
    except InvalidTransition as exc:
        raise Conflict(str(exc), slug=exc.slug) from exc
    except DomainError as exc:
        raise Unprocessable(str(exc), slug=exc.slug) from exc
    except (ConcurrencyConflict, mongo.DuplicateKeyError) as exc:
        raise Conflict("The case changed meanwhile; reload and retry.") from exc
    except VaultError as exc:
        raise ServiceUnavailable("The identity store is not available.") from exc


def view(doc: dict[str, Any]) -> dict[str, Any]:
    """A case for officers and the complaining association: the letter's text redacted of the filer, no
    secret hash, no filer identity."""
    out = {k: v for k, v in doc.items() if k not in HIDDEN_FIELDS and k != "_id"}
    out["id"] = doc["_id"]
    out["deadlines"] = sorted(doc.get("deadlines", {}).values(), key=lambda d: d["due_on"])
    return out


@router.post(
    "/grievances",
    status_code=201,
    response_model=Filed,
    dependencies=[Depends(rate_limited("grievance-intake"))],
)
async def file(
    cmd: FileGrievance, request: Request, response: Response, principal: OptionalPrincipal
) -> Filed:
    """File a case: an association officer with a token, or anyone giving a name and a contact.

    The tracking secret is in this answer only: a replay of the same `Idempotency-Key` answers without it.
    """
    response.headers[OMIT_HEADER] = "secret"
    association_id, actor = None, "public"
    if principal is not None:
        if not principal.has_any(ASSOCIATION, GRIEVANCE_OFFICER):
            raise Forbidden("Grievances are filed by association officers, grievance officers or the public.")
        actor = principal.sub
        if ASSOCIATION in principal.roles and not principal.has_any(GRIEVANCE_OFFICER):
            association_id = principal.association_id
    elif cmd.filer is None:
        raise Unprocessable("Without a token, give your name and a contact.", slug="filer-required")
    officer_only = cmd.received_on is not None or cmd.informed_on is not None
    if officer_only and (principal is None or not principal.has_any(GRIEVANCE_OFFICER)):
        raise Forbidden("Chỉ cán bộ giải quyết đơn mới ghi ngày nhận đơn và ngày nhận được quyết định.")
    deps = _deps(request)

    async def work(uow: GrievanceUnitOfWork) -> Filed:
        case, secret = await intake.file_grievance(
            cmd, uow, deps=deps, association_id=association_id, actor=actor
        )
        return Filed(
            id=case.id, tracking_code=case.tracking_code, secret=secret, kind=case.kind, status=case.status
        )

    filed = await _run(request, work)
    log.info("grievance.filed", grievance_id=filed.id, kind=filed.kind)
    return filed


@router.get("/grievances")
async def list_grievances(
    request: Request, principal: CurrentPrincipal, status: str | None = None
) -> list[dict[str, Any]]:
    """Officers see every case; an association officer sees its own."""
    query: dict[str, Any] = {} if status is None else {"status": status}
    if not principal.has_any(GRIEVANCE_OFFICER):
        if ASSOCIATION not in principal.roles:
            raise Forbidden("Only grievance officers and association officers list grievances.")
        query["complainant_association_id"] = principal.association_id
    docs = await request.app.state.db[GRIEVANCES].find(query).sort("received_on", -1).to_list(length=500)
    return [view(d) for d in docs]


async def _visible(request: Request, principal: Principal, grievance_id: str) -> dict[str, Any]:
    doc: dict[str, Any] | None = await request.app.state.db[GRIEVANCES].find_one({"_id": grievance_id})
    if doc is None:
        raise NotFound("No such grievance.")
    if principal.has_any(GRIEVANCE_OFFICER):
        return doc
    if ASSOCIATION in principal.roles and doc.get("complainant_association_id") == principal.association_id:
        return doc
    raise Forbidden("This grievance belongs to another filer.")


@router.get("/grievances/{grievance_id}")
async def get_grievance(grievance_id: str, request: Request, principal: CurrentPrincipal) -> dict[str, Any]:
    """One case, for officers or its complaining association."""
    return view(await _visible(request, principal, grievance_id))


@router.get("/grievances/{grievance_id}/filer")
async def get_filer(grievance_id: str, request: Request, officer: Officer) -> dict[str, Any]:
    """The filer's identity in clear: grievance officers only; every read is audited."""
    deps = _deps(request)

    async def work(uow: GrievanceUnitOfWork) -> dict[str, Any]:
        return await content.read_filer(uow, grievance_id=grievance_id, deps=deps, actor=officer.sub)

    return {"grievance_id": grievance_id, "filer": await _run(request, work)}


@router.get("/grievances/{grievance_id}/audit")
async def get_audit(grievance_id: str, request: Request, officer: Officer) -> dict[str, Any]:
    """The case's hash-chained audit log and whether the chain is intact."""
    await _visible(request, officer, grievance_id)
    entries = (
        await request.app.state.db[AUDIT].find({"grievance_id": grievance_id}).sort("seq", 1).to_list(None)
    )
    broken = verify_chain(entries)
    return {
        "intact": broken is None,
        "broken_at": broken,
        "entries": [{k: v for k, v in e.items() if k != "_id"} for e in entries],
    }


@router.get("/public/grievances/{tracking_code}", dependencies=[Depends(rate_limited("grievance-tracking"))])
async def track(
    tracking_code: str,
    request: Request,
    x_tracking_secret: Annotated[str | None, Header(max_length=200)] = None,
) -> dict[str, Any]:
    """Status and deadlines only, for whoever holds the tracking secret (header `X-Tracking-Secret`).

    The secret is never taken from the query string, where proxies and browsers would log it.
    """
    if "secret" in request.query_params:
        raise BadRequest(
            "Mã bí mật chỉ được gửi trong tiêu đề X-Tracking-Secret, không gửi trong địa chỉ.",
            slug="tracking-secret-in-query",
        )
    given = x_tracking_secret or ""
    doc = await request.app.state.db[GRIEVANCES].find_one({"tracking_code": tracking_code})
    if doc is None or not hmac.compare_digest(doc.get("secret_hash", ""), hash_secret(given)):
        raise NotFound("No grievance with this tracking code and secret.")
    out = {k: doc.get(k) for k in PUBLIC_FIELDS}
    out["notices"] = out["notices"] or []
    out["deadlines"] = [{"kind": d["kind"], "due_on": d["due_on"]} for d in doc.get("deadlines", {}).values()]
    return out
