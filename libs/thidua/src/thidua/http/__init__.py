"""The HTTP edge shared by every ThiĐua API: app factory, problem+json, correlation, metrics, idempotency."""

from thidua.http.app import create_app, run_readiness_checks
from thidua.http.correlation import (
    CORRELATION_HEADER,
    correlation_scope,
    current_correlation_id,
    new_correlation_id,
)
from thidua.http.idempotency import (
    IDEMPOTENCY_HEADER,
    REPLAYED_HEADER,
    ensure_idempotency_indexes,
    idempotency_indexes,
)
from thidua.http.metrics import make_registry
from thidua.http.problems import (
    PROBLEM_BASE_URI,
    PROBLEM_CONTENT_TYPE,
    BadRequest,
    Conflict,
    Forbidden,
    InternalError,
    MethodNotAllowed,
    NotFound,
    PreconditionFailed,
    Problem,
    ServiceUnavailable,
    Unauthorized,
    Unprocessable,
    ValidationFailed,
    problem_response,
    problem_type,
)

__all__ = [
    "CORRELATION_HEADER",
    "IDEMPOTENCY_HEADER",
    "PROBLEM_BASE_URI",
    "PROBLEM_CONTENT_TYPE",
    "REPLAYED_HEADER",
    "BadRequest",
    "Conflict",
    "Forbidden",
    "InternalError",
    "MethodNotAllowed",
    "NotFound",
    "PreconditionFailed",
    "Problem",
    "ServiceUnavailable",
    "Unauthorized",
    "Unprocessable",
    "ValidationFailed",
    "correlation_scope",
    "create_app",
    "current_correlation_id",
    "ensure_idempotency_indexes",
    "idempotency_indexes",
    "make_registry",
    "new_correlation_id",
    "problem_response",
    "problem_type",
    "run_readiness_checks",
]
