"""Routes: exemplary models (điển hình tiên tiến), their stages, replication and conferences."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from thidua.auth import ASSOCIATION, COUNCIL, SECRETARIAT, Principal, require_roles
from thidua.http.edge import to_domain

from awards import pipeline
from awards.api.deps import Run, Secretariat, actor_of, view
from awards.api.problems import ERRORS
from awards.exemplar_records import ExemplarDraft
from awards.exemplars import achievement_ref
from awards.schemas import ConferenceIn, ExemplarIn, ReplicationIn, SelectionIn, StageIn

router = APIRouter(tags=["exemplars"])
Proposer = Annotated[Principal, Depends(require_roles(ASSOCIATION, SECRETARIAT))]
Reader = Annotated[Principal, Depends(require_roles(ASSOCIATION, SECRETARIAT, COUNCIL))]


@router.post("/exemplars", status_code=201)
async def create_exemplar(body: ExemplarIn, principal: Proposer, run: Run) -> dict[str, Any]:
    """Put forward a collective or individual as an exemplary model (stage `discovered`)."""
    draft = to_domain(ExemplarDraft, body.model_dump(mode="json", exclude={"reason"}), errors=ERRORS)
    actor = actor_of(principal)
    exemplar = await run(
        lambda uow: pipeline.propose_exemplar(uow, draft=draft, reason=body.reason, actor=actor)
    )
    return dict(view(exemplar))


@router.get("/exemplars")
async def list_exemplars(
    principal: Reader,
    run: Run,
    campaign_id: str | None = None,
    stage: str | None = None,
    association_id: str | None = None,
    field_of_work: str | None = None,
) -> dict[str, Any]:
    """Exemplars the caller may see: an association its own and the published ones."""
    pairs = (("campaign_id", campaign_id), ("stage", stage), ("association_id", association_id))
    filters = {k: v for k, v in (*pairs, ("field_of_work", field_of_work)) if v}
    actor = actor_of(principal)
    found = await run(lambda uow: pipeline.list_exemplars(uow, actor=actor, filters=filters))
    return {"items": [view(e) for e in found]}


@router.get("/exemplars/{exemplar_id}")
async def get_exemplar(exemplar_id: str, principal: Reader, run: Run) -> dict[str, Any]:
    """One exemplar with its stage history, replications and selections."""
    actor = actor_of(principal)
    return dict(view(await run(lambda uow: pipeline.get_exemplar(uow, exemplar_id=exemplar_id, actor=actor))))


@router.post("/exemplars/{exemplar_id}/stage", status_code=201)
async def change_stage(exemplar_id: str, body: StageIn, principal: Secretariat, run: Run) -> dict[str, Any]:
    """Move the model to its next stage, with a reason; the history keeps who, when and why."""
    actor = actor_of(principal)
    exemplar = await run(
        lambda uow: pipeline.advance_exemplar(
            uow, exemplar_id=exemplar_id, stage=body.stage, reason=body.reason, actor=actor
        )
    )
    return dict(view(exemplar))


@router.post("/exemplars/{exemplar_id}/replications", status_code=201)
async def record_replication(
    exemplar_id: str, body: ReplicationIn, principal: Proposer, run: Run
) -> dict[str, Any]:
    """Record another association adopting the practice (an officer for their own association)."""
    actor = actor_of(principal)
    seen = await run(
        lambda uow: pipeline.replicate_exemplar(
            uow, exemplar_id=exemplar_id, association_id=body.association_id, note=body.note, actor=actor
        )
    )
    return dict(view(seen))


@router.post("/conferences", status_code=201)
async def create_conference(body: ConferenceIn, principal: Secretariat, run: Run) -> dict[str, Any]:
    """Convene an advanced-models conference of a campaign."""
    actor = actor_of(principal)
    conference = await run(lambda uow: pipeline.convene_conference(uow, **body.model_dump(), actor=actor))
    return dict(view(conference))


@router.get("/conferences/{conference_id}")
async def get_conference(conference_id: str, principal: Reader, run: Run) -> dict[str, Any]:
    """One conference and the models selected for it."""
    return dict(view(await run(lambda uow: pipeline.get_conference(uow, conference_id=conference_id))))


@router.post("/conferences/{conference_id}/selections", status_code=201)
async def select_exemplars(
    conference_id: str, body: SelectionIn, principal: Secretariat, run: Run
) -> dict[str, Any]:
    """Select summarized models of the campaign; each may then be nominated with its `achievement_ref`."""
    actor = actor_of(principal)
    conference = await run(
        lambda uow: pipeline.select_exemplars(
            uow, conference_id=conference_id, exemplar_ids=body.exemplar_ids, actor=actor
        )
    )
    refs = {e: achievement_ref(e) for e in conference.exemplar_ids}
    return dict(view(conference)) | {"achievement_refs": refs}
