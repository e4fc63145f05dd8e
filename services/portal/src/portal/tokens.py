"""Access tokens for the services: RS256, at most 15 minutes, signed for the signed-in user; the JWKS."""

from __future__ import annotations

import time
from datetime import timedelta

from thidua.auth import mint_token
from thidua.signing import LocalKey, jwks_document

from portal.web.sessions import WebSession

RENEW_BEFORE_S = 60  # a cached token with less left than this is replaced


class AccessTokens:
    """Mints (and caches per session) the bearer token the portal calls the services with."""

    def __init__(self, key: LocalKey | None, *, issuer: str | None, audience: str | None, ttl_s: int) -> None:
        self.key, self.issuer, self.audience, self.ttl_s = key, issuer, audience, ttl_s
        self._cache: dict[str, tuple[str, float]] = {}

    def for_session(self, session: WebSession) -> str:
        """The user's token: the provider's (OpenID Connect sign-in) or one the portal signs (local)."""
        if session.provider_token:
            return session.provider_token
        cached = self._cache.get(session.key)
        if cached is not None and cached[1] - time.time() > RENEW_BEFORE_S:
            return cached[0]
        if self.key is None:
            raise RuntimeError("no signing key: set THIDUA_JWT_SIGNING_KEY_FILE")
        user = session.user
        token = mint_token(
            self.key.private_pem.decode(),
            user.username,
            user.roles,
            association_id=user.association_id,
            ttl=timedelta(seconds=self.ttl_s),
            issuer=self.issuer,
            audience=self.audience,
            algorithm="RS256",
            kid=self.key.kid,
        )
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[session.key] = (token, time.time() + self.ttl_s)
        return token

    def forget(self, session_key: str) -> None:
        """Drop a session's cached token (sign-out)."""
        self._cache.pop(session_key, None)

    def jwks(self) -> dict[str, object]:
        """The public keys services verify the portal's tokens with."""
        return jwks_document(self.key) if self.key is not None else {"keys": []}
