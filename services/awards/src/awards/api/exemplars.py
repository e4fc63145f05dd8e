"""Routes: exemplary models (điển hình tiên tiến), their stages, replication and conferences."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, Depends
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field
from thidua.auth import ASSOCIATION, COUNCIL, SECRETARIAT, Principal, ensure_association_scope, require_roles
from thidua.contracts.base import new_id
from thidua.http.problems import NotFound, Problem
from thidua.uow import UnitOfWorkFactory

from awards import exemplars
from awards.api.deps import Secretariat, public, uows
from awards.exemplar_store import change_doc
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["exemplars"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
Proposer = Annotated[Principal, Depends(require_roles(ASSOCIATION, SECRETARIAT))]
Reader = Annotated[Principal, Depends(require_roles(ASSOCIATION, SECRETARIAT, COUNCIL))]
T = TypeVar("T")
INVALID = ("unknown-stage", "reason-required", "personal-data")  # 422; every other broken rule is a 409


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SubjectIn(_In):
    """The collective or individual: name and unit only (no personal code, no contact data)."""

    kind: Literal["individual", "collective"]
    name: str = Field(min_length=1, max_length=300)
    unit: str = Field(min_length=1, max_length=300)


class ExemplarIn(_In):
    """`POST /exemplars`."""

    association_id: str = Field(min_length=1)
    campaign_id: str = Field(min_length=1)
    subject: SubjectIn
    practice: str = Field(min_length=1, max_length=20000, description="Cách làm hay, sáng tạo.")
    evidence: list[str] = Field(min_length=1, max_length=50, description="Evidence, as text.")
    links: list[AnyHttpUrl] = Field(default_factory=list, max_length=50)
    field_of_work: str = Field(min_length=1, max_length=200)
    reason: str = Field(default="Phát hiện điển hình", max_length=2000)


class StageIn(_In):
    """`POST /exemplars/{id}/stage`: the next stage and why."""

    stage: str
    reason: str = Field(min_length=1, max_length=2000)


class ReplicationIn(_In):
    """`POST /exemplars/{id}/replications`: the association that adopted the practice."""

    association_id: str = Field(min_length=1)
    note: str = Field(default="", max_length=2000)


class ConferenceIn(_In):
    """`POST /conferences`: a Hội nghị Điển hình tiên tiến of a campaign."""

    campaign_id: str = Field(min_length=1)
    name: str = Field(min_length=1, max_length=300)
    held_on: date
    venue: str | None = Field(default=None, max_length=300)


class SelectionIn(_In):
    """`POST /conferences/{id}/selections`."""

    exemplar_ids: list[str] = Field(min_length=1, max_length=200)


class ExemplarRuleProblem(Problem):
    """409 (or 422 for bad input): a rule of the exemplar pipeline is broken."""

    status, title, slug = 409, "Exemplar rule broken", "exemplar-rule"


def rule_problem(exc: exemplars.ExemplarRuleBroken) -> ExemplarRuleProblem:
    """The problem+json answer for a broken rule of the pipeline."""
    return ExemplarRuleProblem(str(exc), slug=exc.slug, status=422 if exc.slug in INVALID else 409)


async def run_rules(
    factory: UnitOfWorkFactory[AwardsUnitOfWork], work: Callable[[AwardsUnitOfWork], Awaitable[T]]
) -> T:
    """Run `work`; a broken rule is a problem and nothing is written."""
    try:
        return await factory.run(work)
    except exemplars.ExemplarRuleBroken as exc:
        raise rule_problem(exc) from exc


def found(doc: dict[str, Any] | None, what: str = "exemplar") -> dict[str, Any]:
    """The document, or a 404."""
    if doc is None:
        raise NotFound(f"No {what}.")
    return doc


def public_view(doc: dict[str, Any]) -> dict[str, Any]:
    """A published exemplar as anyone may see it: name, unit, achievement and the story."""
    story = doc.get("publication") or {}
    return {
        "id": doc["_id"],
        "kind": doc["subject"]["kind"],
        "name": doc["subject"]["name"],
        "unit": doc["subject"]["unit"],
        "association_id": doc["association_id"],
        "campaign_id": doc["campaign_id"],
        "field_of_work": doc["field_of_work"],
        "stage": doc["stage"],
        "title": story.get("title"),
        "summary": story.get("summary"),
        "story": story.get("story"),
        "public_url": story.get("public_url"),
        "published_at": doc.get("published_at"),
    }


def _seen_by(principal: Principal, doc: dict[str, Any] | None) -> dict[str, Any]:
    """Full for the secretariat, council and owner; the public view of a published model; else 404."""
    doc = found(doc)
    if principal.has_any(SECRETARIAT, COUNCIL) or principal.association_id == doc["association_id"]:
        return public(doc)
    if doc.get("published"):
        return public_view(doc)
    raise NotFound("No exemplar.")


@router.post("/exemplars", status_code=201)
async def create_exemplar(body: ExemplarIn, principal: Proposer, factory: Uows) -> dict[str, Any]:
    """Put forward a collective or individual as an exemplary model (stage `discovered`)."""
    ensure_association_scope(principal, body.association_id)
    now = datetime.now(UTC)
    try:
        first = exemplars.discover(by=principal.sub, at=now, reason=body.reason)
    except exemplars.ExemplarRuleBroken as exc:  # a blank reason: 422, not a 500
        raise rule_problem(exc) from exc
    doc = body.model_dump(mode="json", exclude={"reason"}) | {
        "_id": new_id(),
        "stage": first.to_stage,
        "history": [change_doc(first)],
        "replications": [],
        "selections": [],
        "published": False,
        "created_by": principal.sub,
        "created_at": now.isoformat(),
    }
    await run_rules(factory, lambda uow: uow.exemplars.add(doc))
    return public(doc)


def _matches(doc: dict[str, Any], filters: dict[str, str]) -> bool:
    return all(doc.get(k) == v for k, v in filters.items())


@router.get("/exemplars")
async def list_exemplars(
    principal: Reader,
    factory: Uows,
    campaign_id: str | None = None,
    stage: str | None = None,
    association_id: str | None = None,
    field_of_work: str | None = None,
) -> dict[str, Any]:
    """Exemplars the caller may see: an association its own and the published ones."""
    pairs = (("campaign_id", campaign_id), ("stage", stage), ("association_id", association_id))
    filters = {k: v for k, v in (*pairs, ("field_of_work", field_of_work)) if v}
    if principal.has_any(SECRETARIAT, COUNCIL):
        docs = await factory.run(lambda uow: uow.exemplars.find(filters))
        return {"items": [public(d) for d in docs]}

    async def read(uow: AwardsUnitOfWork) -> list[dict[str, Any]]:
        own = await uow.exemplars.find({"association_id": principal.association_id})
        return own + await uow.exemplars.find({"published": True})

    seen: dict[str, dict[str, Any]] = {}
    for doc in await factory.run(read):
        if _matches(doc, filters):
            seen.setdefault(doc["_id"], _seen_by(principal, doc))
    return {"items": list(seen.values())}


@router.get("/exemplars/{exemplar_id}")
async def get_exemplar(exemplar_id: str, principal: Reader, factory: Uows) -> dict[str, Any]:
    """One exemplar with its stage history, replications and selections."""
    return _seen_by(principal, await factory.run(lambda uow: uow.exemplars.get(exemplar_id)))


@router.post("/exemplars/{exemplar_id}/stage", status_code=201)
async def change_stage(
    exemplar_id: str, body: StageIn, principal: Secretariat, factory: Uows
) -> dict[str, Any]:
    """Move the model to its next stage, with a reason; the history keeps who, when and why."""

    async def work(uow: AwardsUnitOfWork) -> dict[str, Any]:
        doc = found(await uow.exemplars.get(exemplar_id))
        change = exemplars.advance(
            doc["stage"],
            body.stage,
            adoptions=len(doc["replications"]),
            by=principal.sub,
            at=datetime.now(UTC),
            reason=body.reason,
        )
        await uow.exemplars.record_change(exemplar_id, change)
        return found(await uow.exemplars.get(exemplar_id))

    return public(await run_rules(factory, work))


@router.post("/exemplars/{exemplar_id}/replications", status_code=201)
async def record_replication(
    exemplar_id: str, body: ReplicationIn, principal: Proposer, factory: Uows
) -> dict[str, Any]:
    """Record another association adopting the practice (an officer for their own association)."""
    ensure_association_scope(principal, body.association_id)

    async def work(uow: AwardsUnitOfWork) -> dict[str, Any]:
        doc = found(await uow.exemplars.get(exemplar_id))
        if not principal.has_any(SECRETARIAT) and not doc.get("published"):
            raise NotFound("No exemplar.")  # an officer adopts what was published
        adoption = exemplars.adopt(
            owner=doc["association_id"],
            stage=doc["stage"],
            adopters=[r["association_id"] for r in doc["replications"]],
            association_id=body.association_id,
            by=principal.sub,
            at=datetime.now(UTC),
            note=body.note,
        )
        await uow.exemplars.record_adoption(exemplar_id, adoption)
        return found(await uow.exemplars.get(exemplar_id))

    return _seen_by(principal, await run_rules(factory, work))


@router.post("/conferences", status_code=201)
async def create_conference(body: ConferenceIn, principal: Secretariat, factory: Uows) -> dict[str, Any]:
    """Convene an advanced-models conference of a campaign."""
    doc = body.model_dump(mode="json") | {"_id": new_id(), "exemplar_ids": [], "created_by": principal.sub}
    await run_rules(factory, lambda uow: uow.exemplars.add_conference(doc))
    return public(doc)


@router.get("/conferences/{conference_id}")
async def get_conference(conference_id: str, principal: Reader, factory: Uows) -> dict[str, Any]:
    """One conference and the models selected for it."""
    return public(
        found(await factory.run(lambda uow: uow.exemplars.get_conference(conference_id)), "conference")
    )


@router.post("/conferences/{conference_id}/selections", status_code=201)
async def select_exemplars(
    conference_id: str, body: SelectionIn, principal: Secretariat, factory: Uows
) -> dict[str, Any]:
    """Select summarized models of the campaign; each may then be nominated with its `achievement_ref`."""

    async def work(uow: AwardsUnitOfWork) -> dict[str, Any]:
        conference = found(await uow.exemplars.get_conference(conference_id), "conference")
        chosen = list(conference["exemplar_ids"])
        for exemplar_id in dict.fromkeys(body.exemplar_ids):
            doc = found(await uow.exemplars.get(exemplar_id))
            exemplars.ensure_selectable(
                stage=doc["stage"],
                campaign_id=doc["campaign_id"],
                conference_campaign_id=conference["campaign_id"],
            )
            if exemplar_id in chosen:
                continue
            chosen.append(exemplar_id)
            selection = {
                "conference_id": conference_id,
                "by": principal.sub,
                "at": datetime.now(UTC).isoformat(),
                "achievement_ref": exemplars.achievement_ref(exemplar_id),
            }
            await uow.exemplars.record_selection(exemplar_id, selection)
        await uow.exemplars.set_selected(conference_id, chosen)
        return conference | {"exemplar_ids": chosen}

    conference = await run_rules(factory, work)
    refs = {e: exemplars.achievement_ref(e) for e in conference["exemplar_ids"]}
    return public(conference) | {"achievement_refs": refs}
