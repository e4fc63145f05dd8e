"""The app factory of every ThiĐua API: problems, correlation, metrics, idempotency, health, readiness."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from prometheus_client import CollectorRegistry

# `from thidua import auth` (not `from thidua.auth import ...`): auth imports thidua.http.problems, and this
# form resolves through sys.modules even while thidua.auth is still initialising.
from thidua import auth
from thidua.http.correlation import CorrelationMiddleware
from thidua.http.docs import docs_router
from thidua.http.idempotency import IdempotencyMiddleware, ensure_idempotency_indexes
from thidua.http.limits import BodyLimitMiddleware
from thidua.http.metrics import HttpMetrics, MetricsMiddleware, make_registry, metrics_endpoint
from thidua.http.openapi import install_problem_docs
from thidua.http.problems import ServiceUnavailable, UnhandledErrorMiddleware, install_problem_handlers
from thidua.http.ratelimit import RateLimiter
from thidua.http.security import SecurityHeadersMiddleware
from thidua.logging import get_logger
from thidua.mongo import Database
from thidua.settings import ServiceSettings

ReadinessCheck = Callable[[], Awaitable[None]]
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[Any]]
READINESS_TIMEOUT_S = 2.0

log = get_logger(__name__)


def create_app(
    *,
    settings: ServiceSettings,
    title: str,
    version: str,
    routers: Sequence[APIRouter] = (),
    readiness_checks: Mapping[str, ReadinessCheck] | None = None,
    lifespan: Lifespan | None = None,
    idempotency_db: Callable[[], Database | None] | None = None,
    token_verifier: auth.Verifier | None = None,
    metrics_registry: CollectorRegistry | None = None,
    readiness_timeout_s: float = READINESS_TIMEOUT_S,
    internal_port: int = 0,
) -> FastAPI:
    """Build a service's FastAPI app with the shared edge; `app.state.db` may be set later (bootstrap).

    With `internal_port`, `/docs`, `/redoc`, `/openapi.json` and `/metrics` are left out of this app and
    served by `app.state.internal_app` instead (the caller runs it on that port).
    """
    app = FastAPI(
        title=title,
        version=version,
        lifespan=_lifespan(settings, lifespan),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    registry = metrics_registry if metrics_registry is not None else make_registry()
    app.state.settings = settings
    app.state.metrics_registry = registry
    app.state.token_verifier = token_verifier or auth.TokenVerifier.from_settings(settings)
    app.state.readiness_checks = dict(readiness_checks or {})
    app.state.readiness_timeout_s = readiness_timeout_s
    app.state.idempotency_db = idempotency_db
    app.state.rate_limiter = RateLimiter.from_settings(settings)
    install_problem_handlers(app)
    # Added innermost first: correlation (outermost) → metrics → 500 guard → body limit → idempotency →
    # FastAPI. The body limit comes before anything reads the body (idempotency, routes, authentication).
    app.add_middleware(
        IdempotencyMiddleware,
        get_db=lambda: idempotency_database(app),
        get_verifier=lambda: getattr(app.state, "token_verifier", None),
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_body_bytes=settings.http_max_body_bytes,
        max_upload_bytes=settings.http_max_upload_bytes,
    )
    app.add_middleware(UnhandledErrorMiddleware)
    app.add_middleware(MetricsMiddleware, metrics=HttpMetrics(registry))
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.env == "prod")
    app.add_middleware(CorrelationMiddleware)
    app.include_router(_operations_router(settings.service_name))
    for router in routers:
        app.include_router(router)
    install_problem_docs(app)
    docs = docs_router(title=title, openapi=lambda: app.openapi())
    if internal_port:
        app.state.internal_app = _internal_app(app, settings, docs=docs)
    else:
        app.include_router(docs)
        app.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    return app


def _internal_app(public: FastAPI, settings: ServiceSettings, *, docs: APIRouter) -> FastAPI:
    """Documentation and metrics for the internal network only (same registry and schema as the API)."""
    internal = FastAPI(
        title=f"{public.title} (internal)",
        version=public.version,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    for name in ("metrics_registry", "readiness_checks", "readiness_timeout_s", "settings"):
        setattr(internal.state, name, getattr(public.state, name))
    internal.add_middleware(SecurityHeadersMiddleware, hsts=settings.env == "prod")
    internal.include_router(_operations_router(settings.service_name))
    internal.include_router(docs)
    internal.add_api_route("/metrics", metrics_endpoint, methods=["GET"], include_in_schema=False)
    return internal


def idempotency_database(app: FastAPI) -> Database | None:
    """The database holding idempotency records: the factory's provider, else `app.state.db`, else None."""
    provider: Callable[[], Database | None] | None = getattr(app.state, "idempotency_db", None)
    if provider is not None:
        return provider()
    db: Database | None = getattr(app.state, "db", None)
    return db


def _lifespan(settings: ServiceSettings, inner: Lifespan | None) -> Lifespan:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with inner(app) if inner is not None else nullcontext() as state:
            db = idempotency_database(app)
            if db is not None:
                await ensure_idempotency_indexes(db=db, retention_hours=settings.idempotency_retention_hours)
            yield state

    return lifespan


def _operations_router(service: str) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/healthz", summary="Liveness: the process answers")
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": service}

    @router.get("/readyz", summary="Readiness: MongoDB, RabbitMQ and other dependencies answer")
    async def readyz(request: Request) -> dict[str, Any]:
        state = request.app.state
        results = await run_readiness_checks(state.readiness_checks, timeout_s=state.readiness_timeout_s)
        if any(outcome != "ok" for outcome in results.values()):
            failed = sorted(name for name, outcome in results.items() if outcome != "ok")
            raise ServiceUnavailable(f"Chưa sẵn sàng: {', '.join(failed)}.", checks=results)
        return {"status": "ready", "service": service, "checks": results}

    return router


async def run_readiness_checks(checks: Mapping[str, ReadinessCheck], *, timeout_s: float) -> dict[str, str]:
    """Run every check concurrently: name → "ok", "timeout" or "error: <ExceptionType>"."""
    names = list(checks)
    outcomes = await asyncio.gather(*(_run_check(name, checks[name], timeout_s) for name in names))
    return dict(zip(names, outcomes, strict=True))


async def _run_check(name: str, check: ReadinessCheck, timeout_s: float) -> str:
    try:
        await asyncio.wait_for(check(), timeout=timeout_s)
    except TimeoutError:
        log.warning("http.readiness_failed", check=name, reason="timeout")
        return "timeout"
    except Exception as exc:
        log.warning("http.readiness_failed", check=name, reason=type(exc).__name__, exc_info=exc)
        return f"error: {type(exc).__name__}"
    return "ok"
