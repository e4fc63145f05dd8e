"""Records of exemplary models (điển hình tiên tiến) and conferences, with the rules of `awards.exemplars`.

Pure (stdlib only); stored and answered field for field (see `awards.jsonable`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from awards.domain import Actor
from awards.exemplars import Adoption, StageChange, adopt, advance, discover, ensure_publishable
from awards.jsonable import LATER


@dataclass(frozen=True, kw_only=True)
class Subject:
    """The collective or individual: name and unit only (no personal code, no contact data)."""

    kind: str
    name: str
    unit: str


@dataclass(frozen=True, kw_only=True)
class Selection:
    """A conference selected the model; it may then be nominated with this `achievement_ref`."""

    conference_id: str
    by: str
    at: datetime
    achievement_ref: str


@dataclass(frozen=True, kw_only=True)
class Publication:
    """The public story (Vietnamese) for the Union's website and journal."""

    title: str
    story: str
    summary: str
    public_url: str | None = None
    published_at: datetime
    published_by: str


@dataclass(kw_only=True)
class ExemplarDraft:
    """A collective or individual put forward as a model, with its practice and evidence."""

    association_id: str
    campaign_id: str
    subject: Subject
    practice: str
    evidence: tuple[str, ...]
    links: tuple[str, ...] = ()
    field_of_work: str


@dataclass(kw_only=True)
class Exemplar(ExemplarDraft):
    """An exemplary model (điển hình tiên tiến) and everything that happened to it."""

    id: str
    stage: str
    history: tuple[StageChange, ...]
    replications: tuple[Adoption, ...] = ()
    selections: tuple[Selection, ...] = ()
    published: bool = False
    created_by: str
    created_at: datetime
    published_at: datetime | None = field(default=None, metadata=LATER)
    publication: Publication | None = field(default=None, metadata=LATER)

    @classmethod
    def put_forward(cls, draft: ExemplarDraft, *, id: str, by: str, at: datetime, reason: str) -> Exemplar:
        """A new model, discovered: the first entry of its history says who, when and why."""
        first = discover(by=by, at=at, reason=reason)
        return cls(**vars(draft), id=id, stage=first.to_stage, history=(first,), created_by=by, created_at=at)

    def advance(self, target: str, *, by: str, at: datetime, reason: str) -> None:
        """Move to the next stage (see `advance`)."""
        change = advance(self.stage, target, adoptions=len(self.replications), by=by, at=at, reason=reason)
        self.stage, self.history = change.to_stage, (*self.history, change)

    def adopt(self, association_id: str, *, by: str, at: datetime, note: str) -> None:
        """Another association adopts the practice (see `adopt`)."""
        adopters = [r.association_id for r in self.replications]
        adoption = adopt(owner=self.association_id, stage=self.stage, adopters=adopters,
                         association_id=association_id, by=by, at=at, note=note)  # fmt: skip
        self.replications = (*self.replications, adoption)

    def select(self, selection: Selection) -> None:
        """A conference honours the model."""
        self.selections = (*self.selections, selection)

    def publish(self, publication: Publication) -> None:
        """Publish the story once, without personal data (see `ensure_publishable`)."""
        texts = (publication.title, publication.story, publication.summary)
        ensure_publishable(stage=self.stage, published=self.published, texts=texts)
        self.published, self.published_at, self.publication = True, publication.published_at, publication

    def full_view_for(self, actor: Actor) -> bool:
        """Staff and the owner see everything; others only the public view, once published."""
        return actor.staff or actor.association_id == self.association_id


@dataclass(frozen=True, kw_only=True)
class PublicExemplar:
    """A published model as anyone may see it: name, unit, field, stage and the story."""

    id: str
    kind: str
    name: str
    unit: str
    association_id: str
    campaign_id: str
    field_of_work: str
    stage: str
    title: str | None = None
    summary: str | None = None
    story: str | None = None
    public_url: str | None = None
    published_at: datetime | None = None


def public_view(exemplar: Exemplar) -> PublicExemplar:
    """The public view of a model (its story, once published)."""
    story = exemplar.publication
    return PublicExemplar(
        id=exemplar.id,
        kind=exemplar.subject.kind,
        name=exemplar.subject.name,
        unit=exemplar.subject.unit,
        association_id=exemplar.association_id,
        campaign_id=exemplar.campaign_id,
        field_of_work=exemplar.field_of_work,
        stage=exemplar.stage,
        title=story.title if story else None,
        summary=story.summary if story else None,
        story=story.story if story else None,
        public_url=story.public_url if story else None,
        published_at=exemplar.published_at,
    )


@dataclass(frozen=True, kw_only=True)
class Conference:
    """An advanced-models conference (Hội nghị điển hình tiên tiến) of a campaign and its selection."""

    id: str
    campaign_id: str
    name: str
    held_on: date
    venue: str | None = None
    exemplar_ids: tuple[str, ...] = ()
    created_by: str
