"""Routes: the catalogue, nominations and the award-history import."""

from __future__ import annotations

import csv
import zipfile
from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Path, Query, UploadFile
from pydantic import BaseModel, ConfigDict, Field, model_validator
from thidua.auth import BOARD, COUNCIL, SECRETARIAT, CurrentPrincipal
from thidua.http.problems import Problem, Unprocessable
from thidua.uow import UnitOfWorkFactory

from awards import catalogue, history_import, nominations, readmodel, supplements
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
from awards.domain import Candidate, Ineligible, priority_order
from awards.eligibility.rules import param_share
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
    try:
        chosen = (
            catalogue.award_types(catalogue.rule_set_for(on), overrides)
            if on
            else catalogue.all_award_types(overrides)
        )
    except catalogue.NoRuleSet as exc:  # a day before the first rule set: the caller's input, not a fault
        raise Unprocessable(str(exc), slug="no-rule-set") from exc
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


def _candidate(doc: dict[str, Any]) -> Candidate:
    """Equally qualified: same award type, year and status, and the same council result if any."""
    council, gender = doc.get("council") or {}, doc.get("gender") or {}
    return Candidate(
        ref=doc["_id"],
        qualification=(doc["award_type_code"], doc["year"], doc["status"], council.get("yes")),
        female=gender.get("female") if doc["nominee"]["kind"] == "individual" else None,
        women=gender.get("women") if doc["nominee"]["kind"] == "collective" else None,
        members=gender.get("members"),
    )


def _by_priority(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rule 18: the preferred (women; collectives with ≥ 70% women) first among equally qualified ones."""
    by_id = {d["_id"]: d for d in docs}
    ranked = priority_order([_candidate(d) for d in docs], share=param_share("tie_break_women"))
    return [by_id[c.ref] for c in ranked]


@router.get("/nominations")
async def list_nominations(
    principal: Reader,
    factory: Uows,
    association_id: str | None = None,
    status: str | None = None,
    order: Literal["submitted", "priority"] = "submitted",
) -> dict[str, Any]:
    """Nominations the caller may see (an association sees its own only).

    `order=priority` applies the tie-break of NĐ152 Điều 4 k6 among equally qualified nominations.
    """
    query: dict[str, Any] = {"status": status} if status else {}
    if not principal.has_any(*READERS):
        query["association_id"] = principal.association_id
    elif association_id:
        query["association_id"] = association_id
    if not principal.has_any(SECRETARIAT, COUNCIL) and principal.has_any(BOARD):
        query["status"] = status if status in BOARD_VISIBLE else BOARD_VISIBLE[0]
    docs = await factory.run(lambda uow: uow.repo.find(NOMINATIONS, query))
    if order == "priority":
        docs = _by_priority(docs)
    return {"items": [public(d) for d in docs]}


class ClusterResultIn(BaseModel):
    """`PUT /clusters/{cluster_id}/results/{year}`: a cluster's (cụm/khối) members and leader that year."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=300)
    organized_by: Literal["province", "other"] = "province"
    member_association_ids: list[str] = Field(min_length=1, max_length=500)
    leader_association_id: str | None = None
    """The collective ranked leader (BN86 Điều 3 k1); null while the ranking is not known."""

    @model_validator(mode="after")
    def _leader_is_member(self) -> ClusterResultIn:
        if self.leader_association_id not in (None, *self.member_association_ids):
            raise ValueError("the leader must be a member of the cluster")
        return self


@router.put("/clusters/{cluster_id}/results/{year}")
async def record_cluster_result(
    cluster_id: str,
    year: Annotated[int, Path(ge=1, le=9999)],
    body: ClusterResultIn,
    principal: Secretariat,
    factory: Uows,
) -> dict[str, Any]:
    """Rule 11 facts: which collectives form the cluster in `year` and which one leads it."""
    result = body.model_dump() | {"cluster_id": cluster_id, "year": year, "recorded_by": principal.sub}
    await factory.run(lambda uow: readmodel.record_cluster_result(uow, result))
    return result


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
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, csv.Error) as exc:
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
