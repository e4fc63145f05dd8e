"""Routes of the cases themselves: intake, the lists, one case, the protected filer read, the audit log
and the public tracking page. Each parses, authorises, runs one use case and shapes the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from thidua.auth import ASSOCIATION, GRIEVANCE_OFFICER, CurrentPrincipal, OptionalPrincipal
from thidua.http.idempotency import OMIT_HEADER
from thidua.http.pagination import Paging, page_of
from thidua.http.problems import BadRequest, Forbidden, Unprocessable
from thidua.http.ratelimit import rate_limited
from thidua.logging import get_logger

from grievance import cases, content, intake
from grievance import messages as msg
from grievance.answers import AuditOut, CaseOut, CasePage, FilerOut, Tracked
from grievance.api.edge import Officer, deps_of, run, viewer_of
from grievance.schemas import Filed, FileGrievance

router = APIRouter(tags=["grievances"])
log = get_logger(__name__)
Status = Annotated[str | None, Query(max_length=40, description="Only the cases in this status.")]


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
            raise Forbidden(msg.FILERS_ONLY)
        actor = principal.sub
        if ASSOCIATION in principal.roles and not principal.has_any(GRIEVANCE_OFFICER):
            association_id = principal.association_id
    elif cmd.filer is None:
        raise Unprocessable(msg.FILER_REQUIRED, slug="filer-required")
    officer_only = cmd.received_on is not None or cmd.informed_on is not None
    if officer_only and (principal is None or not principal.has_any(GRIEVANCE_OFFICER)):
        raise Forbidden(msg.OFFICER_DATES_ONLY)
    deps = deps_of(request)
    case, secret = await run(
        request,
        lambda uow: intake.file_grievance(cmd, uow, deps=deps, association_id=association_id, actor=actor),
    )
    log.info("grievance.filed", grievance_id=case.id, kind=case.kind)
    code, kind, status = case.tracking_code, case.kind, case.status
    return Filed(id=case.id, tracking_code=code, secret=secret, kind=kind, status=status)


@router.get("/grievances", response_model=CasePage)
async def list_grievances(
    request: Request, principal: CurrentPrincipal, paging: Paging, status: Status = None
) -> CasePage:
    """Grievance officers see every case, the nearest statutory deadline first (cases with none last); an
    association officer sees its own complaints, newest first. Page by page with `limit` and `offset`."""
    viewer = viewer_of(principal)
    items, total = await run(
        request,
        lambda uow: cases.list_cases(
            uow, viewer=viewer, status=status, offset=paging.offset, limit=paging.limit
        ),
    )
    return page_of([CaseOut.model_validate(i) for i in items], total=total, paging=paging, request=request)


@router.get("/grievances/{grievance_id}", response_model=CaseOut)
async def get_grievance(grievance_id: str, request: Request, principal: CurrentPrincipal) -> CaseOut:
    """One case, for grievance officers or its complaining association."""
    viewer = viewer_of(principal)
    found = await run(request, lambda uow: cases.show_case(uow, viewer=viewer, grievance_id=grievance_id))
    return CaseOut.model_validate(found)


@router.get("/grievances/{grievance_id}/filer", response_model=FilerOut, response_model_exclude_unset=True)
async def get_filer(grievance_id: str, request: Request, officer: Officer) -> FilerOut:
    """The filer's identity in clear: grievance officers only; every read is audited."""
    deps = deps_of(request)
    identity = await run(
        request, lambda uow: content.read_filer(uow, grievance_id=grievance_id, deps=deps, actor=officer.sub)
    )
    return FilerOut.model_validate({"grievance_id": grievance_id, "filer": identity})


@router.get("/grievances/{grievance_id}/audit", response_model=AuditOut)
async def get_audit(grievance_id: str, request: Request, officer: Officer) -> AuditOut:
    """The case's hash-chained audit log and whether the chain is intact."""
    viewer = viewer_of(officer)
    log_ = await run(request, lambda uow: cases.read_audit(uow, viewer=viewer, grievance_id=grievance_id))
    return AuditOut.model_validate(log_)


@router.get(
    "/public/grievances/{tracking_code}",
    response_model=Tracked,
    dependencies=[Depends(rate_limited("grievance-tracking"))],
)
async def track(
    tracking_code: str,
    request: Request,
    x_tracking_secret: Annotated[str | None, Header(max_length=200)] = None,
) -> Tracked:
    """Status and deadlines only, for whoever holds the tracking secret (header `X-Tracking-Secret`).

    The secret is never taken from the query string, where proxies and browsers would log it.
    """
    if "secret" in request.query_params:
        raise BadRequest(msg.SECRET_IN_QUERY, slug="tracking-secret-in-query")
    secret = x_tracking_secret or ""
    found = await run(request, lambda uow: cases.track_case(uow, tracking_code=tracking_code, secret=secret))
    return Tracked.model_validate(found)
