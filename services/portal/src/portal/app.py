"""The portal's FastAPI app: middleware (correlation, metrics, sessions), pages, static files, operations."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from thidua import mongo
from thidua.http.correlation import CorrelationMiddleware
from thidua.http.metrics import HttpMetrics, MetricsMiddleware, make_registry, metrics_endpoint
from thidua.http.problems import ServiceUnavailable, problem_response
from thidua.logging import get_logger
from thidua.signing import JWKS_PATH

from portal import public
from portal.accounts import admin, oidc
from portal.accounts import routes as account_routes
from portal.accounts.store import INDEXES
from portal.board import ROUTERS as BOARD_ROUTERS
from portal.bootstrap import Portal, build
from portal.council import ROUTERS as COUNCIL_ROUTERS
from portal.grievance import ROUTERS as GRIEVANCE_ROUTERS
from portal.officer import ROUTERS as OFFICER_ROUTERS
from portal.secretariat import ROUTERS as SECRETARIAT_ROUTERS
from portal.settings import PACKAGE_DIR, PortalSettings
from portal.web import errors
from portal.web.guard import NONCE_COOKIE, new_nonce, verify_csrf

log = get_logger(__name__)
UNSESSIONED = ("/static/", "/healthz", "/readyz", "/metrics", JWKS_PATH, "/admin/")
VENDOR = {"htmx": ("htmx.org", "dist"), "pico": ("@picocss/pico", "css"), "chartjs": ("chart.js", "dist")}


def create_app(settings: PortalSettings, *, portal: Portal | None = None) -> FastAPI:
    """The portal app; `portal` replaces the parts built from the settings (tests)."""
    parts = portal or build(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await mongo.ensure_indexes(parts.database, INDEXES)
        try:
            yield
        finally:
            await parts.close()

    app = FastAPI(title="ThiĐua portal", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.portal = parts
    app.state.metrics_registry = make_registry()
    app.state.static_version = _static_version()
    errors.install(app)
    oidc.install(app)
    app.middleware("http")(_sessions)
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(app.state.metrics_registry))
    app.add_middleware(CorrelationMiddleware)
    app.include_router(_operations())
    app.include_router(admin.router)
    pages = [
        account_routes.router,
        oidc.router,
        *public.ROUTERS,
        *OFFICER_ROUTERS,
        *SECRETARIAT_ROUTERS,
        *COUNCIL_ROUTERS,
        *GRIEVANCE_ROUTERS,
        *BOARD_ROUTERS,
    ]
    for router in pages:
        app.include_router(router, dependencies=[Depends(verify_csrf)])
    _mount_static(app, settings)
    return app


async def _sessions(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Load the session (if any) and give a first-time visitor the nonce its form tokens are tied to."""
    path = request.url.path
    if path.startswith(UNSESSIONED):
        return await call_next(request)
    portal: Portal = request.app.state.portal
    request.state.session = await portal.sessions.load(request)
    fresh_nonce = None if request.cookies.get(NONCE_COOKIE) else new_nonce()
    request.state.form_nonce = fresh_nonce or request.cookies.get(NONCE_COOKIE, "")
    response = await call_next(request)
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if fresh_nonce:
        response.set_cookie(
            NONCE_COOKIE,
            fresh_nonce,
            path="/",
            secure=portal.settings.cookie_secure,
            httponly=True,
            samesite="lax",
        )
    return response


def _operations() -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": "portal"}

    @router.get("/readyz")
    async def readyz(request: Request) -> Response:
        portal: Portal = request.app.state.portal
        try:
            await asyncio.wait_for(mongo.ping(portal.client), timeout=2.0)
        except Exception as exc:
            log.warning("portal.readiness_failed", check="mongodb", reason=type(exc).__name__)
            return problem_response(ServiceUnavailable("Not ready: mongodb.", checks={"mongodb": "error"}))
        downstream = await _downstream(portal)
        degraded = any(state != "ok" for state in downstream.values())
        body = {
            "status": "degraded" if degraded else "ready",
            "service": "portal",
            "checks": {"mongodb": "ok"},
            "downstream": downstream,
        }
        return JSONResponse(body)

    @router.get(JWKS_PATH)
    async def jwks(request: Request) -> Response:
        portal: Portal = request.app.state.portal
        return JSONResponse(portal.tokens.jwks(), headers={"Cache-Control": "public, max-age=300"})

    router.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    return router


async def _downstream(portal: Portal) -> dict[str, str]:
    """Each service's liveness as the portal sees it: `ok` or `down`."""

    async def probe(url: str) -> str:
        try:
            answer = await portal.clients.http.get(url + "/healthz", timeout=1.5)
            return "ok" if answer.status_code == 200 else f"down ({answer.status_code})"
        except httpx.HTTPError:
            return "down"

    urls = portal.settings.service_urls()
    states = await asyncio.gather(*(probe(url) for url in urls.values()))
    return dict(zip(urls, states, strict=True))


def _mount_static(app: FastAPI, settings: PortalSettings) -> None:
    for name, (package, folder) in VENDOR.items():
        directory = settings.assets_dir / package / folder
        if directory.is_dir():
            app.mount(f"/static/vendor/{name}", StaticFiles(directory=directory), name=f"vendor-{name}")
        else:
            log.warning("portal.assets_missing", package=package, directory=str(directory), fix="npm ci")
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")


def _static_version() -> str:
    """A short hash of the portal's own static files, so browsers fetch new versions after an upgrade."""
    digest = hashlib.sha256()
    for path in sorted((PACKAGE_DIR / "static").rglob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
