"""Council sessions: roster, secret ballots (counts only), recusal, quorum, closure and minutes."""

from __future__ import annotations

import hashlib
from fractions import Fraction
from typing import Any

from thidua.contracts.awards import CouncilSessionClosed, SessionResult
from thidua.contracts.base import new_id
from thidua.http.problems import Conflict, Forbidden, NotFound
from thidua.mongo import DuplicateKeyError

from awards.domain import FAILED_VOTE, PASSED, SUBMITTED
from awards.repository import MINUTES, NOMINATIONS, RECEIPTS, SESSIONS
from awards.schemas import BallotIn, SessionIn
from awards.tally import RecusalRule, Tally, quorum_met, tally
from awards.uow import AwardsUnitOfWork


def _receipt_id(session_id: str, nomination_id: str, member_id: str) -> str:
    """A receipt proves a member voted once, and cannot be joined to the vote (the counts are apart)."""
    return hashlib.sha256(f"{session_id}|{nomination_id}|{member_id}".encode()).hexdigest()


async def create_session(uow: AwardsUnitOfWork, *, cmd: SessionIn, actor: str) -> dict[str, Any]:
    """Open a session for nominations that need a vote and are not held."""
    unfit = []
    for nomination_id in cmd.nomination_ids:
        doc = await uow.repo.get(NOMINATIONS, nomination_id)
        if doc is None or doc["status"] != SUBMITTED or not doc["council_vote_required"]:
            unfit.append({"nomination_id": nomination_id, "status": doc["status"] if doc else "not_found"})
    if unfit:
        raise Conflict(
            "Some nominations cannot go to the council.", slug="nominations-not-ready", nominations=unfit
        )
    session = cmd.model_dump(mode="json") | {
        "_id": new_id(),
        "status": "open",
        "counts": {n: {"yes": 0, "no": 0, "abstain": 0} for n in cmd.nomination_ids},
        "created_by": actor,
    }
    await uow.repo.insert(SESSIONS, session)
    return session


async def _open_session(uow: AwardsUnitOfWork, session_id: str) -> dict[str, Any]:
    session = await uow.repo.get(SESSIONS, session_id)
    if session is None:
        raise NotFound(f"No council session {session_id}.")
    if session["status"] != "open":
        raise Conflict("The session is closed.", slug="session-closed")
    return session


async def cast_ballot(uow: AwardsUnitOfWork, *, session_id: str, member_id: str, cmd: BallotIn) -> int:
    """Count one member's votes (in person or written); one ballot per member per nomination."""
    session = await _open_session(uow, session_id)
    member = next((m for m in session["members"] if m["member_id"] == member_id), None)
    if member is None:
        raise Forbidden("Only a member on this session's roster may vote.")
    for nomination_id, vote in sorted(cmd.votes.items()):
        if nomination_id not in session["counts"]:
            raise Conflict(
                f"Nomination {nomination_id} is not on this session's agenda.", slug="not-on-agenda"
            )
        nomination = await uow.repo.get(NOMINATIONS, nomination_id)
        if (
            member.get("association_id")
            and nomination
            and nomination["association_id"] == member["association_id"]
        ):
            raise Conflict("A member from the nominee's own association is recused.", slug="recused")
        try:
            await uow.repo.insert(RECEIPTS, {"_id": _receipt_id(session_id, nomination_id, member_id)})
        except DuplicateKeyError as exc:
            raise Conflict("This member has already voted on this nomination.", slug="already-voted") from exc
        await uow.repo.inc(SESSIONS, session_id, {f"counts.{nomination_id}.{vote}": 1})
    return len(cmd.votes)


def _recused(session: dict[str, Any], nomination: dict[str, Any]) -> int:
    return sum(1 for m in session["members"] if m.get("association_id") == nomination["association_id"])


def _result(session: dict[str, Any], nomination: dict[str, Any], rule: RecusalRule) -> Tally:
    counts = session["counts"][nomination["_id"]]
    votes = ["yes"] * counts["yes"] + ["no"] * counts["no"] + ["abstain"] * counts["abstain"]
    threshold = Fraction(nomination["vote_threshold"] or "1")
    return tally(
        votes,
        member_count=len(session["members"]),
        threshold=threshold,
        recused=_recused(session, nomination),
        recusal_rule=rule,
    )


def _minutes(
    session: dict[str, Any], results: list[SessionResult], quorum: bool, objections: dict[str, int]
) -> str:
    lines = [
        f"BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG ngày {session['held_on']}",
        f"Tổng số thành viên: {len(session['members'])}; có mặt: {_present(session)}; "
        f"đủ điều kiện: {'có' if quorum else 'không'}",
    ]
    for r in results:
        lines.append(
            f"- {r.nomination_id} ({r.award_type_code}): đồng ý {r.yes}/{r.base}, không {r.no}, "
            f"phiếu trắng {r.abstain}, cần {r.required_yes}: {'ĐẠT' if r.passed else 'KHÔNG ĐẠT'}; "
            f"ý kiến phản ánh khi công khai: {objections.get(r.nomination_id, 0)}"
        )
    return "\n".join(lines)


def _present(session: dict[str, Any]) -> int:
    return sum(1 for m in session["members"] if m.get("present", True))


async def _decide_one(
    uow: AwardsUnitOfWork,
    session: dict[str, Any],
    nomination_id: str,
    *,
    quorum: bool,
    rule: RecusalRule,
    objections: dict[str, int],
) -> SessionResult | None:
    """Tally one nomination; without a quorum nothing passes and the nomination stays on the list."""
    nomination = await uow.repo.get(NOMINATIONS, nomination_id)
    if nomination is None or nomination["status"] != SUBMITTED:
        return None  # deferred since the session opened: kept out (NĐ152 Điều 4 k4)
    objections[nomination_id] = len(
        nomination.get("objections", [])
    )  # reported to the council (L22 Điều 84 k5)
    t = _result(session, nomination, rule)
    passed = quorum and t.passed
    if quorum:
        council = {"session_id": session["_id"], "yes": t.yes, "base": t.base}
        await uow.repo.set(
            NOMINATIONS, nomination_id, {"status": PASSED if passed else FAILED_VOTE, "council": council}
        )
    return SessionResult(
        nomination_id=nomination_id,
        award_type_code=nomination["award_type_code"],
        yes=t.yes,
        no=t.no,
        abstain=t.abstain,
        recused=t.recused,
        base=t.base,
        threshold=float(t.threshold),
        required_yes=t.required_yes,
        passed=passed,
    )


async def close_session(
    uow: AwardsUnitOfWork, *, session_id: str, quorum_share: Fraction, recusal_rule: RecusalRule
) -> dict[str, Any]:
    """Tally every nomination still on the agenda against ALL members, write the minutes, announce."""
    session = await _open_session(uow, session_id)
    quorum = quorum_met(present=_present(session), member_count=len(session["members"]), share=quorum_share)
    objections: dict[str, int] = {}
    results = [
        r
        for n in session["nomination_ids"]
        if (r := await _decide_one(uow, session, n, quorum=quorum, rule=recusal_rule, objections=objections))
        is not None
    ]
    minutes_id = new_id()
    await uow.repo.insert(
        MINUTES,
        {"_id": minutes_id, "session_id": session_id, "text": _minutes(session, results, quorum, objections)},
    )
    summary = {
        "status": "closed",
        "quorum_met": quorum,
        "minutes_document_id": minutes_id,
        "results": [r.model_dump(mode="json") for r in results],
    }
    await uow.repo.set(SESSIONS, session_id, summary)
    event = CouncilSessionClosed(
        session_id=session_id,
        campaign_id=session.get("campaign_id"),
        held_on=session["held_on"],
        member_count=len(session["members"]),
        present_count=_present(session),
        quorum_met=quorum,
        results=results,
        minutes_document_id=minutes_id,
    )
    await uow.emit(event, subject=session_id)
    return summary
