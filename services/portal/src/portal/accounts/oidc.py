"""Sign-in with OpenID Connect (authorization code + PKCE) against an external provider (e.g. Keycloak)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
