"""Error pages: every failure a visitor can meet becomes a Vietnamese page, never a trace or raw JSON."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from portal.clients.base import ServiceDown, ServiceError
from portal.web.deps import NotSignedIn, RoleRefused
from portal.web.guard import CsrfRefused, FormRejected
from portal.web.templating import Pages
from starlette.exceptions import HTTPException as StarletteHTTPException
from thidua.http.correlation import current_correlation_id
from thidua.http.problems import Problem, problem_response
from thidua.logging import get_logger

log = get_logger(__name__)
JSON_PREFIXES = ("/admin/", "/.well-known/", "/healthz", "/readyz", "/metrics")


def _page(request: Request, status: int, kind: str, **context: Any) -> Response:
    pages: Pages = request.app.state.portal.pages
    values = {"kind": kind, "status": status, "correlation_id": current_correlation_id(), **context}
    return pages.render(request, "errors/error.html", values, status_code=status)


async def _not_signed_in(request: Request, exc: Exception) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": f"/login?next={quote(target)}"})
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


async def _role_refused(request: Request, exc: Exception) -> Response:
    return _page(request, 403, "forbidden")


async def _csrf(request: Request, exc: Exception) -> Response:
    log.info("portal.csrf_refused", path=request.url.path)
    return _page(request, 403, "csrf")


async def _rejected(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FormRejected)
    log.info("portal.form_rejected", path=request.url.path, reason=exc.reason)
    return _page(request, 429 if exc.reason == "rate-limited" else 400, f"form-{exc.reason}")


async def _down(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceDown)
    return _page(request, 503, "down", service=exc.service)


async def _service_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ServiceError)
    if exc.status == 401:
        return await _not_signed_in(request, exc)
    status = exc.status if exc.status in (403, 404, 409) else 502
    log.info("portal.downstream_error", service=exc.service, status=exc.status, slug=exc.slug)
    return _page(request, status, {403: "forbidden", 404: "not-found", 409: "conflict"}.get(status, "error"))


async def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith(JSON_PREFIXES):
        return problem_response(
            Problem(slug=f"http-{exc.status_code}", status=exc.status_code, title=str(exc.detail))
        )
    kind = {404: "not-found", 405: "not-found", 403: "forbidden"}.get(exc.status_code, "error")
    return _page(request, exc.status_code if exc.status_code < 500 else 500, kind)


async def _validation(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(JSON_PREFIXES):
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        return problem_response(
            Problem("Dữ liệu gửi lên không hợp lệ.", slug="validation-failed", status=422, errors=errors)
        )
    return _page(request, 400, "bad-request")


async def _problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc, instance=request.url.path)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.error("portal.unhandled_exception", path=request.url.path, exc_info=exc)
    if request.url.path.startswith(JSON_PREFIXES):
        return problem_response(Problem("Lỗi không mong muốn.", slug="internal", status=500))
    return _page(request, 500, "error")


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""
    handlers = {
        NotSignedIn: _not_signed_in,
        RoleRefused: _role_refused,
        CsrfRefused: _csrf,
        FormRejected: _rejected,
        ServiceDown: _down,
        ServiceError: _service_error,
        StarletteHTTPException: _http,
        RequestValidationError: _validation,
        Problem: _problem,
        Exception: _unexpected,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
