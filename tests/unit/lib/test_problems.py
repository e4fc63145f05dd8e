"""Problem details (RFC 9457) rendering, correlation ids and route templates (no I/O)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest
from pymongo.errors import (
    AutoReconnect,
    DuplicateKeyError,
    NetworkTimeout,
    NotPrimaryError,
    OperationFailure,
    ServerSelectionTimeoutError,
)
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient
from thidua.http.correlation import correlation_scope, current_correlation_id, sanitize_correlation_id
from thidua.http.metrics import UNMATCHED_ROUTE, route_template
from thidua.http.problems import (
    PROBLEM_BASE_URI,
    PROBLEM_CONTENT_TYPE,
    Conflict,
    Forbidden,
    InternalError,
    NotFound,
    PreconditionFailed,
    Problem,
    Unauthorized,
    UnhandledErrorMiddleware,
    Unprocessable,
    ValidationFailed,
    _safe_errors,
    problem_response,
)


class RegistrationClosed(Conflict):
    slug = "registration-closed"
    title = "Registration is closed"


class TestProblemBodies:
    def test_a_problem_has_a_stable_type_uri_title_status_and_detail(self) -> None:
        body = NotFound("No campaign c1.").to_dict(instance="/campaigns/c1")

        assert body["type"] == "https://thidua.vn/problems/not-found"
        assert body["type"].startswith(PROBLEM_BASE_URI)
        assert (body["title"], body["status"], body["detail"]) == ("Not Found", 404, "No campaign c1.")
        assert body["instance"] == "/campaigns/c1"

    def test_every_body_carries_the_current_correlation_id(self) -> None:
        with correlation_scope("req-42"):
            assert Forbidden().to_dict()["correlation_id"] == "req-42"
        assert Forbidden().to_dict()["correlation_id"] is None

    def test_a_service_defines_its_own_problem_types_by_subclassing(self) -> None:
        problem = RegistrationClosed("The deadline was 31 March.", campaign_id="c1")
        body = problem.to_dict()

        assert body["type"] == PROBLEM_BASE_URI + "registration-closed"
        assert (body["status"], body["title"], body["campaign_id"]) == (409, "Registration is closed", "c1")

    def test_extension_members_never_override_the_standard_ones(self) -> None:
        body = Problem("x", status=418, slug="teapot", title="Teapot", type="forged", status_code=1).to_dict()
        assert body["type"] == PROBLEM_BASE_URI + "teapot"
        assert body["status"] == 418

    @pytest.mark.parametrize(
        ("problem", "status"),
        [(PreconditionFailed(), 412), (Unprocessable(), 422), (InternalError(), 500), (Conflict(), 409)],
    )
    def test_each_kind_has_its_status(self, problem: Problem, status: int) -> None:
        assert problem.to_dict()["status"] == status

    def test_validation_failures_list_their_errors(self) -> None:
        body = ValidationFailed(
            [{"loc": ["body", "name"], "msg": "Field required", "type": "missing"}]
        ).to_dict()
        assert body["status"] == 422
        assert body["errors"][0]["loc"] == ["body", "name"]

    def test_validation_errors_never_echo_the_input(self) -> None:
        raw = [
            {"loc": ("body", "password"), "msg": "too short", "type": "string_too_short", "input": "hunter2"}
        ]
        assert _safe_errors(raw) == [
            {"loc": ["body", "password"], "msg": "too short", "type": "string_too_short"}
        ]


class TestProblemResponses:
    def test_the_response_is_problem_json_with_the_problem_status(self) -> None:
        response = problem_response(NotFound("gone"), instance="/x")

        assert response.status_code == 404
        assert response.media_type == PROBLEM_CONTENT_TYPE
        assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
        assert json.loads(bytes(response.body))["detail"] == "gone"

    def test_unauthorized_challenges_for_a_bearer_token(self) -> None:
        response = problem_response(Unauthorized("expired"))
        assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
        missing = problem_response(Unauthorized("no token", invalid_token=False))
        assert missing.headers["www-authenticate"].startswith("Bearer")

    def test_problem_headers_reach_the_response(self) -> None:
        response = problem_response(Conflict("busy", headers={"Retry-After": "1"}))
        assert response.headers["retry-after"] == "1"


class TestCorrelationIds:
    @pytest.mark.parametrize("value", ["abc", "req-1.2:3_X", "a" * 128])
    def test_sane_ids_are_kept(self, value: str) -> None:
        assert sanitize_correlation_id(value) == value

    @pytest.mark.parametrize("value", [None, "", "a" * 129, "has space", "line\nbreak", "ünï", "a/b"])
    def test_other_values_are_dropped(self, value: str | None) -> None:
        assert sanitize_correlation_id(value) is None

    def test_the_scope_sets_and_restores_the_current_id(self) -> None:
        with correlation_scope("outer"):
            with correlation_scope("inner"):
                assert current_correlation_id() == "inner"
            assert current_correlation_id() == "outer"
        assert current_correlation_id() is None


class TestRouteTemplates:
    def test_an_unmatched_request_has_one_label(self) -> None:
        assert route_template({"type": "http", "path": "/random/123"}) == UNMATCHED_ROUTE

    def test_the_prefixed_template_wins_over_the_route_path(self) -> None:
        scope = {
            "fastapi": {"effective_route_context": SimpleNamespace(path_format="/api/items/{item_id}")},
            "route": SimpleNamespace(path="/items/{item_id}"),
        }
        assert route_template(scope) == "/api/items/{item_id}"

    def test_a_plain_route_gives_its_path(self) -> None:
        assert route_template({"route": SimpleNamespace(path="/healthz")}) == "/healthz"


class TestDatabaseRestarts:
    """A request caught by a MongoDB restart is answered 503 with Retry-After (retry it), never 500."""

    @staticmethod
    def _app(exc: Exception) -> Starlette:
        async def boom(request: Request) -> Response:
            raise exc

        return Starlette(
            routes=[Route("/x", boom, methods=["POST"])], middleware=[Middleware(UnhandledErrorMiddleware)]
        )

    @pytest.mark.parametrize(
        "exc",
        [
            AutoReconnect("connection reset"),
            ServerSelectionTimeoutError("no server"),
            NetworkTimeout("timed out"),
            OperationFailure("interrupted at shutdown", code=11600),
            NotPrimaryError("not primary"),
        ],
    )
    def test_a_lost_or_stopping_database_is_a_503_to_retry(self, exc: Exception) -> None:
        with TestClient(self._app(exc), raise_server_exceptions=False) as client:
            response = client.post("/x")
        assert response.status_code == 503, response.text
        assert response.headers["retry-after"] == "2"
        assert response.headers["content-type"].startswith(PROBLEM_CONTENT_TYPE)
        assert "thử lại" in response.json()["detail"]

    @pytest.mark.parametrize(
        "exc", [OperationFailure("bad query", code=2), DuplicateKeyError("dup", code=11000), ValueError("x")]
    )
    def test_other_failures_stay_a_500(self, exc: Exception) -> None:
        with TestClient(self._app(exc), raise_server_exceptions=False) as client:
            assert client.post("/x").status_code == 500
