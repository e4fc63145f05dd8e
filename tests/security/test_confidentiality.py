"""Confidentiality (issue 16, items 12 and 13), from the viewpoint of someone who reads the database.

Item 13: the council's secret ballot. A reader of the awards database (a backup, a stolen password) knows the
roster and the agenda; they must not be able to recompute a member's receipt, nor join a receipt to a vote,
while the session is open or after it closes. A member still votes once; the answer confirms receipt only.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pymongo
import pytest
from thidua.auth import COUNCIL, SECRETARIAT

from tests.security.conftest import Launcher, LiveApi, bearer, problem_of
from tests.support.awards import nomination

NAMESPACE = "confidential"
MEMBERS = ("uy-vien-1", "uy-vien-2", "uy-vien-3")


@pytest.fixture(scope="module")
def awards(launcher: Launcher, live_api: LiveApi) -> Iterator[tuple[httpx.Client, Any]]:
    """The awards API and its database, as the attacker reads it."""
    mongo: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(launcher.infra.mongo_url)
    with httpx.Client(base_url=live_api("awards", NAMESPACE).base_url, timeout=30) as api:
        yield api, mongo[launcher.database("awards", NAMESPACE)]
    mongo.close()


def _session(api: httpx.Client, db: Any, agenda: int = 2) -> tuple[str, list[str]]:
    """An open session of MEMBERS on `agenda` nominations (put straight to `submitted`: no facts needed)."""
    association = f"hoi-{uuid.uuid4().hex[:6]}"
    officer = bearer("association", association_id=association, sub="officer")
    nominations = []
    for i in range(agenda):
        body = nomination("CSTDCS", personal_code=f"P-{i}") | {"association_id": association}
        created = api.post("/nominations", json=body, headers=officer)
        assert created.status_code == 201, created.text
        nominations.append(created.json()["id"])
    db["nominations"].update_many({"_id": {"$in": nominations}}, {"$set": {"status": "submitted"}})
    roster = [{"member_id": m, "name": f"Ủy viên {m}"} for m in MEMBERS]
    body = {"held_on": "2026-01-20", "members": roster, "nomination_ids": nominations}
    opened = api.post("/council-sessions", json=body, headers=bearer(SECRETARIAT))
    assert opened.status_code == 201, opened.text
    assert not {"counts", "ballot_salt", "ballot_key_id"} & set(opened.json())
    return opened.json()["id"], nominations


def _ballot(api: httpx.Client, session_id: str, member: str, votes: dict[str, str]) -> httpx.Response:
    return api.post(
        f"/council-sessions/{session_id}/ballots", json={"votes": votes}, headers=bearer(COUNCIL, sub=member)
    )


def _guesses(session: dict[str, Any], nomination_id: str, member: str) -> set[str]:
    """What a database reader can compute from what the database and the roster tell them."""
    known = [session["_id"], nomination_id, member, str(session.get("ballot_salt", ""))]
    texts = {"|".join(known[:3]), "|".join(known), "".join(known), "\x00".join(known)}
    hashes = {hashlib.sha256(t.encode()).hexdigest() for t in texts}
    salt = known[3].encode()
    hashes |= {hmac.new(salt, t.encode(), hashlib.sha256).hexdigest() for t in texts}
    return hashes


def test_a_receipt_cannot_be_recomputed_and_nothing_joins_it_to_a_vote(
    awards: tuple[httpx.Client, Any],
) -> None:
    api, db = awards
    session_id, (first, second) = _session(api, db)
    votes = {
        MEMBERS[0]: {first: "yes", second: "no"},
        MEMBERS[1]: {first: "no", second: "abstain"},
        MEMBERS[2]: {first: "yes", second: "yes"},
    }
    for member, ballot in votes.items():
        answer = _ballot(api, session_id, member, ballot)
        assert answer.status_code == 201, answer.text
        assert answer.json() == {"session_id": session_id, "received": 2}  # receipt, never the votes

    session = db["council_sessions"].find_one({"_id": session_id})
    receipts = list(db["ballot_receipts"].find({"session_id": session_id}))
    assert len(receipts) == 6
    guesses = set().union(*(_guesses(session, n, m) for n in (first, second) for m in MEMBERS))
    assert not guesses & {r["_id"] for r in receipts}, "a receipt is recomputable from the roster"
    for receipt in receipts:
        assert set(receipt) == {"_id", "session_id", "sealed"}, receipt  # no time, sequence or ObjectId
        assert isinstance(receipt["_id"], str) and len(receipt["_id"]) == 64
    assert len({len(r["sealed"]) for r in receipts}) == 1, "a sealed vote's length tells the vote"
    dump = json.dumps(receipts)
    assert not any(v in dump for v in ("yes", "abstain", '"no"')) and not any(m in dump for m in MEMBERS)
    # no count moves while the session is open: a reader watching the counts learns nothing per ballot
    assert all(c == {"yes": 0, "no": 0, "abstain": 0} for c in session["counts"].values()), session["counts"]

    again = _ballot(api, session_id, MEMBERS[0], {first: "no"})
    assert again.status_code == 409 and problem_of(again)["type"].endswith("already-voted")

    closed = api.post(f"/council-sessions/{session_id}/closure", headers=bearer(SECRETARIAT))
    assert closed.status_code == 200, closed.text
    results = {r["nomination_id"]: r for r in closed.json()["results"]}
    assert (results[first]["yes"], results[first]["no"], results[first]["abstain"]) == (2, 1, 0)
    assert (results[second]["yes"], results[second]["no"], results[second]["abstain"]) == (1, 1, 1)

    after = db["council_sessions"].find_one({"_id": session_id})
    assert "ballot_salt" not in after, "the salt outlives the session: receipts stay recomputable"
    assert after["counts"][first] == {"yes": 2, "no": 1, "abstain": 0}
    kept = list(db["ballot_receipts"].find({"session_id": session_id}))
    assert len(kept) == 6 and all(set(r) == {"_id", "session_id"} for r in kept)  # proof of ballots only
