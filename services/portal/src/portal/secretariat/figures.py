"""Statistics of the emulation work (pure): registrations, nominations, pass rates, awards and the share of
women, grouped by campaign, association, title or year, from what the services list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from portal.clients.awards import Nomination
from portal.clients.registration import Registration

PASSED = frozenset({"passed", "decided", "forwarded"})
VOTED = PASSED | {"vote_failed"}
AWARDED = frozenset({"decided"})


@dataclass
class Row:
    """One group's figures."""

    key: str
    registrations: int = 0
    nominations: int = 0
    voted: int = 0
    passed: int = 0
    awards: int = 0
    individuals: int = 0
    women: int = 0

    @property
    def pass_rate(self) -> float | None:
        """Passed among those the council (or the decision) considered, as a share."""
        considered = max(self.voted, self.passed)
        return self.passed / considered if considered else None

    @property
    def women_share(self) -> float | None:
        """Women among the individual nominees whose gender is known, as a share."""
        return self.women / self.individuals if self.individuals else None


def grouped(
    registrations: Iterable[Registration],
    nominations: Iterable[Nomination],
    *,
    reg_key: Callable[[Registration], str],
    nom_key: Callable[[Nomination], str],
) -> list[Row]:
    """The figures per group key, sorted by key."""
    rows: dict[str, Row] = defaultdict(lambda: Row(key=""))
    for r in registrations:
        if r.status != "withdrawn":
            row = rows[reg_key(r)]
            row.registrations += 1
    for n in nominations:
        row = rows[nom_key(n)]
        row.nominations += 1
        row.voted += n.status in VOTED
        row.passed += n.status in PASSED
        row.awards += n.status in AWARDED
        if n.nominee.kind == "individual" and n.gender.female is not None:
            row.individuals += 1
            row.women += bool(n.gender.female)
    for key, row in rows.items():
        row.key = key
    return [rows[k] for k in sorted(rows)]


def tables(
    registrations: list[Registration],
    nominations: list[Nomination],
    *,
    campaigns: dict[str, str],
    associations: dict[str, str],
) -> dict[str, list[Row]]:
    """The four views: per year, campaign, association and title."""
    no_campaign = "—"
    return {
        "year": grouped(
            registrations, nominations, reg_key=lambda r: str(r.year), nom_key=lambda n: str(n.year)
        ),
        "campaign": grouped(
            registrations, nominations,
            reg_key=lambda r: campaigns.get(r.campaign_id, r.campaign_id),
            nom_key=lambda n: campaigns.get(n.campaign_id or "", no_campaign),
        ),
        "association": grouped(
            registrations, nominations,
            reg_key=lambda r: associations.get(r.association_id, r.association_id),
            nom_key=lambda n: associations.get(n.association_id, n.association_id),
        ),
        "title": grouped([], nominations, reg_key=str, nom_key=lambda n: n.award_type_name),
    }  # fmt: skip
