"""`ProvinceClient` over a fake transport: who it calls as, which headers it sends, how errors surface."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import jwt
import pytest
from thidua_tools.province.client import ApiError, Caller, ProvinceClient, individual

SECRET = "unit-secret-" + "u" * 40


class Recorder:
    """Answers every request with `answer` (status, body) and keeps the requests."""

    def __init__(self, status: int = 200, body: Any = None) -> None:
        self.status, self.body = status, {"ok": True} if body is None else body
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        media = "application/problem+json" if self.status >= 400 else "application/json"
        return httpx.Response(self.status, json=self.body, headers={"content-type": media})


def client(recorder: Recorder, **kwargs: Any) -> ProvinceClient:
    http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
    return ProvinceClient(secret=SECRET, http=http, retries=0, **kwargs)


def claims(request: httpx.Request) -> dict[str, Any]:
    token = request.headers["authorization"].removeprefix("Bearer ")
    decoded: dict[str, Any] = jwt.decode(token, SECRET, algorithms=["HS256"])
    return decoded


class TestCalls:
    async def test_a_create_goes_as_the_secretariat_with_an_idempotency_key_and_a_correlation_id(
        self,
    ) -> None:
        recorder = Recorder(201, {"id": "a1"})
        answer = await client(recorder).create_association(code="HOI-TIN-HOC", name="Hội Tin học")
        request = recorder.requests[0]
        assert answer == {"id": "a1"}
        assert (request.method, request.url.path, request.url.port) == ("POST", "/associations", 8001)
        assert claims(request)["roles"] == ["secretariat"]
        assert request.headers["idempotency-key"] and request.headers["x-correlation-id"]
        assert json.loads(request.content)["code"] == "HOI-TIN-HOC"

    async def test_a_nomination_goes_as_the_association_officer_with_dates_as_iso_and_no_nulls(self) -> None:
        recorder = Recorder(201, {"id": "n1"})
        await client(recorder).nominate(
            association_id="a1",
            award_type_code="LDTT",
            year=2026,
            nominee=individual("Nguyễn Thị Hoa", "Hội Y học", "P-1"),
            achievement_report="Hoàn thành tốt nhiệm vụ.",
            considered_on=date(2026, 12, 1),
        )
        request = recorder.requests[0]
        body = json.loads(request.content)
        assert claims(request)["association_id"] == "a1" and claims(request)["roles"] == ["association"]
        assert body["considered_on"] == "2026-12-01" and "members_ldtt" not in body
        assert request.url.port == 8002

    async def test_a_ballot_goes_as_the_council_member_and_public_reads_carry_no_token(self) -> None:
        recorder = Recorder(201, {"items": []})
        api = client(recorder)
        await api.cast_ballot("s1", member_id="uy-vien-01", votes={"n1": "yes"})
        await api.public_disclosures(campaign_id="c1")
        ballot, public = recorder.requests
        assert claims(ballot)["sub"] == "uy-vien-01" and claims(ballot)["roles"] == ["council"]
        assert "authorization" not in public.headers and public.url.params["campaign_id"] == "c1"

    async def test_a_correlated_block_sends_its_correlation_id(self) -> None:
        recorder = Recorder(200, [])
        api = client(recorder)
        with api.correlated("whole-year-2026"):
            await api.list_grievances()
        assert recorder.requests[0].headers["x-correlation-id"] == "whole-year-2026"
        assert claims(recorder.requests[0])["roles"] == ["grievance_officer"]

    async def test_tokens_are_minted_once_per_caller(self) -> None:
        api = client(Recorder())
        assert api.transport.token(Caller.officer("a1")) == api.transport.token(Caller.officer("a1"))
        assert api.transport.token(Caller.officer("a1")) != api.transport.token(Caller.officer("a2"))


class TestErrors:
    async def test_a_problem_answer_raises_api_error_with_status_and_problem(self) -> None:
        problem = {"type": "https://thidua.vn/problems/duplicate-code", "title": "Duplicate", "status": 409}
        with pytest.raises(ApiError) as caught:
            await client(Recorder(409, problem)).create_association(code="X", name="Hội X")
        assert caught.value.status == 409 and caught.value.slug == "duplicate-code"
        assert caught.value.problem == problem and "409" in str(caught.value)
