"""RFC 9457 problem details: the error type every ThiĐua API raises, and the handlers that render it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pymongo.errors import ConnectionFailure, OperationFailure, PyMongoError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thidua.http.correlation import current_correlation_id
from thidua.logging import get_logger

PROBLEM_BASE_URI = "https://thidua.vn/problems/"
PROBLEM_CONTENT_TYPE = "application/problem+json"

log = get_logger(__name__)


def problem_type(slug: str) -> str:
    """The stable type URI of a problem, e.g. `https://thidua.vn/problems/not-found`."""
    return PROBLEM_BASE_URI + slug


class Problem(Exception):
    """An error answered as problem+json; subclass it per error kind (set `slug`, `title`, `status`)."""

    status: int = 500
    title: str = "Internal Server Error"
    slug: str = "internal"

    def __init__(
        self,
        detail: str | None = None,
        *,
        slug: str | None = None,
        title: str | None = None,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title or self.title)
        self.detail = detail
        if slug is not None:
            self.slug = slug
        if title is not None:
            self.title = title
        if status is not None:
            self.status = status
        self.headers: dict[str, str] = dict(headers or {})
        self.extra: dict[str, Any] = extra

    @property
    def type(self) -> str:
        """The stable type URI clients switch on."""
        return problem_type(self.slug)

    def to_dict(self, *, instance: str | None = None) -> dict[str, Any]:
        """The problem+json body; extension members first so they never override the standard ones."""
        body: dict[str, Any] = dict(self.extra)
        body.update(type=self.type, title=self.title, status=self.status)
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body["correlation_id"] = current_correlation_id()
        return body


class BadRequest(Problem):
    """400: the request is malformed in a way validation does not cover (e.g. a bad header)."""

    status, title, slug = 400, "Bad Request", "bad-request"


class Unauthorized(Problem):
    """401: no token, or a token that is expired, unsigned, tampered or signed with another key."""

    status, title, slug = 401, "Unauthorized", "unauthorized"

    def __init__(self, detail: str | None = None, *, invalid_token: bool = True, **kw: Any) -> None:
        challenge = 'Bearer error="invalid_token"' if invalid_token else 'Bearer realm="thidua"'
        headers = {"WWW-Authenticate": challenge} | dict(kw.pop("headers", None) or {})
        super().__init__(detail, headers=headers, **kw)


class Forbidden(Problem):
    """403: the caller is known but lacks the role or the association scope."""

    status, title, slug = 403, "Forbidden", "forbidden"


class NotFound(Problem):
    """404: no such resource (or one the caller may not know exists)."""

    status, title, slug = 404, "Not Found", "not-found"


class MethodNotAllowed(Problem):
    """405: the resource exists but not with this method."""

    status, title, slug = 405, "Method Not Allowed", "method-not-allowed"


class Conflict(Problem):
    """409: the request conflicts with the resource's current state."""

    status, title, slug = 409, "Conflict", "conflict"


class PreconditionFailed(Problem):
    """412: an `If-Match` or similar precondition does not hold."""

    status, title, slug = 412, "Precondition Failed", "precondition-failed"


class Unprocessable(Problem):
    """422: well-formed input that breaks a business rule."""

    status, title, slug = 422, "Unprocessable Content", "unprocessable"


class ValidationFailed(Problem):
    """422: the input does not match the schema; `errors` lists each failure (loc, msg, type)."""

    status, title, slug = 422, "Validation Failed", "validation-failed"

    def __init__(self, errors: Sequence[Mapping[str, Any]], detail: str | None = None, **kw: Any) -> None:
        super().__init__(detail or "Yêu cầu không khớp với lược đồ của API.", errors=list(errors), **kw)


class ServiceUnavailable(Problem):
    """503: a dependency (MongoDB, RabbitMQ) does not answer; retry later."""

    status, title, slug = 503, "Service Unavailable", "unavailable"


class InternalError(Problem):
    """500: an unexpected failure; the body carries only the correlation id to quote to operators."""

    status, title, slug = 500, "Internal Server Error", "internal"


def problem_response(problem: Problem, *, instance: str | None = None) -> Response:
    """Render a problem as an `application/problem+json` response."""
    return JSONResponse(
        problem.to_dict(instance=instance),
        status_code=problem.status,
        headers=problem.headers,
        media_type=PROBLEM_CONTENT_TYPE,
    )


def _safe_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    # Only loc, msg and type: pydantic's `input` and `ctx` may echo secrets or personal data back.
    return [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")} for e in errors
    ]


async def _handle_problem(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Problem)
    return problem_response(exc, instance=request.url.path)


async def _handle_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return problem_response(ValidationFailed(_safe_errors(exc.errors())), instance=request.url.path)


_SLUGS = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    413: "payload-too-large",
}


def http_problem(exc: StarletteHTTPException) -> Problem:
    """The problem for a Starlette/FastAPI HTTPException (unknown route, wrong method, body too large...)."""
    phrase = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
    return Problem(
        detail,
        slug=_SLUGS.get(exc.status_code, f"http-{exc.status_code}"),
        title=phrase,
        status=exc.status_code,
        headers=exc.headers,
    )


async def _handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return problem_response(http_problem(exc), instance=request.url.path)


def install_problem_handlers(app: FastAPI) -> None:
    """Render Problem, validation and HTTP errors as problem+json on this app."""
    app.add_exception_handler(Problem, _handle_problem)
    app.add_exception_handler(RequestValidationError, _handle_validation)
    app.add_exception_handler(StarletteHTTPException, _handle_http_exception)


class UnhandledErrorMiddleware:
    """Turn any unexpected exception into a 500 problem with the correlation id; log it, never leak it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                log.error("http.unhandled_exception", path=scope.get("path"), exc_info=exc)
                raise  # too late for a clean response: let the server drop the connection
            await problem_response(_problem_for(exc, scope), instance=scope.get("path"))(scope, receive, send)


def _problem_for(exc: Exception, scope: Scope) -> Problem:
    # An HTTPException can get here when raised outside the routes, e.g. by FastAPI's body-size limit
    # while the idempotency middleware reads the body.
    if isinstance(exc, Problem):
        return exc
    if isinstance(exc, StarletteHTTPException):
        return http_problem(exc)
    if database_unavailable(exc):
        log.warning("http.database_unavailable", path=scope.get("path"), error=type(exc).__name__)
        return ServiceUnavailable(
            "Cơ sở dữ liệu tạm thời không phản hồi; chưa có gì được ghi, hãy thử lại.",
            headers={"Retry-After": "2"},
        )
    log.error("http.unhandled_exception", path=scope.get("path"), exc_info=exc)
    return InternalError()


# Server codes that mean "the server is going away or not yet primary": the request may be retried as is.
_SHUTTING_DOWN_CODES = frozenset({91, 189, 10107, 11600, 11602, 13435, 13436})


def database_unavailable(exc: BaseException) -> bool:
    """True when MongoDB did not answer, or answered that it is shutting down or stepping down.

    A request caught by a database restart is answered 503 with `Retry-After` (its transaction was
    aborted, so nothing is half-written), not 500: the client may simply retry it.
    """
    if isinstance(exc, ConnectionFailure):
        return True
    if isinstance(exc, OperationFailure) and exc.code in _SHUTTING_DOWN_CODES:
        return True
    return isinstance(exc, PyMongoError) and exc.has_error_label("TransientTransactionError")
