"""Routes: the catalogue, nominations, cluster results and the award-history import."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, UploadFile
from thidua import calendar
from thidua.auth import CurrentPrincipal
from thidua.http.edge import to_domain
from thidua.http.files import TOO_LARGE_RESPONSE, read_upload

from awards import catalogue, imports, nominations
from awards.api.deps import Association, Reader, Run, Secretariat, Settings, actor_of, view
from awards.api.problems import ERRORS
from awards.facts import ClusterResult
from awards.nomination import DossierItem, NominationDraft
from awards.schemas import ClusterResultIn, NominationIn, RefusalIn, SupplementIn

router = APIRouter(tags=["nominations"])


@router.get("/award-types")
async def list_award_types(
    principal: CurrentPrincipal, cfg: Settings, on: date | None = None
) -> dict[str, Any]:
    """Titles and forms of commendation, under the rule set in force on `on` (default: every rule set)."""
    with ERRORS.answering():  # a day before the first rule set: the caller's input, not a fault
        chosen = catalogue.listed(on, cfg.catalogue_overrides())
    return {"items": [view(t) for t in chosen]}


@router.post("/nominations", status_code=201)
async def create_nomination(body: NominationIn, principal: Association, run: Run, cfg: Settings) -> Any:
    """Submit a nomination; a hard failure is a 422 listing every failed criterion. Its legal date is the day
    the server receives it, in Asia/Ho_Chi_Minh; a `considered_on` sent by the association is not used."""
    draft = to_domain(NominationDraft, body.model_dump(exclude={"considered_on"}), errors=ERRORS)
    actor, overrides = actor_of(principal), cfg.catalogue_overrides()
    nomination = await run(
        lambda uow: nominations.submit_nomination(
            uow, draft=draft, today=calendar.today(), overrides=overrides, actor=actor
        )
    )
    return view(nomination)


@router.post("/nominations/{nomination_id}/supplements", status_code=201)
async def supplement(
    nomination_id: str, body: SupplementIn, principal: Association, run: Run, cfg: Settings
) -> dict[str, Any]:
    """Add evidence as a new version of the dossier; the eligibility check runs again."""
    items = to_domain(tuple[DossierItem, ...], body.model_dump()["dossier"], errors=ERRORS)
    actor, overrides = actor_of(principal), cfg.catalogue_overrides()
    nomination = await run(
        lambda uow: nominations.supplement_nomination(
            uow,
            nomination_id=nomination_id,
            dossier=items,
            achievement_report=body.achievement_report,
            overrides=overrides,
            actor=actor,
        )
    )
    return dict(view(nomination))


@router.post("/nominations/{nomination_id}/refusal")
async def refuse(nomination_id: str, body: RefusalIn, principal: Secretariat, run: Run) -> dict[str, Any]:
    """Refuse a dossier at the eligibility or dossier check; the nominee and association are told why."""
    nomination = await run(
        lambda uow: nominations.refuse_nomination(
            uow,
            nomination_id=nomination_id,
            reason=body.reason,
            explanation=body.explanation,
            failed_criteria=tuple(body.failed_criteria),
        )
    )
    return dict(view(nomination))


@router.get("/nominations")
async def list_nominations(
    principal: Reader,
    run: Run,
    association_id: str | None = None,
    status: str | None = None,
    order: Literal["submitted", "priority"] = "submitted",
) -> dict[str, Any]:
    """Nominations the caller may see (an association sees its own only).

    `order=priority` applies the tie-break of NĐ152 Điều 4 k6 among equally qualified nominations.
    """
    actor = actor_of(principal)
    found = await run(
        lambda uow: nominations.list_nominations(
            uow, actor=actor, association_id=association_id, status=status, by_priority=order == "priority"
        )
    )
    return {"items": [view(n) for n in found]}


@router.put("/clusters/{cluster_id}/results/{year}")
async def record_cluster_result(
    cluster_id: str,
    year: Annotated[int, Path(ge=1, le=9999)],
    body: ClusterResultIn,
    principal: Secretariat,
    run: Run,
) -> dict[str, Any]:
    """Rule 11 facts: which collectives form the cluster in `year` and which one leads it."""
    values = body.model_dump() | {"cluster_id": cluster_id, "year": year, "recorded_by": principal.sub}
    result = to_domain(ClusterResult, values, errors=ERRORS)
    return dict(view(await run(lambda uow: nominations.record_cluster_result(uow, result=result))))


@router.get("/nominations/{nomination_id}")
async def get_nomination(nomination_id: str, principal: Reader, run: Run) -> dict[str, Any]:
    """One nomination with its eligibility report and holds."""
    actor = actor_of(principal)
    nomination, holds = await run(
        lambda uow: nominations.get_nomination(uow, nomination_id=nomination_id, actor=actor)
    )
    return dict(view(nomination)) | {"holds": [view(h) for h in holds]}


@router.post("/award-history/import", responses=TOO_LARGE_RESPONSE)
async def import_history(
    principal: Secretariat,
    run: Run,
    cfg: Settings,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Query()] = False,
) -> dict[str, Any]:
    """Import past awards from the XLSX template (`GET /templates/award-history.xlsx`) or CSV, all or nothing:
    `dry_run=true` reports every bad row (`errors`: row, column header, message) and what would be created."""
    content = await read_upload(file, limit=cfg.import_max_bytes)
    filename = file.filename or "upload.csv"
    report = await run(
        lambda uow: imports.import_award_history(uow, content=content, filename=filename, dry_run=dry_run)
    )
    return dict(view(report))
