"""A council session (phiên họp Hội đồng): roster, agenda, secret ballots as counts only, closure and minutes.

Pure (stdlib only). The tally itself is `awards.tally` (thresholds of ALL members, NĐ98 Điều 30 k7).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from awards import messages as msg
from awards.errors import NotOnAgenda, NotOnRoster, Recused, SessionClosed
from awards.jsonable import LATER
from awards.nomination import Nomination
from awards.tally import ABSTAIN, NO, YES, RecusalRule, Tally, tally

OPEN, CLOSED = "open", "closed"


@dataclass(frozen=True, kw_only=True)
class Member:
    """A council member on the session's roster; `association_id` recuses them from its nominations."""

    member_id: str
    name: str
    association_id: str | None = None
    present: bool = True


@dataclass(frozen=True, kw_only=True)
class VoteCount:
    """The counts of one nomination's ballots: never who voted how."""

    yes: int = 0
    no: int = 0
    abstain: int = 0

    def votes(self) -> list[str]:
        """The ballots as values, for the tally."""
        return [YES] * self.yes + [NO] * self.no + [ABSTAIN] * self.abstain


@dataclass(kw_only=True)
class SessionDraft:
    """What the secretariat convenes: the date, the roster and the agenda."""

    held_on: date
    campaign_id: str | None = None
    members: tuple[Member, ...]
    nomination_ids: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """One nomination's result as the minutes and `council.session_closed` give it."""

    nomination_id: str
    award_type_code: str
    yes: int
    no: int
    abstain: int
    recused: int
    base: int
    threshold: float
    required_yes: int
    passed: bool


@dataclass(kw_only=True)
class CouncilSession(SessionDraft):
    """A session and its counts; once closed, whether it had a quorum, its minutes and results."""

    id: str
    status: str = OPEN
    counts: dict[str, VoteCount] = field(default_factory=dict)
    """Zero while the session is open (votes are sealed in the ballot box); the totals once it closes."""
    created_by: str
    ballot_key_id: str = ""
    ballot_salt: str | None = field(default=None, metadata=LATER)
    """The ballot box's random salt (`awards.ballot_box`), erased at closure: no receipt can be recomputed."""
    ballots: int = 0
    """Ballots received (each ballot touches the session, so a closure racing a ballot conflicts with it)."""
    quorum_met: bool | None = field(default=None, metadata=LATER)
    minutes_document_id: str | None = field(default=None, metadata=LATER)
    results: tuple[Outcome, ...] | None = field(default=None, metadata=LATER)

    @classmethod
    def convene(cls, draft: SessionDraft, *, id: str, by: str, key_id: str, salt: str) -> CouncilSession:
        """A new open session: zero counts for every nomination on the agenda, its ballot box's salt."""
        counts = {n: VoteCount() for n in draft.nomination_ids}
        return cls(**vars(draft), id=id, counts=counts, created_by=by, ballot_key_id=key_id, ballot_salt=salt)

    def ensure_open(self) -> None:
        """Ballots and closure only while the session is open."""
        if self.status != OPEN:
            raise SessionClosed(msg.SESSION_CLOSED)

    def voter(self, member_id: str) -> Member:
        """The roster's member casting a ballot."""
        member = next((m for m in self.members if m.member_id == member_id), None)
        if member is None:
            raise NotOnRoster(msg.NOT_ON_ROSTER)
        return member

    def ensure_votable(self, member: Member, nomination_id: str, nominating_association: str | None) -> None:
        """On the agenda, and not a nomination of the member's own association (recusal)."""
        if nomination_id not in self.counts:
            raise NotOnAgenda(msg.NOT_ON_AGENDA.format(nomination_id=nomination_id))
        if member.association_id and nominating_association == member.association_id:
            raise Recused(msg.RECUSED)

    @property
    def present(self) -> int:
        """Members present (the others vote in writing)."""
        return sum(1 for m in self.members if m.present)

    def tally_for(self, nomination: Nomination, rule: RecusalRule) -> Tally:
        """The nomination's counts against its threshold of ALL members."""
        recused = sum(1 for m in self.members if m.association_id == nomination.association_id)
        return tally(
            self.counts[nomination.id].votes(),
            member_count=len(self.members),
            threshold=Fraction(nomination.vote_threshold or "1"),
            recused=recused,
            recusal_rule=rule,
        )

    def count(self, ballots: Iterable[tuple[str, str]]) -> None:
        """The counts of the opened ballot box's `(nomination_id, vote)` pairs, in aggregate."""
        totals = {n: Counter[str]() for n in self.nomination_ids}
        for nomination_id, vote in ballots:
            totals[nomination_id][vote] += 1
        self.counts = {n: VoteCount(yes=c[YES], no=c[NO], abstain=c[ABSTAIN]) for n, c in totals.items()}

    def close(self, *, quorum: bool, minutes_id: str, results: Sequence[Outcome]) -> None:
        """Closed: with its quorum, minutes and results; the ballot box's salt is forgotten."""
        self.status, self.quorum_met, self.ballot_salt = CLOSED, quorum, None
        self.minutes_document_id, self.results = minutes_id, tuple(results)

    def minutes(self, results: Sequence[Outcome], quorum: bool, objections: Mapping[str, int]) -> str:
        """The minutes (biên bản): counts only, never names, and the objections received at disclosure."""
        lines = [
            msg.MINUTES_HEADING.format(held_on=self.held_on.isoformat()),
            msg.MINUTES_ATTENDANCE.format(
                members=len(self.members), present=self.present, quorum="có" if quorum else "không"
            ),
        ]
        for r in results:
            lines.append(
                msg.MINUTES_LINE.format(
                    nomination_id=r.nomination_id,
                    code=r.award_type_code,
                    yes=r.yes,
                    base=r.base,
                    no=r.no,
                    abstain=r.abstain,
                    required=r.required_yes,
                    verdict="ĐẠT" if r.passed else "KHÔNG ĐẠT",
                    objections=objections.get(r.nomination_id, 0),
                )
            )
        return "\n".join(lines)


def outcome(nomination: Nomination, result: Tally, *, passed: bool) -> Outcome:
    """A nomination's line of the results."""
    return Outcome(
        nomination_id=nomination.id,
        award_type_code=nomination.award_type_code,
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
        recused=result.recused,
        base=result.base,
        threshold=float(result.threshold),
        required_yes=result.required_yes,
        passed=passed,
    )


@dataclass(frozen=True, kw_only=True)
class Minutes:
    """The stored minutes of a session."""

    id: str
    session_id: str
    text: str
