"""Routes: the catalogue, nominations and the award-history import."""

from __future__ import annotations

import zipfile
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Query, UploadFile
from thidua.auth import BOARD, COUNCIL, SECRETARIAT, CurrentPrincipal
from thidua.http.problems import Problem, Unprocessable
from thidua.uow import UnitOfWorkFactory

from awards import catalogue, history_import, nominations, supplements
from awards.api.deps import (
    BOARD_VISIBLE,
    READERS,
    Association,
    Reader,
    Secretariat,
    ensure_can_read,
    ensure_own_association,
    public,
    settings,
    uows,
)
from awards.domain import Ineligible
from awards.repository import HOLDS, NOMINATIONS
from awards.schemas import NominationIn, SupplementIn
from awards.settings import AwardsSettings
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["nominations"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
Settings = Annotated[AwardsSettings, Depends(settings)]


class IneligibleProblem(Problem):
    """422: the nominee fails at least one criterion of law."""

    status, title, slug = 422, "Nominee not eligible", "ineligible"


def _type_doc(t: catalogue.AwardType) -> dict[str, Any]:
    doc = asdict(t)
    doc["vote_threshold"] = str(t.vote_threshold) if t.vote_threshold is not None else None
    return doc


@router.get("/award-types")
async def list_award_types(
    principal: CurrentPrincipal, cfg: Settings, on: date | None = None
) -> dict[str, Any]:
    """Titles and forms of commendation, under the rule set in force on `on` (default: every rule set)."""
    overrides = cfg.catalogue_overrides()
    chosen = (
        catalogue.award_types(catalogue.rule_set_for(on), overrides)
        if on
        else catalogue.all_award_types(overrides)
    )
    return {"items": [_type_doc(t) for t in chosen]}


@router.post("/nominations", status_code=201)
async def create_nomination(body: NominationIn, principal: Association, factory: Uows, cfg: Settings) -> Any:
    """Submit a nomination; a hard failure is a 422 listing every failed criterion."""
    ensure_own_association(principal, body.association_id)
    on = body.considered_on or date.today()
    try:
        award_type = catalogue.award_type(body.award_type_code, on, cfg.catalogue_overrides())
    except catalogue.NoRuleSet as exc:
        raise Unprocessable(str(exc)) from exc
    if award_type is None:
        raise Unprocessable(f"Unknown award type {body.award_type_code!r}.", slug="unknown-award-type")
    try:
        doc = await factory.run(
            lambda uow: nominations.submit_nomination(
                uow, cmd=body, award_type=award_type, on=on, actor=principal.sub
            )
        )
    except Ineligible as exc:
        raise _ineligible(exc) from exc
    return public(doc)


def _ineligible(exc: Ineligible) -> IneligibleProblem:
    failed = [asdict(c) | {"outcome": c.outcome.value} for c in exc.report.failed]
    return IneligibleProblem(
        "The nominee fails criteria of law.",
        failed_criteria=failed,
        report=nominations.report_doc(exc.report),
    )


@router.post("/nominations/{nomination_id}/supplements", status_code=201)
async def supplement(
    nomination_id: str, body: SupplementIn, principal: Association, factory: Uows, cfg: Settings
) -> dict[str, Any]:
    """Add evidence as a new version of the dossier; the eligibility check runs again."""
    try:
        doc = await factory.run(
            lambda uow: supplements.supplement_nomination(
                uow,
                nomination_id=nomination_id,
                cmd=body,
                overrides=cfg.catalogue_overrides(),
                association_id=principal.association_id,
            )
        )
    except Ineligible as exc:
        raise _ineligible(exc) from exc
    return public(doc)


@router.get("/nominations")
async def list_nominations(
    principal: Reader, factory: Uows, association_id: str | None = None, status: str | None = None
) -> dict[str, Any]:
    """Nominations the caller may see (an association sees its own only)."""
    query: dict[str, Any] = {"status": status} if status else {}
    if not principal.has_any(*READERS):
        query["association_id"] = principal.association_id
    elif association_id:
        query["association_id"] = association_id
    if not principal.has_any(SECRETARIAT, COUNCIL) and principal.has_any(BOARD):
        query["status"] = status if status in BOARD_VISIBLE else BOARD_VISIBLE[0]
    docs = await factory.run(lambda uow: uow.repo.find(NOMINATIONS, query))
    return {"items": [public(d) for d in docs]}


@router.get("/nominations/{nomination_id}")
async def get_nomination(nomination_id: str, principal: Reader, factory: Uows) -> dict[str, Any]:
    """One nomination with its eligibility report and holds."""

    async def read(uow: AwardsUnitOfWork) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        return await uow.repo.get(NOMINATIONS, nomination_id), await uow.repo.find(
            HOLDS, {"nomination_id": nomination_id}
        )

    doc, holds = await factory.run(read)
    doc = ensure_can_read(principal, doc, what="nomination")
    return public(doc) | {"holds": [public(h) for h in holds]}


@router.post("/award-history/import")
async def import_history(
    principal: Secretariat,
    factory: Uows,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Query()] = False,
) -> dict[str, Any]:
    """Import past awards from CSV or XLSX; `dry_run=true` only reports the rejected rows."""
    try:
        rows = history_import.read_rows(await file.read(), filename=file.filename or "upload.csv")
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise Unprocessable(f"Unreadable file: {exc}", slug="unreadable-file") from exc
    awards, rejected = history_import.validate(rows)
    imported = 0
    if not dry_run:
        imported = await factory.run(lambda uow: history_import.import_awards(uow, awards=awards))
    return {
        "dry_run": dry_run,
        "valid": len(awards),
        "imported": imported,
        "rejected": [{"row": r.row, "reasons": list(r.reasons)} for r in rejected],
    }
