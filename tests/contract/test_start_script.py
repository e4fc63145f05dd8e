"""scripts/start's broker step: it leaves a broker that answers alone, and without one it may not start says
exactly what to run (run against a host where it may install and start nothing: the shared broker is
untouched)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from thidua_tools.embedded import free_port

ROOT = Path(__file__).resolve().parents[2]


def _broker_step(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-c", "set -euo pipefail; source scripts/_broker.sh; echo broker-ok"],
        cwd=ROOT,
        env={**os.environ, "RABBITMQ_URL": url, "THIDUA_BROKER_WAIT_S": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_broker_that_answers_is_left_alone() -> None:
    done = _broker_step(os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "broker-ok"
    assert done.stderr == ""


def test_without_a_broker_it_says_what_to_run() -> None:
    done = _broker_step(f"amqp://guest:guest@127.0.0.2:{free_port()}/")  # not local: installs nothing
    assert done.returncode == 1
    assert "broker-ok" not in done.stdout
    assert "No RabbitMQ answers at 127.0.0.2:" in done.stderr
    assert "sudo apt-get install rabbitmq-server" in done.stderr
    assert "RABBITMQ_URL" in done.stderr


def test_uv_is_never_installed_against_the_system_python() -> None:
    text = (ROOT / "scripts" / "_uv.sh").read_text(encoding="utf-8")
    assert "--break-system-packages" not in text
    assert "python3 -m pip install" not in text
    assert "python3 -m venv" in text
