"""The edge (issue 16, items 5 to 9), from an attacker's viewpoint against the served APIs.

Item 5: a process without THIDUA_ENV, or outside dev with the repository's published secrets, refuses to
start. Item 6: a 40 MB body without a token is refused on its Content-Length before it is read. Item 9: every
answer (success, refusal, problem) carries the security headers; the public tracking door is rate-limited
and takes the tracking secret from its header only. Items 7 and 8 are proven in
tests/integration/test_http_hardening.py and tests/security/test_tokens.py (see docs/threat-model.md).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import httpx
import pytest
from thidua.settings import DEV_JWT_SECRET

from tests.security.conftest import SERVICES, Launcher, LiveApi, bearer, problem_of
from tests.support import tokens

pytestmark = pytest.mark.integration

NAMESPACE = "edge"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cross-origin-resource-policy": "same-origin",
}


def _start(service: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    return subprocess.run(
        [sys.executable, "-m", service, "api"],
        env=clean | {"THIDUA_HTTP_PORT": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_without_a_stated_environment_refuses_to_start(service: str) -> None:
    started = _start(service)
    assert started.returncode != 0
    assert "THIDUA_ENV is not set" in started.stderr + started.stdout


def test_outside_dev_the_published_secrets_are_refused() -> None:
    prod = {"THIDUA_ENV": "prod", **tokens.ENV}
    published_jwt = _start("registration", **prod, THIDUA_JWT_SECRET=DEV_JWT_SECRET)
    assert (
        published_jwt.returncode != 0 and "THIDUA_JWT_SECRET" in published_jwt.stderr + published_jwt.stdout
    )
    no_ballot_key = _start("awards", **prod, THIDUA_JWT_SECRET="p" * 48)
    assert (
        no_ballot_key.returncode != 0 and "THIDUA_BALLOT_KEYS" in no_ballot_key.stderr + no_ballot_key.stdout
    )


def _raw_post(base_url: str, path: str, declared: int) -> bytes:
    """A POST that declares `declared` bytes, sends 1 KiB and waits for the answer (no token)."""
    url = urlsplit(base_url)
    with socket.create_connection((url.hostname or "127.0.0.1", url.port or 80), timeout=20) as sock:
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {declared}\r\n\r\n"
        )
        sock.sendall(head.encode() + b"{" + b" " * 1023)
        answer = b""
        while b"\r\n\r\n" not in answer:  # an answer before the body: it was never read (or we time out)
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("registration", "/campaigns"),
        ("awards", "/nominations"),
        ("grievance", "/grievances"),
        ("notify", "/webhooks"),
    ],
)
def test_a_40_mb_body_without_a_token_is_refused_before_it_is_read(
    live_api: LiveApi, service: str, path: str
) -> None:
    answer = _raw_post(live_api(service, NAMESPACE).base_url, path, 40 * 1024 * 1024)
    status_line = answer.split(b"\r\n", 1)[0]
    assert b" 413 " in status_line, answer[:300]


@pytest.mark.parametrize("service", SERVICES)
def test_every_answer_carries_the_security_headers(live_api: LiveApi, service: str) -> None:
    base_url = live_api(service, NAMESPACE).base_url
    with httpx.Client(base_url=base_url, timeout=20) as api:
        answers = [
            api.get("/healthz"),
            api.get("/openapi.json"),
            api.get("/no-such-route"),  # 404
            api.post("/no-such-route", content=b"x" * (2 * 1024 * 1024)),  # 413 or 404
            api.get("/docs"),
        ]
        scoped = {"registration": "/campaigns", "awards": "/nominations", "grievance": "/grievances"}
        if service in scoped:
            answers.append(api.get(scoped[service]))  # 401 (or an anonymous 200/405)
            answers.append(api.post(scoped[service], json={"x": 1}, headers=bearer("secretariat")))  # 4xx
    for answer in answers:
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers.get(name) == value, (answer.request.url, answer.status_code, name)
        assert "content-security-policy" in answer.headers, (answer.request.url, answer.status_code)


def test_the_tracking_door_is_rate_limited_and_takes_its_secret_from_the_header_only(
    launcher: Launcher,
) -> None:
    served = launcher.serve("grievance", namespace="edge-rate", public_rate_limit="3/minute")
    with httpx.Client(base_url=served.base_url, timeout=20) as api:
        in_query = api.get("/public/grievances/KN-XXXX?secret=abc")
        assert in_query.status_code == 400 and problem_of(in_query)["type"].endswith(
            "tracking-secret-in-query"
        )
        guesses = [
            api.get(f"/public/grievances/KN-{i:04d}", headers={"X-Tracking-Secret": "guess"})
            for i in range(4)
        ]
    assert guesses[-1].status_code == 429, [g.status_code for g in guesses]
    assert int(guesses[-1].headers["retry-after"]) >= 1
