"""The denouncer's identity, encrypted at rest with AES-GCM under a key id (LTC Điều 9 k1b, 47, 56)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class VaultError(RuntimeError):
    """A key is missing or malformed, or a ciphertext does not decrypt."""


class IdentityVault:
    """Encrypts with the active key; decrypts with any configured key (rotation keeps old keys)."""

    def __init__(self, *, keys: Mapping[str, str], active_key_id: str) -> None:
        self._keys = {kid: _decode_key(kid, value) for kid, value in keys.items()}
        if active_key_id not in self._keys:
            raise VaultError(f"the active identity key id {active_key_id!r} is not among the configured keys")
        self.active_key_id = active_key_id

    def seal(self, identity: Mapping[str, Any], *, grievance_id: str) -> dict[str, str]:
        """The encrypted identity, bound to its case by the associated data."""
        plain = json.dumps(dict(identity), ensure_ascii=False, sort_keys=True).encode()
        key_id, nonce, sealed = self.seal_bytes(plain, associated=grievance_id)
        return {
            "key_id": key_id,
            "nonce": base64.b64encode(nonce).decode(),
            "ciphertext": base64.b64encode(sealed).decode(),
        }

    def open(self, sealed: Mapping[str, str], *, grievance_id: str) -> dict[str, Any]:
        """The identity in clear; raises VaultError for an unknown key or a tampered record."""
        try:
            nonce, ciphertext = base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["ciphertext"])
        except ValueError as exc:
            raise VaultError("the identity record does not decrypt") from exc
        plain = self.open_bytes(sealed["key_id"], nonce, ciphertext, associated=grievance_id)
        result: dict[str, Any] = json.loads(plain)
        return result

    def seal_bytes(self, plain: bytes, *, associated: str) -> tuple[str, bytes, bytes]:
        """(key id, nonce, ciphertext) of `plain` under the active key; `associated` binds it to its owner."""
        nonce = os.urandom(12)
        sealed = AESGCM(self._keys[self.active_key_id]).encrypt(nonce, plain, associated.encode())
        return self.active_key_id, nonce, sealed

    def open_bytes(self, key_id: str, nonce: bytes, ciphertext: bytes, *, associated: str) -> bytes:
        """The clear bytes; raises VaultError for an unknown key or a tampered or moved record."""
        key = self._keys.get(key_id)
        if key is None:
            raise VaultError(f"identity key {key_id!r} is no longer configured")
        try:
            return AESGCM(key).decrypt(nonce, ciphertext, associated.encode())
        except Exception as exc:  # InvalidTag, a malformed nonce
            raise VaultError("the sealed record does not decrypt") from exc


def _decode_key(kid: str, value: str) -> bytes:
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError as exc:
        raise VaultError(f"identity key {kid!r} is not valid base64") from exc
    if len(key) not in (16, 24, 32):
        raise VaultError(f"identity key {kid!r} must be 16, 24 or 32 bytes (AES-GCM)")
    return key


def new_key() -> str:
    """A fresh random 256-bit key, base64 encoded (for operators rotating keys)."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode()
