"""JWT bearer auth: token verification, the caller (`Principal`), role and association-scope checks, minting.

Locally tokens are HS256 with `THIDUA_JWT_SECRET`; in production RS256 tokens are verified against the
identity provider's JWKS URL. A verifier accepts exactly one algorithm, so `alg=none` and HS/RS confusion
are refused by construction.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Protocol

import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import SecretStr

from thidua.http.problems import Forbidden, Unauthorized
from thidua.logging import get_logger
from thidua.settings import ServiceSettings

ASSOCIATION = "association"
SECRETARIAT = "secretariat"
COUNCIL = "council"
BOARD = "board"
GRIEVANCE_OFFICER = "grievance_officer"
ROLES: frozenset[str] = frozenset({ASSOCIATION, SECRETARIAT, COUNCIL, BOARD, GRIEVANCE_OFFICER})

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: subject, roles and, for association officers, their association."""

    sub: str
    roles: frozenset[str] = frozenset()
    association_id: str | None = None

    def has_any(self, *roles: str) -> bool:
        """True when the caller holds at least one of `roles`."""
        return not self.roles.isdisjoint(roles)


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    """Check the ThiĐua claims of an already verified token and build the Principal."""
    roles = claims.get("roles")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise Unauthorized("The token's `roles` claim must be a list of role names.")
    association_id = claims.get("association_id")
    if association_id is not None and not (isinstance(association_id, str) and association_id):
        raise Unauthorized("The token's `association_id` claim must be a non-empty string.")
    if ASSOCIATION in roles and association_id is None:
        raise Unauthorized("A token with the `association` role must carry `association_id`.")
    return Principal(sub=str(claims["sub"]), roles=frozenset(roles), association_id=association_id)


class SigningKeySource(Protocol):
    """Where RS256 public keys come from (`jwt.PyJWKClient`, or a fake in tests)."""

    def get_signing_key(self, kid: str) -> jwt.PyJWK: ...


class JwksKeys:
    """Public keys by `kid`, fetched off the event loop (the JWKS client blocks) and cached for `ttl_s`."""

    def __init__(self, source: SigningKeySource, *, ttl_s: float = 300.0, max_keys: int = 32) -> None:
        self._source = source
        self._ttl_s = ttl_s
        self._max_keys = max_keys
        self._cache: dict[str, tuple[Any, float]] = {}

    @classmethod
    def from_url(cls, url: str, *, ttl_s: float = 300.0) -> JwksKeys:
        """Keys from a JWKS URL; unknown kids trigger at most one refetch per 30 s (PyJWKClient cooldown)."""
        return cls(jwt.PyJWKClient(url, lifespan=ttl_s, timeout=5, cooldown_duration=30), ttl_s=ttl_s)

    async def key_for(self, token: str) -> Any:
        """The public key named by the token's `kid` header.

        A key is fetched again after `ttl_s`; an unknown `kid` makes the client refetch the set (a rotated
        key). When the provider is briefly unreachable, the last good key for that `kid` keeps serving.
        """
        kid = jwt.get_unverified_header(token).get("kid")
        if not isinstance(kid, str) or not kid:
            raise jwt.InvalidTokenError("token header has no kid")
        cached = self._cache.get(kid)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        try:
            jwk = await asyncio.to_thread(self._source.get_signing_key, kid)
        except jwt.PyJWKClientConnectionError:
            if cached is None:
                raise
            log.warning("auth.jwks_unreachable_using_last_good_key", kid=kid)
            return cached[0]
        if len(self._cache) >= self._max_keys:
            self._cache.clear()
        self._cache[kid] = (jwk.key, time.monotonic() + self._ttl_s)
        return jwk.key


class TokenVerifier:
    """Verify bearer tokens with exactly one algorithm and return the Principal they carry."""

    def __init__(
        self,
        *,
        algorithm: str,
        secret: str | None = None,
        jwks: JwksKeys | None = None,
        issuer: str | None = None,
        audience: str | None = None,
        leeway_s: float = 30.0,
        strict: bool = False,
        max_lifetime_s: float | None = None,
    ) -> None:
        if (secret is None) == (jwks is None):
            raise ValueError("give exactly one of `secret` (HS256) or `jwks` (RS256)")
        if strict and not (issuer and audience):
            raise ValueError("a strict verifier needs the expected issuer and audience")
        self.algorithm = algorithm
        self._secret = secret
        self._jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.leeway_s = leeway_s
        self.strict = strict
        self.max_lifetime_s = max_lifetime_s

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenVerifier:
        """RS256 via JWKS when `jwt_jwks_url` is set, else HS256 with the shared secret.

        Outside dev the verifier is strict: `iss`, `aud` and `iat` are required and `exp - iat` is capped.
        """
        strict = settings.env != "dev"
        common: dict[str, Any] = {
            "issuer": settings.jwt_issuer,
            "audience": settings.jwt_audience,
            "strict": strict,
            "max_lifetime_s": settings.jwt_max_lifetime_s if strict else None,
        }
        if settings.jwt_jwks_url:
            jwks = JwksKeys.from_url(settings.jwt_jwks_url, ttl_s=settings.jwks_refresh_s)
            return cls(algorithm="RS256", jwks=jwks, **common)
        return cls(algorithm="HS256", secret=settings.jwt_secret.get_secret_value(), **common)

    async def verify(self, token: str) -> Principal:
        """The token's Principal; raises Unauthorized for any defect (expired, unsigned, tampered, ...)."""
        required = ["exp", "sub", *(("iss", "aud", "iat") if self.strict else ())]
        try:
            key: Any = self._secret if self._jwks is None else await self._jwks.key_for(token)
            claims = jwt.decode(
                token,
                key,
                algorithms=[self.algorithm],
                issuer=self.issuer,
                audience=self.audience,
                leeway=self.leeway_s,
                options={"require": required, "verify_aud": self.audience is not None},
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized("Mã truy cập đã hết hạn; hãy đăng nhập lại.") from exc
        except jwt.PyJWTError as exc:
            log.info("auth.token_refused", reason=type(exc).__name__)
            raise Unauthorized("Mã truy cập không hợp lệ.") from exc
        self._check_lifetime(claims)
        return principal_from_claims(claims)

    def _check_lifetime(self, claims: Mapping[str, Any]) -> None:
        if self.max_lifetime_s is None:
            return
        lifetime = float(claims["exp"]) - float(claims["iat"])
        if lifetime > self.max_lifetime_s + self.leeway_s:
            log.info("auth.token_refused", reason="lifetime_too_long", lifetime_s=lifetime)
            raise Unauthorized("Mã truy cập có thời hạn dài hơn mức cho phép.")


def _check_roles(roles: Iterable[str], association_id: str | None) -> list[str]:
    checked = sorted(set(roles))
    unknown = set(checked) - ROLES
    if unknown:
        raise ValueError(f"unknown role(s) {sorted(unknown)}; known roles: {sorted(ROLES)}")
    if ASSOCIATION in checked and not association_id:
        raise ValueError("the `association` role needs an association_id")
    return checked


def mint_token(
    secret: str | SecretStr,
    sub: str,
    roles: Iterable[str],
    association_id: str | None = None,
    ttl: timedelta = timedelta(hours=8),
    *,
    issuer: str | None = None,
    audience: str | None = None,
    algorithm: str = "HS256",
    kid: str | None = None,
) -> str:
    """A local token with the ThiĐua claims (for dev, tests and the `thidua token` CLI): HS256 with a
    secret, or RS256 with a PEM private key (`algorithm="RS256"`, `kid` naming its JWKS entry)."""
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": sub,
        "roles": _check_roles(roles, association_id),
        "iat": now,
        "exp": now + ttl,
    }
    if association_id:
        claims["association_id"] = association_id
    if issuer:
        claims["iss"] = issuer
    if audience:
        claims["aud"] = audience
    key = secret.get_secret_value() if isinstance(secret, SecretStr) else secret
    if algorithm not in ("HS256", "RS256"):
        raise ValueError(f"unsupported signing algorithm {algorithm!r}")
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": kid} if kid else None)


# FastAPI edge ---------------------------------------------------------------------------------------------

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    bearerFormat="JWT",
    description="`Authorization: Bearer <JWT>`",
)


class Verifier(Protocol):
    """What the dependencies need from `app.state.token_verifier`."""

    async def verify(self, token: str) -> Principal: ...


def _verifier(request: Request) -> Verifier:
    verifier: Verifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("app.state.token_verifier is not set: build the app with thidua.http.create_app")
    return verifier


async def optional_principal(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Principal | None:
    """The caller, or None without an Authorization header; a present but bad header is a 401."""
    if credentials is None:
        if "authorization" in request.headers:
            raise Unauthorized("The Authorization header must be `Bearer <token>`.")
        return None
    principal = await _verifier(request).verify(credentials.credentials)
    request.state.principal = principal
    return principal


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]


async def current_principal(principal: OptionalPrincipal) -> Principal:
    """The caller; a missing token is a 401."""
    if principal is None:
        raise Unauthorized("This endpoint needs a bearer token.", invalid_token=False)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency returning the caller if it holds at least one of `roles`, else a 403."""
    _check_roles(roles, association_id="-")
    if not roles:
        raise ValueError("require_roles needs at least one role")
    needed = ", ".join(sorted(roles))

    async def has_role(principal: CurrentPrincipal) -> Principal:
        if not principal.has_any(*roles):
            raise Forbidden(f"This action needs one of the roles: {needed}.")
        return principal

    return has_role


def ensure_association_scope(
    principal: Principal, association_id: str, *, privileged: Iterable[str] = (SECRETARIAT,)
) -> None:
    """Raise Forbidden unless the caller holds a privileged role or is an officer of this association."""
    if principal.has_any(*privileged):
        return
    if ASSOCIATION in principal.roles and principal.association_id == association_id:
        return
    raise Forbidden("This resource belongs to another association.")
