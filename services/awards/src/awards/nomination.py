"""A nomination (đề nghị khen thưởng) and its parts: the draft an association proposes, the dossier and its
versions, objections, the council's count, and the rules of its life until a decision.

Pure (stdlib only); stored and answered field for field (see `awards.jsonable`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from awards import messages as msg
from awards.catalogue import PROVINCE, STATE, AwardType
from awards.domain import (
    BOARD_VISIBLE,
    DECIDED,
    DEFERRED,
    FAILED_VOTE,
    FINAL,
    FORWARDED,
    INCOMPLETE,
    OPEN_DOSSIER,
    PASSED,
    REJECTED,
    SUBMITTED,
    Actor,
    nominee_key,
    status_after_release,
)
from awards.eligibility import Report
from awards.errors import NominationClosed, NotDisclosable
from awards.jsonable import LATER
from awards.priority import Candidate


@dataclass(frozen=True, kw_only=True)
class Nominee:
    """Who is nominated: name and unit are public; the personal code is a key."""

    kind: str
    name: str
    unit: str
    personal_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class DossierItem:
    """One dossier document, identified by its content hash (frozen once submitted)."""

    kind: str
    filename: str
    sha256: str
    document_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Objection:
    """An objection received during disclosure: date, channel and what it says (no personal data kept); the
    minutes carry its content (L22 Điều 84 k5)."""

    received_on: date
    channel: str = "letter"
    grievance_id: str | None = None
    content: str | None = field(default=None, metadata=LATER)


@dataclass(frozen=True, kw_only=True)
class PublicObjection:
    """An objection (ý kiến) sent by anyone about a disclosed nomination; read by the secretariat only."""

    id: str
    disclosure_id: str
    nomination_id: str
    received_on: date
    content: str
    name: str | None = None
    contact: str | None = None


@dataclass(frozen=True, kw_only=True)
class CouncilResult:
    """The council's count for a nomination: yes votes against the base (ALL members)."""

    session_id: str
    yes: int
    base: int


@dataclass(frozen=True, kw_only=True)
class DossierVersion:
    """An earlier version of the dossier, kept unchanged when a supplement makes a new one."""

    version: int
    dossier: tuple[DossierItem, ...]
    report: Report


@dataclass(frozen=True, kw_only=True)
class Gender:
    """Rule 18 inputs: a woman (individual), or women among the members (collective); None when unknown."""

    female: bool | None = None
    women: int | None = None
    members: int | None = None


@dataclass(kw_only=True)
class Proposal:
    """What an association proposes: the nominee, the title or form, the achievement and the dossier."""

    association_id: str
    campaign_id: str | None = None
    award_type_code: str
    year: int
    period: str | None = None
    commendation_type: str = "cong_trang"
    nominee: Nominee
    achievement_report: str
    achievement_ref: str | None = None
    dossier: tuple[DossierItem, ...] = ()
    members_ldtt: int | None = None
    members_cstdcs: int | None = None
    maternity_leave: bool = False

    @property
    def key(self) -> str:
        """The nominee's key (see `nominee_key`)."""
        return nominee_key(
            self.nominee.kind, personal_code=self.nominee.personal_code, association_id=self.association_id
        )

    def proposal(self) -> dict[str, Any]:
        """The proposal's own fields (shallow), to build another record from them."""
        return {f.name: getattr(self, f.name) for f in fields(Proposal)}


@dataclass(kw_only=True)
class NominationDraft(Proposal):
    """A proposal as submitted; the use case checks it as the law stands on the day the server receives it."""

    considered_on: date | None = None


@dataclass(kw_only=True)
class Nomination(Proposal):
    """A nomination (đề nghị khen thưởng): the proposal, the award type's rules in force and the verdict."""

    id: str
    nominee_key: str
    status: str
    considered_on: date
    created_by: str
    gender: Gender = field(default_factory=Gender)
    award_type_name: str
    award_kind: str = "title"
    authority: str
    council_vote_required: bool
    vote_threshold: str | None = None
    rule_set: str
    version: int = 1
    report: Report
    status_before_hold: str
    objections: tuple[Objection, ...] | None = field(default=None, metadata=LATER)
    council: CouncilResult | None = field(default=None, metadata=LATER)
    award_id: str | None = field(default=None, metadata=LATER)
    forwarding_id: str | None = field(default=None, metadata=LATER)
    versions: tuple[DossierVersion, ...] | None = field(default=None, metadata=LATER)

    @classmethod
    def propose(
        cls,
        draft: NominationDraft,
        *,
        id: str,
        award_type: AwardType,
        report: Report,
        status: str,
        on: date,
        by: str,
        gender: Gender,
    ) -> Nomination:
        """A new nomination: the draft, the award type's rules in force on `on` and the verdict."""
        threshold = award_type.vote_threshold
        return cls(
            **draft.proposal(),
            id=id,
            nominee_key=draft.key,
            status=status,
            considered_on=on,
            created_by=by,
            gender=gender,
            award_type_name=award_type.name,
            award_kind=award_type.kind,
            authority=award_type.authority,
            council_vote_required=award_type.council_vote_required,
            vote_threshold=str(threshold) if threshold else None,
            rule_set=award_type.rule_set,
            report=report,
            status_before_hold=INCOMPLETE if report.missing else SUBMITTED,
        )

    def draft(self, **changes: Any) -> NominationDraft:
        """The nomination as a draft (e.g. to check it again with a supplemented dossier)."""
        return replace(NominationDraft(**self.proposal(), considered_on=self.considered_on), **changes)

    def ensure_supplementable(self) -> None:
        """A submitted dossier is frozen, but evidence may be added until the council takes it up."""
        if self.status not in OPEN_DOSSIER:
            raise NominationClosed(msg.NO_SUPPLEMENT.format(status=msg.named(msg.STATUS_NAMES, self.status)))

    def supplement(self, draft: NominationDraft, *, report: Report, status: str) -> None:
        """A new dossier version checked again; the earlier dossier and report are kept in `versions`."""
        self.ensure_supplementable()
        earlier = DossierVersion(version=self.version, dossier=self.dossier, report=self.report)
        self.versions = (*(self.versions or ()), earlier)
        self.dossier, self.achievement_report = draft.dossier, draft.achievement_report
        self.version += 1
        self.status, self.report = status, report
        self.status_before_hold = INCOMPLETE if report.missing else SUBMITTED

    @property
    def holdable(self) -> bool:
        """Not final: a grievance may still hold it."""
        return self.status not in FINAL

    def defer(self) -> None:
        """Hold it (kept out of sessions and decisions), remembering where it was."""
        if self.status != DEFERRED:
            self.status_before_hold, self.status = self.status, DEFERRED

    def resume(self, *, other_holds: int) -> None:
        """A hold is lifted: back where it was, unless other holds remain."""
        self.status = status_after_release(
            missing=False, open_holds=other_holds, before_hold=self.status_before_hold
        )

    def refuse(self) -> None:
        """Refused at the eligibility or dossier check: only a dossier not yet before the council, never a
        held one (a hold defers, never refuses)."""
        if self.status not in (INCOMPLETE, SUBMITTED):
            raise NominationClosed(msg.NO_REFUSAL.format(status=msg.named(msg.STATUS_NAMES, self.status)))
        self.status = REJECTED

    def reject(self) -> None:
        """A violation was found: no award."""
        self.status = REJECTED

    def ready_for_decision(self, authority: str) -> bool:
        """Union: passed the council, or needs no vote and is complete. Province: forwarded, and of its own
        authority (a State-level title or form goes on to the State; the province does not confer it here).
        Never held."""
        if authority == PROVINCE:
            return self.status == FORWARDED and self.authority != STATE
        return self.status == PASSED or (self.status == SUBMITTED and not self.council_vote_required)

    @property
    def ready_for_council(self) -> bool:
        """Complete, not held, and of a type the council votes on."""
        return self.status == SUBMITTED and self.council_vote_required

    def record_vote(self, result: CouncilResult, *, passed: bool) -> None:
        """The council's count (only with a quorum) decides whether it passed."""
        self.council, self.status = result, PASSED if passed else FAILED_VOTE

    def decide(self, award_id: str) -> None:
        """Awarded by a decision."""
        self.status, self.award_id = DECIDED, award_id

    def forward(self, forwarding_id: str) -> None:
        """Submitted to the province, whose authority the award is."""
        self.status, self.forwarding_id = FORWARDED, forwarding_id

    def ensure_disclosable(self) -> None:
        """A rejected or incomplete nomination is not put on the public list."""
        if self.status in (REJECTED, INCOMPLETE):
            raise NotDisclosable(msg.NOT_DISCLOSABLE.format(status=msg.named(msg.STATUS_NAMES, self.status)))

    def add_objection(self, objection: Objection) -> int:
        """Record an objection; the council's minutes report how many there were."""
        self.objections = (*(self.objections or ()), objection)
        return len(self.objections)

    def visible_to(self, actor: Actor) -> bool:
        """Staff see every nomination, the board forwarded ones, an association its own."""
        return (
            actor.staff
            or (actor.board and self.status in BOARD_VISIBLE)
            or (actor.association_id == self.association_id)
        )

    def candidate(self) -> Candidate:
        """Rule 18: equally qualified means same award type, year, status and council yes count."""
        individual, collective = self.nominee.kind == "individual", self.nominee.kind == "collective"
        return Candidate(
            ref=self.id,
            qualification=(self.award_type_code, self.year, self.status, self.council and self.council.yes),
            female=self.gender.female if individual else None,
            women=self.gender.women if collective else None,
            members=self.gender.members,
        )


@dataclass(frozen=True, kw_only=True)
class EvidenceDocument:
    """An uploaded evidence file's metadata; a dossier item naming it must carry the same SHA-256."""

    id: str
    association_id: str
    filename: str
    media_type: str
    size_bytes: int
    sha256: str

    def matches(self, item: DossierItem, *, association_id: str) -> bool:
        """The item names this document of this association, with its content hash."""
        return self.association_id == association_id and self.sha256 == item.sha256
