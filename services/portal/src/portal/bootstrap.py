"""Composition root of the portal: settings, its database, stores, the clients of the four services."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from thidua import mongo
from thidua.runtime import ServiceSpec
from thidua.signing import LocalKey, ensure_key_file, generate_pem

from portal.accounts.service import Accounts, throttles
from portal.accounts.store import AccountStore, AttemptStore, CounterStore, SessionStore
from portal.clients import Clients
from portal.clients.capabilities import Capabilities
from portal.settings import PortalSettings
from portal.tokens import AccessTokens
from portal.web import i18n
from portal.web.guard import FormSigner
from portal.web.sessions import SessionManager
from portal.web.templating import Pages, environment


@dataclass
class Portal:
    """Everything the pages use, built once per process."""

    settings: PortalSettings
    client: mongo.Client
    database: mongo.Database
    accounts: Accounts
    sessions: SessionManager
    counters: CounterStore
    form_signer: FormSigner
    tokens: AccessTokens
    clients: Clients
    capabilities: Capabilities
    pages: Pages

    async def close(self) -> None:
        """Close the connection pools."""
        await self.clients.http.aclose()
        await mongo.close(self.client)


def signing_key(settings: PortalSettings) -> LocalKey | None:
    """The portal's RS256 key (local accounts), from THIDUA_JWT_SIGNING_KEY_FILE; in dev the file is created
    when missing (one process: several replicas must share a configured key)."""
    path = settings.jwt_signing_key_file
    if settings.auth_mode != "local":
        return None
    if path is None:
        return LocalKey.from_pem(generate_pem()) if settings.env == "dev" else None
    if settings.env == "dev":
        return ensure_key_file(path)
    return LocalKey.from_pem(path.read_bytes())


def form_signer(settings: PortalSettings) -> FormSigner:
    """The signer of public forms' tokens (a random secret unless one is configured)."""
    timing = {"min_fill_s": settings.form_min_fill_s, "max_age_s": float(settings.form_max_age_s)}
    if settings.form_secret is not None:
        return FormSigner(settings.form_secret.get_secret_value().encode(), **timing)
    return FormSigner.random(**timing)


def build(settings: PortalSettings, *, http: httpx.AsyncClient | None = None) -> Portal:
    """The portal's parts; nothing is contacted until the first request."""
    i18n.activate(settings.locale)
    client = mongo.connect(settings.mongodb_url, app_name="portal")
    database = client[settings.database_name]
    pool = http or httpx.AsyncClient(
        timeout=settings.downstream_timeout_s,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=40),
    )
    limits = throttles(
        user_failures=settings.login_user_failures,
        address_failures=settings.login_address_failures,
        window_s=settings.login_window_s,
        lockout_s=settings.login_lockout_s,
    )
    urls = settings.service_urls()
    return Portal(
        settings=settings,
        client=client,
        database=database,
        accounts=Accounts(accounts=AccountStore(database), attempts=AttemptStore(database), throttles=limits),
        sessions=SessionManager(
            SessionStore(database),
            cookie=settings.session_cookie,
            secure=settings.cookie_secure,
            ttl_s=settings.session_ttl_s,
            idle_s=settings.session_idle_s,
        ),
        counters=CounterStore(database),
        form_signer=form_signer(settings),
        tokens=AccessTokens(
            signing_key(settings),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            ttl_s=settings.access_token_ttl_s,
        ),
        clients=Clients.build(pool, urls),
        capabilities=Capabilities(pool, urls),
        pages=Pages(environment(settings.locale)),
    )


SPEC = ServiceSpec(name="portal", title="ThiĐua portal", version="0.1.0", load_settings=PortalSettings)
"""What operator tooling reads of the portal (its settings class); it is served by `portal.main`, not by the
services' runtime: no routers, no worker, no subscriptions."""
