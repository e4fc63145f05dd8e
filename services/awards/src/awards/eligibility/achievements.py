"""Rule 15 (L22 Điều 5 k2): one achievement is rewarded once and in one form (stdlib only).

The rule is about the achievement, not the award type and year: an annual title (danh hiệu) is conferred once
per nominee per cycle; a form (Giấy khen, Bằng khen) once per achievement record, so a second Giấy khen in the
same year for another achievement (e.g. đột xuất) is lawful. Any award or live nomination that used the same
achievement record, in whatever form, bars another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

TITLE = "title"


@dataclass(frozen=True)
class Prior:
    """An award (not cancelled) or a live nomination of the same nominee."""

    ref: str
    code: str
    year: int
    commendation_type: str = "cong_trang"
    achievement_ref: str | None = None


@dataclass(frozen=True)
class Proposed:
    """What is being proposed, as rule 15 reads it."""

    kind: str
    code: str
    year: int
    commendation_type: str = "cong_trang"
    achievement_ref: str | None = None


def same_achievement(proposed: Proposed, priors: Iterable[Prior]) -> tuple[str | None, str | None]:
    """(a prior that is the same award for the same achievement, a prior that used the achievement record)."""
    found = list(priors)
    used = None
    if proposed.achievement_ref:
        used = next((p.ref for p in found if p.achievement_ref == proposed.achievement_ref), None)
    if proposed.kind == TITLE:
        duplicate = next((p.ref for p in found if p.code == proposed.code and p.year == proposed.year), None)
    elif proposed.achievement_ref:
        duplicate = None  # another achievement record: another award of the same form is lawful
    else:  # no record named: the same form, cycle and type are read as the same achievement
        duplicate = next(
            (
                p.ref
                for p in found
                if (p.code, p.year, p.commendation_type)
                == (proposed.code, proposed.year, proposed.commendation_type)
            ),
            None,
        )
    return duplicate, used
