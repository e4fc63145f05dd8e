"""Sign-in with OpenID Connect (authorization code + PKCE S256) against an external provider (e.g. Keycloak).

`/auth/oidc/start` sends the browser to the provider with a one-time `state`, a `nonce` and a PKCE challenge
(kept server-side for ten minutes); `/auth/oidc/callback` exchanges the code (with the verifier), checks
the ID token (signature from the provider's JWKS, issuer, audience, expiry, nonce) and the access token, and
starts a
web session carrying the provider's access token: the services verify that token themselves, through the same
provider's JWKS URL. Claim mapping (configurable): `roles` (a list of role names) and `association_id`.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from thidua.logging import get_logger

from portal.accounts.domain import ROLES, User
from portal.accounts.routes import safe_next
from portal.accounts.store import OIDC_STATES, now
from portal.settings import PortalSettings
from portal.web.deps import portal_of
from portal.web.forms import FORM
from portal.web.guard import form_token
from portal.web.i18n import N_, gettext

router = APIRouter()
log = get_logger(__name__)
STATE_TTL = timedelta(minutes=10)


class SignInFailed(Exception):
    """The provider's answer could not be trusted or does not name a ThiĐua user."""


def challenge(verifier: str) -> str:
    """The PKCE S256 challenge of a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


class Provider:
    """The provider's discovery document and keys, fetched once and kept for an hour."""

    def __init__(self, settings: PortalSettings, http: httpx.AsyncClient) -> None:
        self.settings, self.http = settings, http
        self._meta: tuple[float, dict[str, Any], KeySet] | None = None

    async def metadata(self) -> tuple[dict[str, Any], KeySet]:
        """Discovery document and signing keys."""
        if self._meta is None or self._meta[0] < time.monotonic():
            url = self.settings.oidc_discovery_url or ""
            meta = (await self.http.get(url)).raise_for_status().json()
            keys = KeySet.import_key_set((await self.http.get(meta["jwks_uri"])).raise_for_status().json())
            self._meta = (time.monotonic() + 3600, meta, keys)
        return self._meta[1], self._meta[2]

    async def exchange(self, code: str, verifier: str) -> dict[str, Any]:
        """The token endpoint's answer for the code."""
        meta, _ = await self.metadata()
        secret = self.settings.oidc_client_secret
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.settings.oidc_redirect_url or "",
            "client_id": self.settings.oidc_client_id or "",
            "code_verifier": verifier,
        }
        if secret is not None:  # a confidential client authenticates with HTTP Basic (client_secret_basic)
            auth = httpx.BasicAuth(self.settings.oidc_client_id or "", secret.get_secret_value())
            answer = await self.http.post(meta["token_endpoint"], data=form, auth=auth)
        else:
            answer = await self.http.post(meta["token_endpoint"], data=form)
        if not answer.is_success:
            raise SignInFailed(f"token endpoint answered {answer.status_code}")
        body: dict[str, Any] = answer.json()
        return body

    async def claims(self, token: str, *, audience: str | None, nonce: str | None = None) -> dict[str, Any]:
        """The verified claims of a token the provider signed (RS256/ES256)."""
        meta, keys = await self.metadata()
        try:
            decoded = jwt.decode(token, keys, algorithms=["RS256", "ES256"])
            checks: dict[str, Any] = {
                "iss": {"essential": True, "value": meta["issuer"]},
                "exp": {"essential": True},
            }
            if audience:
                checks["aud"] = {"essential": True, "value": audience}
            if nonce:
                checks["nonce"] = {"essential": True, "value": nonce}
            jwt.JWTClaimsRegistry(leeway=30, **checks).validate(decoded.claims)
        except (JoseError, ValueError) as exc:
            raise SignInFailed(f"token refused: {exc}") from exc
        return dict(decoded.claims)


def claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by dotted path (`realm_access.roles`)."""
    value: Any = claims
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def user_of(identity: dict[str, Any], access: dict[str, Any], settings: PortalSettings) -> User:
    """The ThiĐua user: roles and association from the access token (what the services read), name from the
    ID token; unknown roles are ignored, no known role is a refusal."""
    roles = claim(access, settings.oidc_roles_claim) or claim(identity, settings.oidc_roles_claim) or []
    known = tuple(sorted({r for r in roles if isinstance(r, str) and r in ROLES}))
    association = claim(access, settings.oidc_association_claim) or claim(
        identity, settings.oidc_association_claim
    )
    if not known or ("association" in known and not association):
        raise SignInFailed("no ThiĐua role (or an association officer without association_id)")
    name = identity.get("name") or identity.get("preferred_username") or identity["sub"]
    return User(
        username=str(identity.get("preferred_username") or identity["sub"]),
        name=str(name),
        roles=known,
        association_id=str(association) if association else None,
    )


def provider(request: Request) -> Provider:
    """The configured provider (404 when the portal signs users in locally)."""
    portal = portal_of(request)
    if portal.settings.auth_mode != "oidc":
        raise SignInFailed("OpenID Connect is not configured")
    found: Provider | None = getattr(request.app.state, "oidc_provider", None)
    if found is None:
        found = request.app.state.oidc_provider = Provider(portal.settings, portal.clients.http)
    return found


@router.get("/auth/oidc/start")
async def start(request: Request) -> Response:
    """Send the browser to the provider's sign-in page."""
    portal, chosen = portal_of(request), provider(request)
    meta, _ = await chosen.metadata()
    state, nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(24), secrets.token_urlsafe(48)
    await portal.database[OIDC_STATES].insert_one(
        {
            "_id": state,
            "nonce": nonce,
            "verifier": verifier,
            "next": safe_next(request.query_params.get("next")),
            "expires_at": now() + STATE_TTL,
        }
    )
    settings = portal.settings
    query = {
        "response_type": "code",
        "client_id": settings.oidc_client_id,
        "redirect_uri": settings.oidc_redirect_url,
        "scope": settings.oidc_scopes,
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge(verifier),
        "code_challenge_method": "S256",
    }
    return RedirectResponse(f"{meta['authorization_endpoint']}?{urlencode(query)}", status_code=303)


@router.get("/auth/oidc/callback")
async def callback(request: Request) -> Response:
    """Check the provider's answer and start the session; anything untrustworthy shows the sign-in form."""
    portal, chosen = portal_of(request), provider(request)
    state = await portal.database[OIDC_STATES].find_one({"_id": request.query_params.get("state", "")})
    if state is not None:
        await portal.database[OIDC_STATES].delete_one({"_id": state["_id"]})  # one use only
    code = request.query_params.get("code")
    try:
        if state is None or state["expires_at"] <= now() or not code:
            raise SignInFailed("unknown or expired state")
        tokens = await chosen.exchange(code, state["verifier"])
        identity = await chosen.claims(
            tokens["id_token"], audience=portal.settings.oidc_client_id, nonce=state["nonce"]
        )
        access = await chosen.claims(tokens["access_token"], audience=portal.settings.jwt_audience)
        user = user_of(identity, access, portal.settings)
    except (SignInFailed, KeyError, httpx.HTTPError) as exc:
        log.warning("portal.oidc_refused", reason=str(exc)[:300])
        errors = {FORM: [gettext(N_("Sign-in with the province's account did not succeed. Try again."))]}
        context = {
            "username": "",
            "errors": errors,
            "next": "/",
            "oidc": True,
            "form_token": form_token(request, path="/login"),
        }
        return portal.pages.render(request, "auth/login.html", context, status_code=401)
    response = RedirectResponse(state["next"], status_code=303)
    expires = datetime.fromtimestamp(int(access["exp"]), tz=UTC)
    await portal.sessions.start(
        response, user, provider_token=tokens["access_token"], provider_token_expires_at=expires
    )
    return response


def install(app: Any) -> None:
    """Provider failures before a page exists (discovery down, not configured) become the sign-in page."""

    async def failed(request: Request, exc: Exception) -> Response:
        return RedirectResponse("/login", status_code=303)

    app.add_exception_handler(SignInFailed, failed)
