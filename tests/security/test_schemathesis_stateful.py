"""Stateful fuzzing across the four APIs: sequences of calls on real, changing resources, no 5xx.

The stateless suite (test_schemathesis.py) mostly meets 404s on routes with an id in their path, and the
links schemathesis infers from the documents rarely get past the rules to a created resource. So each
service gets a hypothesis state machine: it starts from association A's resources (the worlds of
test_cross_association: a nomination, an exemplar, a grievance with an attachment, a registration...), and
every step draws an operation and a schemathesis case for it, puts a known id into each path parameter, calls
it with a token holding every role, and keeps the ids that creations answer for the later steps. So
operations run on resources earlier steps created, withdrew, held, supplemented or closed. Checks: no 5xx.
Derandomized and bounded (THIDUA_FUZZ_SCALE multiplies the scenarios): about a minute on 2 cores.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pymongo
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from schemathesis.checks import not_a_server_error

from tests.security.conftest import ALL_ROLES, DOCUMENTS, SERVICES, Launcher, LiveApi, bearer
from tests.security.test_cross_association import BUILDERS

pytestmark = pytest.mark.integration

SCALE = int(os.environ.get("THIDUA_FUZZ_SCALE", "1"))
SCENARIOS, STEPS = 6 * SCALE, 10
NAMESPACE = "stateful"
Seeded = tuple[str, dict[str, list[str]]]  # a service's base URL, known ids by path parameter
_PARAM = re.compile(r"{(\w+)}")


def _created_ids(document: dict[str, Any]) -> dict[str, str]:
    """For each creating path, the path parameter its answer's `id` fills (/nominations: nomination_id)."""
    paths = list(document["paths"])
    made: dict[str, str] = {}
    for path in paths:
        for other in paths:
            match = re.fullmatch(re.escape(path) + r"/{(\w+)}", other)
            if match and "post" in document["paths"][path]:
                made[path] = match.group(1)
    return made


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


@pytest.fixture(scope="module")
def world(launcher: Launcher, live_api: LiveApi) -> Iterator[Callable[[str], Seeded]]:
    """A service's base URL and the ids of its seeded resources by path parameter name."""
    mongo: pymongo.MongoClient[dict[str, Any]] = pymongo.MongoClient(launcher.infra.mongo_url)

    def seeded(service: str) -> Seeded:
        base_url = live_api(service, NAMESPACE).base_url
        ids: dict[str, Any] = {}
        with httpx.Client(base_url=base_url, timeout=30) as api:
            BUILDERS[service](api, mongo[launcher.database(service, NAMESPACE)], ids)
        pool = {f"{k}_id": [v] for k, v in ids.items() if isinstance(v, str) and len(k) > 1}
        pool["association_id"] = [ids["a"], ids["b"]]
        if "tracking_code" in ids:
            pool["tracking_code"] = [ids["tracking_code"]]
        return base_url, pool | {"__association__": [ids["a"]]}

    try:
        yield seeded
    finally:
        mongo.close()


@pytest.mark.parametrize("service", SERVICES)
def test_call_sequences_on_created_resources_never_fail_on_the_server(
    world: Callable[[str], Seeded], http: requests.Session, service: str
) -> None:
    base_url, seeds = world(service)
    headers = bearer(*ALL_ROLES, association_id=seeds["__association__"][0])
    schema = schemathesis.openapi.from_dict(DOCUMENTS[service])
    operations = {op.label: op for op in (result.ok() for result in schema.get_all_operations())}
    creates = _created_ids(DOCUMENTS[service])
    strategies = {label: op.as_strategy() for label, op in operations.items()}

    class Calls(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.known = {name: list(values) for name, values in seeds.items()}

        @rule(data=st.data(), label=st.sampled_from(sorted(operations)))
        def call(self, data: st.DataObject, label: str) -> None:
            case = data.draw(strategies[label])
            for name in _PARAM.findall(case.operation.path):
                if self.known.get(name):
                    assert case.path_parameters is not None
                    case.path_parameters[name] = data.draw(st.sampled_from(self.known[name]))
            case.headers = {**(case.headers or {}), **headers}
            response = case.call(base_url=base_url, session=http, timeout=20)
            case.validate_response(response, checks=[not_a_server_error], headers=headers)
            self._learn(case, response)

        def _learn(self, case: schemathesis.Case, response: Any) -> None:
            if response.status_code >= 300 or "json" not in response.headers.get("content-type", ""):
                return
            body = response.json()
            if not isinstance(body, dict):
                return
            found = {name: body[name] for name in self.known if isinstance(body.get(name), str)}
            if case.method == "POST" and case.operation.path in creates and isinstance(body.get("id"), str):
                found[creates[case.operation.path]] = body["id"]
            for name, value in found.items():
                if value not in self.known.setdefault(name, []):
                    self.known[name].append(value)

    run_state_machine_as_test(
        Calls,
        settings=settings(
            max_examples=SCENARIOS,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
