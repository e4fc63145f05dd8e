"""Rule 18 (NĐ152 Điều 4 k6): among equally qualified candidates, women and mostly-women collectives first.

Pure (stdlib only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Candidate:
    """Rule 18 input: one nomination; candidates with equal `qualification` are equally qualified."""

    ref: str
    qualification: tuple[object, ...]
    female: bool | None = None
    women: int | None = None
    members: int | None = None


def preferred(candidate: Candidate, *, share: Fraction) -> bool | None:
    """A woman, or a collective with at least `share` women; None when the facts lack gender."""
    if candidate.female is not None:
        return candidate.female
    if candidate.women is None or not candidate.members:
        return None
    return Fraction(candidate.women, candidate.members) >= share


def priority_order(candidates: Sequence[Candidate], *, share: Fraction) -> list[Candidate]:
    """Rule 18 (NĐ152 Điều 4 k6): among equally qualified candidates, the preferred ones come first.

    Pure and stable. Each group of equal qualification keeps the positions it occupies in the input; only
    its members are reordered (preferred first, otherwise in input order). A group in which any candidate's
    gender is unknown is left unchanged: nobody can be shown to be preferred over an unknown.
    """
    groups: dict[tuple[object, ...], list[int]] = {}
    for index, candidate in enumerate(candidates):
        groups.setdefault(candidate.qualification, []).append(index)
    ordered = list(candidates)
    for slots in groups.values():
        marks = [preferred(candidates[i], share=share) for i in slots]
        if None in marks:
            continue
        chosen = [i for i, mark in zip(slots, marks, strict=True) if mark]
        rest = [i for i, mark in zip(slots, marks, strict=True) if not mark]
        for slot, source in zip(slots, chosen + rest, strict=True):
            ordered[slot] = candidates[source]
    return ordered
