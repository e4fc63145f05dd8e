"""A filer's e-mail address sealed for notify alone (HPKE, RFC 9180: X25519, HKDF-SHA256, AES-256-GCM).

Grievance holds notify's public key and seals the one address a notice goes to; the event carries only the
sealed text. Notify holds the private key and opens it in memory at the moment it sends, then erases the
sealed text from its delivery. The notice id is bound into the encryption (HPKE `info`), so a sealed address
cannot be moved onto another notice. No other service, log or stored document ever sees the address.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import x25519
from cryptography.hazmat.primitives.hpke import AEAD, KDF, KEM, Suite

SUITE = Suite(KEM.X25519, KDF.HKDF_SHA256, AEAD.AES_256_GCM)
_INFO = b"thidua/party-mail/v1/"
_RAW = serialization.Encoding.Raw


class PartyMailError(ValueError):
    """A key is malformed or unknown, or a sealed address does not open for this notice."""


def new_keypair() -> tuple[str, str]:
    """A fresh (private, public) X25519 key pair, base64: the private one for notify, the public one
    for grievance."""
    private = x25519.X25519PrivateKey.generate()
    raw = private.private_bytes(_RAW, serialization.PrivateFormat.Raw, serialization.NoEncryption())
    return base64.b64encode(raw).decode(), public_of(base64.b64encode(raw).decode())


def public_of(private_b64: str) -> str:
    """The public key (base64) of a private key (base64)."""
    public = _private(private_b64).public_key()
    return base64.b64encode(public.public_bytes(_RAW, serialization.PublicFormat.Raw)).decode()


def _private(value: str) -> x25519.X25519PrivateKey:
    try:
        return x25519.X25519PrivateKey.from_private_bytes(base64.b64decode(value, validate=True))
    except ValueError as exc:
        raise PartyMailError("a party-mail private key must be 32 bytes, base64") from exc


def seal_address(address: str, *, public_key: str, key_id: str, notice_id: str) -> str:
    """`<key id>:<base64 HPKE ciphertext>` of the address, for this notice only."""
    try:
        public = x25519.X25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
    except ValueError as exc:
        raise PartyMailError("the party-mail public key must be 32 bytes, base64") from exc
    sealed = SUITE.encrypt(address.encode(), public, info=_INFO + notice_id.encode())
    return f"{key_id}:{base64.b64encode(sealed).decode()}"


class AddressOpener:
    """Opens sealed addresses with notify's private keys (several during a rotation)."""

    def __init__(self, private_keys: Mapping[str, str]) -> None:
        self._keys = {kid: _private(value) for kid, value in private_keys.items()}

    def open(self, sealed: str, *, notice_id: str) -> str:
        """The address in clear; PartyMailError for an unknown key, another notice or a tampered text."""
        key_id, _, text = sealed.partition(":")
        key = self._keys.get(key_id)
        if key is None:
            raise PartyMailError(f"party-mail key {key_id!r} is not configured")
        try:
            return SUITE.decrypt(base64.b64decode(text), key, info=_INFO + notice_id.encode()).decode()
        except (InvalidTag, ValueError) as exc:
            raise PartyMailError("the sealed address does not open for this notice") from exc
