"""Use cases of the exemplary-models pipeline (điển hình tiên tiến): put forward, advance a stage,
replicate, select for a conference, publish the story, and the public feed and stage report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from thidua.contracts.base import new_id

from awards import events
from awards import messages as msg
from awards.domain import Actor
from awards.errors import NotFoundError
from awards.exemplar_records import (
    Conference,
    Exemplar,
    ExemplarDraft,
    Publication,
    PublicExemplar,
    Selection,
    public_view,
)
from awards.exemplars import STAGES, achievement_ref, ensure_selectable, stage_counts
from awards.uow import AwardsUnitOfWork

Seen = Exemplar | PublicExemplar


async def _exemplar(uow: AwardsUnitOfWork, exemplar_id: str) -> Exemplar:
    exemplar = await uow.exemplars.get(exemplar_id)
    if exemplar is None:
        raise NotFoundError(msg.NO_EXEMPLAR)
    return exemplar


def _seen_by(actor: Actor, exemplar: Exemplar) -> Seen:
    """Full for staff and the owner; the public view of a published model; else not found."""
    if exemplar.full_view_for(actor):
        return exemplar
    if exemplar.published:
        return public_view(exemplar)
    raise NotFoundError(msg.NO_EXEMPLAR)


async def propose_exemplar(
    uow: AwardsUnitOfWork, *, draft: ExemplarDraft, reason: str, actor: Actor
) -> Exemplar:
    """Put forward a collective or individual as an exemplary model (stage `discovered`)."""
    actor.ensure_may_act_for(draft.association_id)
    exemplar = Exemplar.put_forward(draft, id=new_id(), by=actor.sub, at=datetime.now(UTC), reason=reason)
    await uow.exemplars.add(exemplar)
    return exemplar


async def list_exemplars(uow: AwardsUnitOfWork, *, actor: Actor, filters: Mapping[str, str]) -> list[Seen]:
    """Models the actor may see: staff all of them; an association its own and the published ones."""
    if actor.staff:
        return list(await uow.exemplars.listed(filters))
    own = await uow.exemplars.listed({"association_id": actor.association_id or ""})
    published = await uow.exemplars.listed({"published": True})
    seen: dict[str, Seen] = {}
    for exemplar in (*own, *published):
        if all(getattr(exemplar, k) == v for k, v in filters.items()):
            seen.setdefault(exemplar.id, _seen_by(actor, exemplar))
    return list(seen.values())


async def get_exemplar(uow: AwardsUnitOfWork, *, exemplar_id: str, actor: Actor) -> Seen:
    """One model with its stage history, replications and selections (or its public view)."""
    return _seen_by(actor, await _exemplar(uow, exemplar_id))


async def advance_exemplar(
    uow: AwardsUnitOfWork, *, exemplar_id: str, stage: str, reason: str, actor: Actor
) -> Exemplar:
    """Move the model to its next stage, with a reason; the history keeps who, when and why."""
    exemplar = await _exemplar(uow, exemplar_id)
    exemplar.advance(stage, by=actor.sub, at=datetime.now(UTC), reason=reason)
    await uow.exemplars.save(exemplar)
    return exemplar


async def replicate_exemplar(
    uow: AwardsUnitOfWork, *, exemplar_id: str, association_id: str, note: str, actor: Actor
) -> Seen:
    """Record another association adopting the practice (an officer for their own association)."""
    actor.ensure_may_act_for(association_id)
    exemplar = await _exemplar(uow, exemplar_id)
    if not actor.secretariat and not exemplar.published:
        raise NotFoundError(msg.NO_EXEMPLAR)  # an officer adopts what was published
    exemplar.adopt(association_id, by=actor.sub, at=datetime.now(UTC), note=note)
    await uow.exemplars.save(exemplar)
    return _seen_by(actor, exemplar)


async def convene_conference(
    uow: AwardsUnitOfWork, *, campaign_id: str, name: str, held_on: date, venue: str | None, actor: Actor
) -> Conference:
    """Convene an advanced-models conference of a campaign."""
    conference = Conference(
        id=new_id(), campaign_id=campaign_id, name=name, held_on=held_on, venue=venue, created_by=actor.sub
    )
    await uow.conferences.add(conference)
    return conference


async def get_conference(uow: AwardsUnitOfWork, *, conference_id: str) -> Conference:
    """One conference and the models selected for it."""
    conference = await uow.conferences.get(conference_id)
    if conference is None:
        raise NotFoundError(msg.NO_CONFERENCE)
    return conference


async def select_exemplars(
    uow: AwardsUnitOfWork, *, conference_id: str, exemplar_ids: Sequence[str], actor: Actor
) -> Conference:
    """Select summarized models of the campaign; each may then be nominated with its `achievement_ref`."""
    conference = await get_conference(uow, conference_id=conference_id)
    chosen = list(conference.exemplar_ids)
    for exemplar_id in dict.fromkeys(exemplar_ids):
        exemplar = await _exemplar(uow, exemplar_id)
        ensure_selectable(
            stage=exemplar.stage,
            campaign_id=exemplar.campaign_id,
            conference_campaign_id=conference.campaign_id,
        )
        if exemplar_id in chosen:
            continue
        chosen.append(exemplar_id)
        selection = Selection(
            conference_id=conference_id,
            by=actor.sub,
            at=datetime.now(UTC),
            achievement_ref=achievement_ref(exemplar_id),
        )
        exemplar.select(selection)
        await uow.exemplars.save(exemplar)
    conference = replace(conference, exemplar_ids=tuple(chosen))
    await uow.conferences.save(conference)
    return conference


async def publish_exemplar(
    uow: AwardsUnitOfWork,
    *,
    exemplar_id: str,
    title: str,
    story: str,
    summary: str | None,
    public_url: str | None,
    actor: Actor,
) -> PublicExemplar:
    """Publish the model's story and announce `exemplar.published` in the same transaction."""
    exemplar = await _exemplar(uow, exemplar_id)
    publication = Publication(
        title=title,
        story=story,
        summary=summary or exemplar.practice,
        public_url=public_url,
        published_at=datetime.now(UTC),
        published_by=actor.sub,
    )
    exemplar.publish(publication)
    await uow.exemplars.save(exemplar)
    await uow.emit(events.exemplar_published(exemplar), subject=exemplar_id)
    return public_view(exemplar)


async def published_exemplars(
    uow: AwardsUnitOfWork, *, skip: int, limit: int, campaign_id: str | None = None
) -> tuple[int, list[PublicExemplar]]:
    """The total and one page of published models (no token), newest first."""
    total, found = await uow.exemplars.published_page(skip=skip, limit=limit, campaign_id=campaign_id)
    return total, [public_view(e) for e in found]


@dataclass(frozen=True, kw_only=True)
class StageReport:
    """Per campaign: models at and having reached each stage, by association and field."""

    campaign_id: str
    stages: tuple[str, ...]
    rows: list[dict[str, Any]]
    reached: dict[str, int]


async def exemplar_report(uow: AwardsUnitOfWork, *, campaign_id: str) -> StageReport:
    """How far the campaign's models have come, by association and field."""
    found = await uow.exemplars.listed({"campaign_id": campaign_id}, limit=100_000)
    keys = ("association_id", "field_of_work", "stage")
    rows = stage_counts([{k: getattr(e, k) for k in keys} for e in found])
    totals = {s: sum(r["reached"][s] for r in rows) for s in STAGES}
    return StageReport(campaign_id=campaign_id, stages=STAGES, rows=rows, reached=totals)
