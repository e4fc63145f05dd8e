"""Use cases of the council: convene a session, cast secret ballots (counts only), close and tally it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from fractions import Fraction

from thidua.contracts.base import new_id

from awards import events
from awards import messages as msg
from awards.ballot_box import BallotKeys, new_salt
from awards.domain import SUBMITTED
from awards.eligibility.rules import param_share
from awards.errors import AlreadyVoted, NominationsNotReady, NotFoundError, SessionClosed
from awards.nomination import CouncilResult, Nomination
from awards.priority import priority_order
from awards.session import CouncilSession, Minutes, Outcome, SessionDraft, outcome
from awards.tally import RecusalRule, quorum_met
from awards.uow import AwardsUnitOfWork


async def open_session(
    uow: AwardsUnitOfWork, *, draft: SessionDraft, actor: str, keys: BallotKeys
) -> CouncilSession:
    """Convene a session for nominations that need a vote and are not held, with a new ballot box; the agenda
    follows rule 18's tie-break (NĐ152 Điều 4 k6) among nominations that are otherwise equal."""
    unfit, ready = [], []
    for nomination_id in draft.nomination_ids:
        nomination = await uow.nominations.get(nomination_id)
        if nomination is not None and nomination.ready_for_council:
            ready.append(nomination)
        if nomination is None or not nomination.ready_for_council:
            unfit.append(
                {"nomination_id": nomination_id, "status": nomination.status if nomination else "not_found"}
            )
    if unfit:
        raise NominationsNotReady(msg.NOT_FOR_THE_COUNCIL, unfit)
    ranked = priority_order([n.candidate() for n in ready], share=param_share("tie_break_women"))
    draft = replace(draft, nomination_ids=tuple(c.ref for c in ranked))
    session = CouncilSession.convene(draft, id=new_id(), by=actor, key_id=keys.active, salt=new_salt())
    await uow.sessions.add(session)
    return session


async def _open(uow: AwardsUnitOfWork, session_id: str) -> CouncilSession:
    session = await uow.sessions.get(session_id)
    if session is None:
        raise NotFoundError(msg.NO_SESSION.format(session_id=session_id))
    session.ensure_open()
    return session


async def cast_ballot(
    uow: AwardsUnitOfWork, *, session_id: str, member_id: str, votes: Mapping[str, str], keys: BallotKeys
) -> int:
    """Put one member's votes (in person or written) in the ballot box; one per member per nomination."""
    session = await _open(uow, session_id)
    if session.ballot_salt is None:
        raise SessionClosed(msg.SESSION_WITHOUT_BALLOT_BOX)
    box = keys.box(session.ballot_key_id, session.ballot_salt)
    member = session.voter(member_id)
    for nomination_id, vote in sorted(votes.items()):
        nomination = await uow.nominations.get(nomination_id) if nomination_id in session.counts else None
        session.ensure_votable(member, nomination_id, nomination.association_id if nomination else None)
        receipt = box.receipt(nomination_id, member_id)
        sealed = box.seal(receipt, nomination_id, vote)
        if not await uow.receipts.claim(receipt, session_id=session_id, sealed=sealed):
            raise AlreadyVoted(msg.ALREADY_VOTED)
    if not await uow.sessions.receive_ballot(session_id):
        raise SessionClosed(msg.SESSION_CLOSED)
    return len(votes)


async def close_session(
    uow: AwardsUnitOfWork,
    *,
    session_id: str,
    quorum_share: Fraction,
    recusal_rule: RecusalRule,
    keys: BallotKeys,
) -> CouncilSession:
    """Open the ballot box, tally every nomination on the agenda against ALL members, write the minutes."""
    session = await _open(uow, session_id)
    if session.ballot_salt is not None:
        box = keys.box(session.ballot_key_id, session.ballot_salt)
        session.count(box.open(receipt, sealed) for receipt, sealed in await uow.receipts.sealed(session_id))
        await uow.receipts.unseal(session_id)
    quorum = quorum_met(present=session.present, member_count=len(session.members), share=quorum_share)
    objections: dict[str, int] = {}
    results: list[Outcome] = []
    not_passed: list[tuple[Nomination, Outcome]] = []
    for nomination_id in session.nomination_ids:
        nomination = await uow.nominations.get(nomination_id)
        if nomination is None or nomination.status != SUBMITTED:
            continue  # deferred since the session opened: kept out (NĐ152 Điều 4 k4)
        objections[nomination_id] = len(
            nomination.objections or ()
        )  # reported to the council (L22 Điều 84 k5)
        tallied = session.tally_for(nomination, recusal_rule)
        passed = quorum and tallied.passed  # without a quorum nothing passes: the nomination stays listed
        if quorum:
            result = CouncilResult(session_id=session_id, yes=tallied.yes, base=tallied.base)
            nomination.record_vote(result, passed=passed)
            await uow.nominations.save(nomination)
        results.append(outcome(nomination, tallied, passed=passed))
        if quorum and not passed:
            not_passed.append((nomination, results[-1]))
    minutes = Minutes(id=new_id(), session_id=session_id, text=session.minutes(results, quorum, objections))
    await uow.minutes.add(minutes)
    session.close(quorum=quorum, minutes_id=minutes.id, results=results)
    await uow.sessions.save(session)
    await uow.emit(events.council_session_closed(session, results), subject=session_id)
    for nomination, lost in not_passed:  # every nominee the council did not pass is told so, with counts
        await uow.emit(events.nomination_not_passed(nomination, session, lost), subject=nomination.id)
    return session
