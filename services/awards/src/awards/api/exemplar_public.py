"""Routes: publishing exemplary models for the Union's website and journal (JSON, Atom), stage reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from thidua.auth import COUNCIL, SECRETARIAT, Principal, require_roles
from thidua.http.openapi import file_responses

from awards import pipeline
from awards.api.deps import Run, Secretariat, actor_of, view
from awards.api.feed import ATOM_TYPE, atom_feed
from awards.api.spreadsheets import XLSX, exemplar_workbook
from awards.schemas import PublicationIn

router = APIRouter(tags=["exemplars"])
Overseer = Annotated[Principal, Depends(require_roles(SECRETARIAT, COUNCIL))]


@router.post("/exemplars/{exemplar_id}/publication", status_code=201)
async def publish_exemplar(
    exemplar_id: str, body: PublicationIn, principal: Secretariat, run: Run
) -> dict[str, Any]:
    """Publish the model's story and announce `exemplar.published` in the same transaction."""
    actor, url = actor_of(principal), str(body.public_url) if body.public_url else None
    published = await run(
        lambda uow: pipeline.publish_exemplar(
            uow,
            exemplar_id=exemplar_id,
            title=body.title,
            story=body.story,
            summary=body.summary,
            public_url=url,
            actor=actor,
        )
    )
    return dict(view(published))


@router.get("/public/exemplars")
async def published_exemplars(
    run: Run,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,  # bounded: MongoDB takes 8-byte ints only
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    campaign_id: str | None = None,
) -> dict[str, Any]:
    """Published models (no token), newest first: name, unit, achievement and story only."""
    skip = (page - 1) * page_size
    total, found = await run(
        lambda uow: pipeline.published_exemplars(uow, skip=skip, limit=page_size, campaign_id=campaign_id)
    )
    return {"items": [view(e) for e in found], "page": page, "page_size": page_size, "total": total}


@router.get(
    "/public/exemplars.atom", response_class=Response, responses=file_responses("application/atom+xml")
)
async def exemplar_feed(
    request: Request, run: Run, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> Response:
    """The latest published models as an Atom feed for the website and the journal (no token)."""
    _, found = await run(lambda uow: pipeline.published_exemplars(uow, skip=0, limit=limit))
    return Response(atom_feed(found, self_url=str(request.url)), media_type=ATOM_TYPE)


@router.get("/reports/exemplars")
async def exemplar_report(principal: Overseer, run: Run, campaign_id: str) -> dict[str, Any]:
    """Per campaign: models at and having reached each stage, by association and field."""
    return dict(view(await run(lambda uow: pipeline.exemplar_report(uow, campaign_id=campaign_id))))


@router.get("/reports/exemplars.xlsx", response_class=Response, responses=file_responses(XLSX))
async def export_exemplar_report(principal: Overseer, run: Run, campaign_id: str) -> Response:
    """The same report as a spreadsheet."""
    report = await run(lambda uow: pipeline.exemplar_report(uow, campaign_id=campaign_id))
    safe = "".join(c for c in campaign_id if c.isascii() and (c.isalnum() or c in "-_"))[:80]
    headers = {"Content-Disposition": f'attachment; filename="exemplars-{safe}.xlsx"'}
    return Response(exemplar_workbook(report), media_type=XLSX, headers=headers)
