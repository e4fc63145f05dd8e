"""Exemplary models (điển hình tiên tiến): pure stage rules, replication, publication and report counts.

The seed plan runs four stages in step: phát hiện (discovered), bồi dưỡng (fostered), tổng kết (summarized),
nhân rộng (replicated). A stage moves one step forward at a time, always with who, when and why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from awards import messages as msg
from awards.errors import StateConflict

DISCOVERED, FOSTERED, SUMMARIZED, REPLICATED = "discovered", "fostered", "summarized", "replicated"
STAGES = (DISCOVERED, FOSTERED, SUMMARIZED, REPLICATED)  # same values as thidua.contracts.awards
STAGE_NAMES = msg.STAGE_NAMES
# A story is told once the practice is summarized; conferences honour and others adopt summarized models.
PUBLISHABLE_FROM = SELECTABLE_FROM = ADOPTABLE_FROM = SUMMARIZED
ACHIEVEMENT_PREFIX = "exemplar:"  # the nomination's `achievement_ref` for an exemplar (rule 15 applies)
# Personal data a public story must not carry (only name, unit and achievement may be published).
PERSONAL_DATA = {
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "phone": re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.-]?\d){9,10}(?!\d)"),
    "id_number": re.compile(r"(?<!\d)(?:\d{12}|\d{9})(?!\d)"),  # CCCD (12) or CMND (9) numbers
}


class ExemplarRuleBroken(StateConflict):
    """A stage, replication, selection or publication rule is broken; `slug` names which."""

    def __init__(self, slug: str, detail: str) -> None:
        super().__init__(detail)
        self.slug = slug


class ExemplarInputRefused(ExemplarRuleBroken):
    """The input itself is refused: an unknown stage, a blank reason, personal data in a public text."""


@dataclass(frozen=True)
class StageChange:
    """One change of stage: from where to where, who made it, when and why."""

    from_stage: str | None
    to_stage: str
    by: str
    at: datetime
    reason: str


@dataclass(frozen=True)
class Adoption:
    """Another association adopted the practice (nhân rộng)."""

    association_id: str
    by: str
    at: datetime
    note: str


def _rank(stage: str) -> int:
    if stage not in STAGES:
        known = ", ".join(f"{s} ({STAGE_NAMES[s]})" for s in STAGES)
        raise ExemplarInputRefused("unknown-stage", msg.UNKNOWN_STAGE.format(stage=stage, known=known))
    return STAGES.index(stage)


def reached(stage: str, wanted: str) -> bool:
    """Whether `stage` is `wanted` or a later one."""
    return _rank(stage) >= _rank(wanted)


def next_stage(stage: str) -> str | None:
    """The stage after `stage`, or None at the last one."""
    rank = _rank(stage)
    return STAGES[rank + 1] if rank + 1 < len(STAGES) else None


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise ExemplarInputRefused("reason-required", msg.REASON_REQUIRED)
    return text


def discover(*, by: str, at: datetime, reason: str) -> StageChange:
    """The first entry of the history: the model is discovered (put forward)."""
    return StageChange(None, DISCOVERED, by, at, _reason(reason))


def advance(current: str, target: str, *, adoptions: int, by: str, at: datetime, reason: str) -> StageChange:
    """Move to the next stage only; `replicated` needs at least one adopting association on record."""
    expected = next_stage(current)
    _rank(target)
    if expected is None:
        raise ExemplarRuleBroken("last-stage", msg.LAST_STAGE.format(stage=STAGE_NAMES[current]))
    if target != expected:
        names = {
            "current": STAGE_NAMES[current],
            "expected": STAGE_NAMES[expected],
            "target": STAGE_NAMES[target],
        }
        raise ExemplarRuleBroken("not-next-stage", msg.NOT_NEXT_STAGE.format(**names))
    if target == REPLICATED and adoptions < 1:
        raise ExemplarRuleBroken("no-adoption", msg.NO_ADOPTION)
    return StageChange(current, target, by, at, _reason(reason))


def adopt(
    *, owner: str, stage: str, adopters: Iterable[str], association_id: str, by: str, at: datetime, note: str
) -> Adoption:
    """Record another association adopting a summarized practice, once per association."""
    if association_id == owner:
        raise ExemplarRuleBroken("own-model", msg.OWN_MODEL)
    if not reached(stage, ADOPTABLE_FROM):
        raise ExemplarRuleBroken("not-summarized", msg.ADOPT_SUMMARIZED)
    if association_id in set(adopters):
        raise ExemplarRuleBroken("already-adopted", msg.ALREADY_ADOPTED.format(association_id=association_id))
    return Adoption(association_id, by, at, note.strip())


def ensure_selectable(*, stage: str, campaign_id: str | None, conference_campaign_id: str) -> None:
    """A conference of a campaign honours summarized models of that campaign."""
    if campaign_id != conference_campaign_id:
        raise ExemplarRuleBroken("other-campaign", msg.OTHER_CAMPAIGN)
    if not reached(stage, SELECTABLE_FROM):
        raise ExemplarRuleBroken("not-summarized", msg.SELECT_SUMMARIZED)


def personal_data_in(text: str) -> list[str]:
    """Kinds of personal data found in a public text (e-mail, phone, ID number)."""
    return [kind for kind, pattern in PERSONAL_DATA.items() if pattern.search(text)]


def ensure_publishable(*, stage: str, published: bool, texts: Sequence[str]) -> None:
    """A summarized model's story is published once, without personal data beyond name, unit, achievement."""
    if published:
        raise ExemplarRuleBroken("already-published", msg.ALREADY_PUBLISHED)
    if not reached(stage, PUBLISHABLE_FROM):
        raise ExemplarRuleBroken("not-summarized", msg.PUBLISH_SUMMARIZED)
    found = sorted({kind for text in texts for kind in personal_data_in(text)})
    if found:
        kinds = ", ".join(msg.named(msg.PERSONAL_DATA_NAMES, kind) for kind in found)
        raise ExemplarInputRefused("personal-data", msg.PERSONAL_DATA.format(kinds=kinds))


def achievement_ref(exemplar_id: str) -> str:
    """The `achievement_ref` a nomination of this model carries (one achievement, one award)."""
    return f"{ACHIEVEMENT_PREFIX}{exemplar_id}"


def stage_counts(exemplars: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per association and field: how many models are at each stage and how many reached it."""
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for doc in exemplars:
        key = (str(doc["association_id"]), str(doc["field_of_work"]))
        row = rows.setdefault(
            key,
            {
                "association_id": key[0],
                "field_of_work": key[1],
                "at": dict.fromkeys(STAGES, 0),
                "reached": dict.fromkeys(STAGES, 0),
            },
        )
        row["at"][doc["stage"]] += 1
        for stage in STAGES[: _rank(doc["stage"]) + 1]:
            row["reached"][stage] += 1
    return [rows[key] for key in sorted(rows)]
