"""The ballot box: receipts that prove a member voted once, and votes sealed until the session closes.

A receipt is HMAC-SHA256, under a configured ballot key, of the session's random salt, the nomination and the
member. The key is a secret setting (`THIDUA_BALLOT_KEYS`), never in the database, so a reader of the database
cannot recompute a member's receipt from the roster; the salt is random per session, so receipts of two
sessions are unrelated; and the salt is erased when the session closes, so afterwards nobody (the key holder
included) can. Why a key in settings plus a salt rather than a per-session secret sealed in the session: the
same trust root either way (a configured key), but nothing to decrypt, and erasing the salt forgets the link.

Each vote is sealed (AES-GCM under a key derived from the ballot key and the salt, a plaintext of one length
whatever the vote) inside its receipt, and no count is written while the session is open: the counts are
written once, at closure, as aggregates, and the sealed votes are then removed. So neither the receipts nor
the counts carry a timestamp, a sequence or an ordered id that joins one receipt to one vote.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_CODES = {"yes": "y", "no": "n", "abstain": "a"}
_VOTES = {code: vote for vote, code in _CODES.items()}
_NONCE = 12


class BallotKeyError(ValueError):
    """A ballot key is missing or malformed, or a sealed vote does not open under its session's key."""


@dataclass(frozen=True)
class BallotKeys:
    """The configured ballot keys (id -> key) and the one a newly opened session uses."""

    keys: Mapping[str, bytes]
    active: str

    @classmethod
    def of(cls, encoded: Mapping[str, str], *, active: str) -> BallotKeys:
        """Keys from their base64 settings values (each at least 32 bytes)."""
        keys: dict[str, bytes] = {}
        for key_id, value in encoded.items():
            try:
                raw = base64.b64decode(value, validate=True)
            except binascii.Error:
                raise BallotKeyError(f"key {key_id!r} is not base64") from None
            if len(raw) < 32:
                raise BallotKeyError(f"key {key_id!r} has {len(raw)} bytes, at least 32 are needed")
            keys[key_id] = raw
        if active not in keys:
            raise BallotKeyError(f"the active key id {active!r} is not one of the keys")
        return cls(keys, active)

    def box(self, key_id: str, salt: str) -> Box:
        """The ballot box of a session opened under `key_id` with `salt`."""
        if key_id not in self.keys:
            raise BallotKeyError(f"the ballot key {key_id!r} of this session is no longer configured")
        return Box(self.keys[key_id], base64.b64decode(salt))


def new_salt() -> str:
    """A session's random salt (32 bytes, base64)."""
    return base64.b64encode(os.urandom(32)).decode()


@dataclass(frozen=True)
class Box:
    """One open session's receipts and sealed votes."""

    key: bytes
    salt: bytes

    def _mac(self, purpose: str, *parts: str) -> bytes:
        message = b"\x00".join([purpose.encode(), self.salt, *(p.encode() for p in parts)])
        return hmac.new(self.key, message, hashlib.sha256).digest()

    def receipt(self, nomination_id: str, member_id: str) -> str:
        """The member's receipt for a nomination: the same on a second ballot, so it cannot count twice."""
        return self._mac("receipt", nomination_id, member_id).hex()

    def seal(self, receipt: str, nomination_id: str, vote: str) -> str:
        """The vote sealed to its receipt (one length whatever the vote)."""
        nonce = os.urandom(_NONCE)
        plain = (_CODES[vote] + nomination_id).encode()
        sealed = AESGCM(self._mac("seal")).encrypt(nonce, plain, receipt.encode())
        return base64.b64encode(nonce + sealed).decode()

    def open(self, receipt: str, sealed: str) -> tuple[str, str]:
        """`(nomination_id, vote)` of a sealed vote, at closure."""
        raw = base64.b64decode(sealed)
        try:
            plain = AESGCM(self._mac("seal")).decrypt(raw[:_NONCE], raw[_NONCE:], receipt.encode()).decode()
        except InvalidTag:
            raise BallotKeyError("a sealed vote does not open under this session's key") from None
        return plain[1:], _VOTES[plain[0]]
