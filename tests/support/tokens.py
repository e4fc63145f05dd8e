"""Tokens the test systems accept: outside dev every service wants `iss`, `aud`, `iat` and a short life."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from pydantic import SecretStr
from thidua.auth import mint_token

ISSUER = "thidua-tests"
AUDIENCE = "thidua"
TTL = timedelta(minutes=30)
CLAIMS: dict[str, str] = {"issuer": ISSUER, "audience": AUDIENCE}
"""Keyword arguments for `ProvinceClient` and `mint_token`."""
SETTINGS: dict[str, str] = {"jwt_issuer": ISSUER, "jwt_audience": AUDIENCE}
"""The matching `ServiceSettings` fields."""
ENV: dict[str, str] = {"THIDUA_JWT_ISSUER": ISSUER, "THIDUA_JWT_AUDIENCE": AUDIENCE}
"""The matching environment of a service process."""


def mint(
    secret: str | SecretStr,
    sub: str,
    roles: Iterable[str],
    association_id: str | None = None,
    **overrides: Any,
) -> str:
    """An HS256 token with the test issuer and audience, valid for half an hour unless overridden."""
    claims: dict[str, Any] = {"issuer": ISSUER, "audience": AUDIENCE, "ttl": TTL, **overrides}
    return mint_token(secret, sub, roles, association_id=association_id, **claims)
