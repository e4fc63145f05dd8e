"""Every service refuses bad bearer tokens with a 401 problem+json, in HS256 mode and in RS256 (JWKS) mode.

HS256: tampered payload (signature kept), expired, `alg=none`, another secret, another HMAC algorithm,
missing `sub`, `roles` or `exp`, malformed claims and headers. RS256: the service verifies against a JWKS
document served on 127.0.0.1 by the test; an HS256 token (signed with the old shared secret, or with the
public key itself, the classic algorithm confusion) and an RS256 token of another key are refused, while a
token of the identity provider's key is accepted (positive control in both modes).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from thidua.auth import ASSOCIATION, GRIEVANCE_OFFICER, SECRETARIAT

from tests.security.conftest import JWT_SECRET, SERVICES, Launcher, LiveApi, problem_of
from tests.support import tokens

pytestmark = pytest.mark.integration

# A protected route of each service and the roles that may call it.
PROTECTED: dict[str, tuple[str, str, list[str]]] = {
    "registration": ("GET", "/campaigns", [SECRETARIAT]),
    "awards": ("GET", "/award-types", [SECRETARIAT]),
    "grievance": ("GET", "/grievances", [GRIEVANCE_OFFICER]),
    "notify": ("GET", "/notifications", [SECRETARIAT]),
}
KID = "idp-key-1"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def claims(roles: list[str], /, **changes: Any) -> dict[str, Any]:
    """Valid ThiĐua claims, with `changes` applied (a value of None removes the claim)."""
    now = datetime.now(UTC)
    base: dict[str, Any] = {
        "sub": "tester",
        "roles": roles,
        "iss": tokens.ISSUER,
        "aud": tokens.AUDIENCE,
        "iat": now,
        "exp": now + timedelta(minutes=30),
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def hs256(payload: dict[str, Any], secret: str = JWT_SECRET, algorithm: str = "HS256") -> str:
    return jwt.encode(payload, secret, algorithm=algorithm)


def tampered(token: str, **changes: Any) -> str:
    """The token with its payload edited and the original signature kept."""
    header, payload, signature = token.split(".")
    body = json.loads(_unb64(payload)) | changes
    return ".".join((header, _b64(json.dumps(body).encode()), signature))


def unsigned(payload: dict[str, Any]) -> str:
    """An `alg=none` token (no signature)."""
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    plain = {k: int(v.timestamp()) if isinstance(v, datetime) else v for k, v in payload.items()}
    return f"{header}.{_b64(json.dumps(plain).encode())}."


def hs256_with_public_key(idp: Idp, payload_b64: str) -> str:
    """An HS256 token keyed with the RS256 public key (algorithm confusion); pyjwt refuses to make one."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KID}).encode())
    signature = hmac.new(idp.public_pem, f"{header}.{payload_b64}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload_b64}.{_b64(signature)}"


def hs_bad_tokens(roles: list[str]) -> dict[str, str]:
    """Each defect an HS256 service must refuse, by name."""
    good = hs256(claims(roles))
    past = datetime.now(UTC) - timedelta(hours=2)
    return {
        "tampered-roles": tampered(good, roles=[*roles, SECRETARIAT, GRIEVANCE_OFFICER]),
        "tampered-sub": tampered(good, sub="someone-else"),
        "expired": hs256(claims(roles, iat=past - timedelta(hours=1), exp=past)),
        "alg-none": unsigned(claims(roles)),
        "another-secret": hs256(claims(roles), secret="another-secret-" + "z" * 40),
        "another-hmac-algorithm": hs256(claims(roles), algorithm="HS384"),
        "missing-sub": hs256(claims(roles, sub=None)),
        "missing-roles": hs256(claims(roles, roles=None)),
        "missing-exp": hs256(claims(roles, exp=None)),
        "missing-iss": hs256(claims(roles, iss=None)),
        "missing-aud": hs256(claims(roles, aud=None)),
        "missing-iat": hs256(claims(roles, iat=None)),
        "another-issuer": hs256(claims(roles, iss="https://evil.example")),
        "another-audience": hs256(claims(roles, aud="another-api")),
        "lives-a-day": hs256(claims(roles, exp=datetime.now(UTC) + timedelta(days=1))),
        "roles-not-a-list": hs256(claims(roles, roles=roles[0])),
        "association-without-id": hs256(claims([ASSOCIATION])),
        "not-a-jwt": "not.a.jwt",
        "garbage": "x" * 40,
    }


def assert_unauthorized(answer: httpx.Response, why: str) -> None:
    assert answer.status_code == 401, (why, answer.status_code, answer.text)
    assert answer.headers.get("www-authenticate", "").startswith("Bearer"), why
    assert problem_of(answer)["type"].endswith("/unauthorized"), why


def _call(api_url: str, service: str, authorization: str | None) -> httpx.Response:
    method, path, _ = PROTECTED[service]
    headers = {} if authorization is None else {"Authorization": authorization}
    return httpx.request(method, api_url + path, headers=headers, timeout=30)


@pytest.mark.parametrize("service", SERVICES)
def test_hs256_service_refuses_every_bad_token(live_api: LiveApi, service: str) -> None:
    url, roles = live_api(service, "fuzz").base_url, PROTECTED[service][2]
    assert _call(url, service, f"Bearer {hs256(claims(roles))}").status_code == 200  # positive control
    for why, token in hs_bad_tokens(roles).items():
        assert_unauthorized(_call(url, service, f"Bearer {token}"), why)
    for why, header in {
        "no-token": None,
        "not-bearer": f"Token {hs256(claims(roles))}",
        "empty": "Bearer",
    }.items():
        assert_unauthorized(_call(url, service, header), why)


def test_a_bad_token_is_refused_where_anonymous_callers_are_welcome(live_api: LiveApi) -> None:
    """POST /grievances takes the public without a token, but a bad token is a 401, not a downgrade."""
    url = live_api("grievance", "fuzz").base_url
    body = {"kind": "complaint", "targets": [{"kind": "person", "personal_code": "P1"}], "summary": "s"}
    body["filer"] = {"name": "Người dân", "contact": "0900000000"}
    for why, token in hs_bad_tokens([ASSOCIATION]).items():
        answer = httpx.post(f"{url}/grievances", json=body, headers={"Authorization": f"Bearer {token}"})
        assert_unauthorized(answer, why)


# RS256 with a JWKS URL -------------------------------------------------------------------------------


class Idp:
    """An identity provider's signing key and its JWKS document served on 127.0.0.1."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        self.jwks = json.dumps({"keys": [jwk | {"kid": KID, "alg": "RS256", "use": "sig"}]}).encode()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/.well-known/jwks.json"

    @property
    def public_pem(self) -> bytes:
        return self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, payload: dict[str, Any], *, key: Any = None, kid: str = KID) -> str:
        return jwt.encode(payload, key or self.key, algorithm="RS256", headers={"kid": kid})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(idp.jwks)))
                self.end_headers()
                self.wfile.write(idp.jwks)

            def log_message(self, *_args: Any) -> None:
                pass

        return Handler


@pytest.fixture(scope="module")
def idp() -> Iterator[Idp]:
    provider = Idp()
    provider.thread.start()
    try:
        yield provider
    finally:
        provider.server.shutdown()
        provider.server.server_close()


@pytest.fixture(scope="module")
def rs256_api(launcher: Launcher, idp: Idp) -> Callable[[str], str]:
    """A service's API verifying RS256 tokens against the test's JWKS URL (started on first use)."""
    urls: dict[str, str] = {}

    def url(service: str) -> str:
        if service not in urls:
            urls[service] = launcher.serve(service, namespace="jwks", jwt_jwks_url=idp.url).base_url
        return urls[service]

    return url


@pytest.mark.parametrize("service", SERVICES)
def test_rs256_service_refuses_hs256_and_foreign_keys(
    rs256_api: Callable[[str], str], idp: Idp, service: str
) -> None:
    url, roles = rs256_api(service), PROTECTED[service][2]
    assert _call(url, service, f"Bearer {idp.sign(claims(roles))}").status_code == 200  # positive control
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    good = idp.sign(claims(roles))
    bad = {
        "hs256-shared-secret": hs256(claims(roles)),
        "hs256-public-key-as-secret": hs256_with_public_key(idp, good.split(".")[1]),
        "rs256-another-key": idp.sign(claims(roles), key=other_key),
        "rs256-unknown-kid": idp.sign(claims(roles), kid="unknown-kid"),
        "rs256-tampered": tampered(good, roles=[*roles, SECRETARIAT]),
        "rs256-expired": idp.sign(claims(roles, exp=datetime.now(UTC) - timedelta(hours=1))),
        "alg-none": unsigned(claims(roles)),
        "rs256-missing-sub": idp.sign(claims(roles, sub=None)),
        "rs256-missing-roles": idp.sign(claims(roles, roles=None)),
    }
    for why, token in bad.items():
        assert_unauthorized(_call(url, service, f"Bearer {token}"), why)
