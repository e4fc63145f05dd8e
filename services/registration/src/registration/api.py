"""HTTP routes for campaigns, late windows and the member-association directory."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from registration import handlers
from registration.domain import Association, Campaign, LateWindow, default_deadline
from registration.edge import (
    PRECONDITIONS,
    Member,
    Secretariat,
    actor_of,
    contains,
    etag,
    if_match,
    page,
    run,
    settings_of,
    to_domain,
)
from registration.repository import ASSOCIATIONS, CAMPAIGNS
from registration.schemas import AssociationIn, CampaignIn, LateWindowIn

router = APIRouter()
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]  # bounded: MongoDB takes 8-byte ints only
Year = Annotated[int | None, Query(ge=1, le=9999)]


@router.post("/campaigns", status_code=201, response_model=Campaign, tags=["campaigns"])
async def post_campaign(body: CampaignIn, request: Request, principal: Secretariat) -> Campaign:
    """Create (and by default launch) a campaign."""
    values = body.model_dump()
    if values["registration_deadline"] is None:
        month_day = settings_of(request).annual_deadline()
        values["registration_deadline"] = default_deadline(body.kind, body.year, annual_deadline=month_day)
    campaign = to_domain(Campaign, values | {"id": uuid.uuid4().hex})
    return await run(request, lambda uow: handlers.create_campaign(uow, campaign=campaign))


@router.post("/campaigns/{campaign_id}/launch", response_model=Campaign, tags=["campaigns"])
async def post_launch(campaign_id: str, request: Request, principal: Secretariat) -> Campaign:
    """Launch a draft campaign."""
    return await run(request, lambda uow: handlers.launch_campaign(uow, campaign_id=campaign_id))


@router.get("/campaigns", tags=["campaigns"])
async def list_campaigns(
    request: Request, principal: Member, year: Year = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Campaigns, newest year first."""
    query: dict[str, Any] = {} if year is None else {"year": year}
    return await page(request, CAMPAIGNS, Campaign, query, limit=limit, offset=offset, sort="year")


@router.get("/campaigns/{campaign_id}", response_model=Campaign, tags=["campaigns"])
async def get_campaign(campaign_id: str, request: Request, principal: Member) -> Campaign:
    """One campaign."""
    return await run(request, lambda uow: handlers.get_campaign(uow, campaign_id=campaign_id))


@router.post(
    "/campaigns/{campaign_id}/late-windows", status_code=201, response_model=LateWindow, tags=["campaigns"]
)
async def post_late_window(
    campaign_id: str, body: LateWindowIn, request: Request, principal: Secretariat
) -> LateWindow:
    """Let one association register or amend after the deadline, until a given day."""
    window = LateWindow(
        campaign_id=campaign_id,
        association_id=body.association_id,
        until=body.until,
        granted_by=principal.sub,
    )
    return await run(request, lambda uow: handlers.grant_late_window(uow, window=window))


@router.post("/associations", status_code=201, response_model=Association, tags=["associations"])
async def post_association(body: AssociationIn, request: Request, principal: Secretariat) -> Association:
    """Add a member association or collective member to the directory."""
    association = to_domain(Association, body.model_dump() | {"id": uuid.uuid4().hex})
    return await run(request, lambda uow: handlers.register_association(uow, association=association))


@router.get("/associations/{association_id}", response_model=Association, tags=["associations"])
async def get_association(
    association_id: str, request: Request, response: Response, principal: Member
) -> Association:
    """One directory entry; an officer may read only their own."""
    actor = actor_of(principal)
    found = await run(
        request, lambda uow: handlers.get_association(uow, association_id=association_id, actor=actor)
    )
    response.headers["ETag"] = etag(found.version)
    return found


@router.put(
    "/associations/{association_id}",
    response_model=Association,
    tags=["associations"],
    responses=PRECONDITIONS,
)
async def put_association(
    association_id: str, body: AssociationIn, request: Request, response: Response, principal: Secretariat
) -> Association:
    """Replace a directory entry's details (the code stays); needs `If-Match`."""
    version = if_match(request, required=True)
    assert version is not None
    changed = to_domain(Association, body.model_dump() | {"id": association_id})
    actor = actor_of(principal)
    updated = await run(
        request,
        lambda uow: handlers.update_association(uow, changed=changed, expected_version=version, actor=actor),
    )
    response.headers["ETag"] = etag(updated.version)
    return updated


@router.get("/associations", tags=["associations"])
async def list_associations(
    request: Request, principal: Secretariat, q: str | None = None, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """The directory; `q` matches code or name without diacritics."""
    query: dict[str, Any] = {} if not q else {"search_key": {"$regex": contains(q)}}
    return await page(request, ASSOCIATIONS, Association, query, limit=limit, offset=offset, sort="code")
