"""The ballot box: receipts need the key and the session's salt; sealed votes hide the vote and its length."""

from __future__ import annotations

import base64
import hashlib

import pytest
from awards.ballot_box import BallotKeyError, BallotKeys, new_salt
from awards.settings import DEV_BALLOT_KEY, AwardsSettings
from thidua.settings import SettingsError

KEY = base64.b64encode(b"k" * 32).decode()
OTHER = base64.b64encode(b"o" * 32).decode()


def keys(value: str = KEY) -> BallotKeys:
    return BallotKeys.of({"b1": value}, active="b1")


class TestReceipts:
    def test_the_same_member_and_nomination_give_the_same_receipt_in_one_session(self) -> None:
        salt = new_salt()
        assert keys().box("b1", salt).receipt("n-1", "m-1") == keys().box("b1", salt).receipt("n-1", "m-1")

    def test_without_the_key_or_the_salt_the_receipt_is_another(self) -> None:
        salt = new_salt()
        receipt = keys().box("b1", salt).receipt("n-1", "m-1")
        assert receipt != keys(OTHER).box("b1", salt).receipt("n-1", "m-1")
        assert receipt != keys().box("b1", new_salt()).receipt("n-1", "m-1")
        assert receipt != hashlib.sha256(b"s-1|n-1|m-1").hexdigest()
        assert receipt != keys().box("b1", salt).receipt("n-1", "m-2")


class TestSealedVotes:
    def test_a_sealed_vote_opens_to_its_nomination_and_vote(self) -> None:
        box = keys().box("b1", new_salt())
        receipt = box.receipt("n-1", "m-1")
        assert box.open(receipt, box.seal(receipt, "n-1", "abstain")) == ("n-1", "abstain")

    def test_every_vote_seals_to_the_same_length_and_never_twice_alike(self) -> None:
        box = keys().box("b1", new_salt())
        sealed = [box.seal("r", "n-1", vote) for vote in ("yes", "no", "abstain", "yes")]
        assert len({len(s) for s in sealed}) == 1 and len(set(sealed)) == 4

    def test_a_vote_moved_to_another_receipt_or_another_session_does_not_open(self) -> None:
        box = keys().box("b1", new_salt())
        sealed = box.seal("r-1", "n-1", "yes")
        with pytest.raises(BallotKeyError):
            box.open("r-2", sealed)
        with pytest.raises(BallotKeyError):
            keys().box("b1", new_salt()).open("r-1", sealed)


class TestSettings:
    def test_outside_dev_the_ballot_keys_are_required_and_the_dev_key_refused(self) -> None:
        common: dict[str, object] = {
            "env": "prod",
            "jwt_issuer": "i",
            "jwt_audience": "a",
            "jwt_secret": "x" * 40,
        }
        with pytest.raises(SettingsError, match="THIDUA_BALLOT_KEYS"):
            AwardsSettings(**common)  # type: ignore[arg-type]
        with pytest.raises(SettingsError, match="dev ballot key"):
            AwardsSettings(**common, ballot_keys={"b1": DEV_BALLOT_KEY}, ballot_active_key_id="b1")  # type: ignore[arg-type]
        with pytest.raises(SettingsError, match="32"):
            AwardsSettings(**common, ballot_keys={"b1": "c2hvcnQ="}, ballot_active_key_id="b1")  # type: ignore[arg-type]
        assert (
            AwardsSettings(**common, ballot_keys={"b1": KEY}, ballot_active_key_id="b1").ballots().active
            == "b1"
        )  # type: ignore[arg-type]

    def test_in_dev_the_dev_key_is_used(self) -> None:
        assert AwardsSettings(env="dev").ballots().active == "dev"
