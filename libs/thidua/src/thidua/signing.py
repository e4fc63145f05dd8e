"""The local RS256 signing key of the embedded default: the portal signs its users' tokens with it,
serves its public half at `/.well-known/jwks.json`, and `thidua token` / `thidua seed-demo` sign with it
too, so every service verifies one algorithm from one issuer.

`thidua up` creates the key once under `var/keys/` (never committed); its `kid` is the RFC 7638 thumbprint.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DEFAULT_KEY_FILE = Path("var") / "keys" / "jwt-signing.pem"
KEY_FILE_VARIABLE = "THIDUA_JWT_SIGNING_KEY_FILE"
LOCAL_ISSUER = "http://127.0.0.1:8000"
LOCAL_AUDIENCE = "thidua"
JWKS_PATH = "/.well-known/jwks.json"


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class LocalKey:
    """An RSA private key (PEM) with its key id."""

    private_pem: bytes
    kid: str

    @classmethod
    def from_pem(cls, pem: bytes) -> LocalKey:
        """Load a PEM private key; the kid is the thumbprint of its public half."""
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the signing key must be an RSA private key")
        numbers = key.public_key().public_numbers()
        canonical = json.dumps(
            {"e": _b64(numbers.e), "kty": "RSA", "n": _b64(numbers.n)}, separators=(",", ":")
        )
        kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
        return cls(private_pem=pem, kid=kid)

    def public_jwk(self) -> dict[str, Any]:
        """The public key as a JWK (for the JWKS document)."""
        key = serialization.load_pem_private_key(self.private_pem, password=None)
        assert isinstance(key, rsa.RSAPrivateKey)
        numbers = key.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": _b64(numbers.n),
            "e": _b64(numbers.e),
        }


def generate_pem() -> bytes:
    """A fresh 2048-bit RSA private key in PEM (PKCS#8)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def ensure_key_file(path: Path) -> LocalKey:
    """Load the key at `path`, creating it (mode 0600) the first time."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(generate_pem())
    return LocalKey.from_pem(path.read_bytes())


def key_file(env: dict[str, str] | None = None) -> Path:
    """Where the local key lives: THIDUA_JWT_SIGNING_KEY_FILE, else var/keys/jwt-signing.pem."""
    values = os.environ if env is None else env
    chosen = values.get(KEY_FILE_VARIABLE)
    return Path(chosen) if chosen else DEFAULT_KEY_FILE


def load_local_key(env: dict[str, str] | None = None) -> LocalKey | None:
    """The local key when its file exists, else None."""
    path = key_file(env)
    return LocalKey.from_pem(path.read_bytes()) if path.is_file() else None


def jwks_document(*keys: LocalKey) -> dict[str, Any]:
    """A JWKS document with the public halves of `keys`."""
    return {"keys": [key.public_jwk() for key in keys]}
