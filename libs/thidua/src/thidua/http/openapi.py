"""Declare in each API's OpenAPI document the problem+json answers the shared edge really gives.

FastAPI documents only a route's success and a 422 shaped like its own `HTTPValidationError`; ThiĐua answers
every error as RFC 9457 problem+json. This fills in what every route can answer (401/403 behind a token,
404 for a path naming a resource, 400/409 for a POST's `Idempotency-Key`, 503 when MongoDB or RabbitMQ does
not answer), and gives every 4xx/5xx response a route declares (e.g. `responses={412: {...}}`) the Problem
schema, so clients and fuzzers can check the answers against the document.
"""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute

from thidua.http.problems import PROBLEM_CONTENT_TYPE

PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; extension members (e.g. `errors`) may be added.",
    "type": "object",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "Stable URI clients switch on."},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
        "correlation_id": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "errors": {
            "type": "array",
            "description": "Validation failures (422): where, what and which kind.",
            "items": {
                "type": "object",
                "properties": {
                    "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
                    "msg": {"type": "string"},
                    "type": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                },
            },
        },
    },
    "additionalProperties": True,
}
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")
_WRITES = frozenset({"post", "put", "patch", "delete"})
_OPERATIONS = frozenset({"/healthz", "/readyz"})


def _problem(status: int, description: str | None = None) -> dict[str, Any]:
    return {
        "description": description or HTTPStatus(status).phrase,
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
    }


def _common_errors(path: str, method: str, operation: dict[str, Any]) -> dict[int, str]:
    """The errors the shared edge can answer for this operation, whatever the route does."""
    errors: dict[int, str] = {}
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        errors[401] = "No token, or a token that is expired, unsigned, tampered or signed with another key."
        errors[403] = "The caller lacks the role or the association scope."
    if any(p.get("in") == "path" for p in parameters):
        errors[404] = "No such resource (or one the caller may not know exists)."
    if parameters or "requestBody" in operation:
        errors[422] = "The input does not match the schema or breaks a business rule."
    if method == "post" or "requestBody" in operation:
        errors[400] = "The body cannot be parsed, or the `Idempotency-Key` header is malformed."
        errors[413] = "The body is larger than this endpoint accepts."
    if method in _WRITES:
        errors[409] = "The request conflicts with the current state (or reuses an `Idempotency-Key`)."
    if path not in _OPERATIONS:
        errors[503] = "MongoDB or RabbitMQ does not answer; retry later."
    return errors


def rate_limited_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, method) of every route with a `rate_limited` dependency (they may answer 429)."""
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        if not isinstance(route, APIRoute):
            continue
        pending = list(route.dependant.dependencies)
        while pending:
            dependency = pending.pop()
            if getattr(dependency.call, "rate_limited", None):
                found |= {(route.path, method.lower()) for method in route.methods or ()}
            pending += dependency.dependencies
    return found


def document_problems(
    schema: dict[str, Any], *, rate_limited: set[tuple[str, str]] | None = None
) -> dict[str, Any]:
    """Add the Problem schema and the problem+json error responses to every operation (in place)."""
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method not in {"get", "put", "post", "delete", "patch", "head", "options"}:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            errors = _common_errors(path, method, operation)
            if (path, method) in (rate_limited or set()):
                errors[429] = (
                    "Too many requests from this address or caller; retry after `Retry-After` seconds."
                )
            for code, description in errors.items():
                responses.setdefault(str(code), {"description": description})
            for status, response in responses.items():
                if status[0] in "45":
                    responses[status] = _problem(int(status), response.get("description"))
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    if "HTTPValidationError" not in str(schema.get("paths")):
        for name in _FASTAPI_VALIDATION:
            components.pop(name, None)
    return schema


def file_responses(*media_types: str, description: str = "The file.") -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route answering a file rather than JSON (use with `response_class=Response`)."""
    schema = {"type": "string", "format": "binary"}
    return {
        200: {"description": description, "content": {media: {"schema": schema} for media in media_types}}
    }


def install_problem_docs(app: FastAPI) -> None:
    """Make `app.openapi()` return the document with the problem+json answers declared."""
    plain: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document_problems(plain(), rate_limited=rate_limited_operations(app))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
