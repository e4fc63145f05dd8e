"""Schemathesis against every service's OpenAPI: no 5xx, and every answer is the one the document declares.

Each operation of each service is fuzzed with a token holding every role (so routes go past their role
checks into the handlers), without a token, and with negative (schema-breaking) input and the token, which
must be refused with a documented 4xx, never a 500. Checks: no 5xx, documented status code, documented
content type, and the body matches the declared schema (errors are problem+json: see thidua.http.openapi).
Generation is derandomized and bounded so the suite stays within its time budget (THIDUA_FUZZ_SCALE=25
runs a deeper search); a failure prints a curl command to reproduce it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from thidua.auth import SECRETARIAT

from tests.security.conftest import ALL_ROLES, DOCUMENTS, FUZZ_ASSOCIATION, LiveApi, bearer

pytestmark = pytest.mark.integration

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Examples per operation and caller; THIDUA_FUZZ_SCALE multiplies them for a deeper run than CI's.
SCALE = int(os.environ.get("THIDUA_FUZZ_SCALE", "1"))
EXAMPLES = {"authorized": 6 * SCALE, "anonymous": 2 * SCALE, "negative": 4 * SCALE}


SCHEMAS = {service: schemathesis.openapi.from_dict(document) for service, document in DOCUMENTS.items()}


def _takes_input(service: str, method: str, path: str) -> bool:
    definition = DOCUMENTS[service]["paths"][path][method.lower()]
    return bool(definition.get("parameters") or definition.get("requestBody"))


CASES = [
    pytest.param(service, op.label, caller, id=f"{service}:{op.label}:{caller}")
    for service, schema in SCHEMAS.items()
    for op in (result.ok() for result in schema.get_all_operations())
    for caller in EXAMPLES
    if caller != "negative" or _takes_input(service, op.method, op.path)
]


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.mark.parametrize(("service", "label", "caller"), CASES)
def test_operation_answers_as_documented(
    live_api: LiveApi, http: requests.Session, service: str, label: str, caller: str
) -> None:
    api = live_api(service, "fuzz")
    operation = SCHEMAS[service].find_operation_by_label(label)
    assert operation is not None
    headers = {} if caller == "anonymous" else bearer(*ALL_ROLES, association_id=FUZZ_ASSOCIATION)
    mode = GenerationMode.NEGATIVE if caller == "negative" else GenerationMode.POSITIVE

    @settings(
        max_examples=EXAMPLES[caller],
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case: schemathesis.Case) -> None:
        if caller == "anonymous" and case.headers:
            case.headers.pop("Authorization", None)
        response = case.call(base_url=api.base_url, session=http, headers=headers, timeout=20)
        case.validate_response(response, checks=CHECKS, headers=headers)

    fuzz()


def test_numbers_too_large_to_store_are_a_422_not_a_500(live_api: LiveApi, http: requests.Session) -> None:
    """Regression: integers beyond MongoDB's int64 in bodies the fuzzer rarely gets past the rules with."""
    big = 2**70
    awards = live_api("awards", "fuzz").base_url
    officer = bearer("association", association_id="assoc-big")
    nomination = {
        "association_id": "assoc-big",
        "award_type_code": "TTLDTT",
        "year": 2025,
        "considered_on": "2026-01-10",
        "nominee": {"kind": "collective", "name": "Chi hội", "unit": "Hội"},
        "achievement_report": "Hoàn thành xuất sắc nhiệm vụ.",
        "members_ldtt": big,
    }
    answers = [http.post(f"{awards}/nominations", json=nomination, headers=officer, timeout=20)]
    registration = live_api("registration", "fuzz").base_url
    secretariat = bearer(SECRETARIAT)
    campaign = {
        "code": f"BIG-{uuid.uuid4().hex[:8]}",
        "name": "Phong trào",
        "year": 2026,
        "kind": "thematic",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "registration_deadline": (date.today() + timedelta(days=30)).isoformat(),
    }
    cid = http.post(f"{registration}/campaigns", json=campaign, headers=secretariat, timeout=20).json()["id"]
    directory = {"code": f"BIG-{uuid.uuid4().hex[:8]}", "name": "Hội", "kind": "member_association"}
    aid = http.post(f"{registration}/associations", json=directory, headers=secretariat, timeout=20).json()[
        "id"
    ]
    own = bearer("association", association_id=aid)
    plan = {"collective_name": "Hội", "individuals": []}
    rid = http.post(
        f"{registration}/campaigns/{cid}/registrations", json=plan, headers=own, timeout=20
    ).json()["id"]
    counts = {"task_rating": "hoan_thanh_tot", "member_count": big, "members_completed_count": 1}
    url = f"{registration}/registrations/{rid}/self-assessment"
    answers.append(http.post(url, json={"collective": counts}, headers=own, timeout=20))
    for answer in answers:
        assert answer.status_code == 422, answer.text
        assert answer.headers["content-type"].startswith("application/problem+json")
