"""A service process never starts in an environment nobody stated, nor with unsafe token settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from thidua_tools.launcher import SERVICES

pytestmark = pytest.mark.e2e


def _start(service: str, role: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("THIDUA_")}
    return subprocess.run(
        [sys.executable, "-m", service, role],
        env={**clean, "THIDUA_HTTP_PORT": "1", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("service", [name for name, _ in SERVICES])
def test_without_thidua_env_every_service_refuses_to_start_and_says_how_to_fix_it(service: str) -> None:
    outcome = _start(service, "api")
    assert outcome.returncode == 2, outcome.stderr
    assert "THIDUA_ENV is not set" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_in_production_the_published_development_secret_is_refused() -> None:
    outcome = _start(
        "registration", "worker", THIDUA_ENV="prod", THIDUA_JWT_ISSUER="i", THIDUA_JWT_AUDIENCE="a"
    )
    assert outcome.returncode == 2
    assert "THIDUA_JWT_SECRET" in outcome.stderr


def test_in_production_tokens_need_an_issuer_and_an_audience() -> None:
    outcome = _start("awards", "api", THIDUA_ENV="prod", THIDUA_JWT_SECRET="p" * 40)
    assert outcome.returncode == 2
    assert "THIDUA_JWT_ISSUER and THIDUA_JWT_AUDIENCE" in outcome.stderr
