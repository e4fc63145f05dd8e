"""`thidua up` records the running system; the operator's commands find it there, explicit settings win."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from thidua_tools import cli
from thidua_tools.embedded import free_port
from thidua_tools.launcher import _without_password, plan, port_overrides
from thidua_tools.local_state import apply_state, read_state, remove_state, write_state

EMBEDDED = "mongodb://127.0.0.1:27018/?retryWrites=false&directConnection=true"


def _record(var_dir: Path, pid: int) -> None:
    write_state(
        var_dir, mongodb_url=EMBEDDED, rabbitmq_url="amqp://u:p@h:5673/", processes=[("a", 1)], pid=pid
    )


def test_the_commands_use_the_running_systems_urls(tmp_path: Path) -> None:
    _record(tmp_path, os.getpid())
    environ: dict[str, str] = {}
    assert apply_state(environ, tmp_path) is not None
    assert environ == {"MONGODB_URL": EMBEDDED, "RABBITMQ_URL": "amqp://u:p@h:5673/"}
    assert (tmp_path / "thidua-up.json").stat().st_mode & 0o077 == 0


def test_explicit_urls_win(tmp_path: Path) -> None:
    _record(tmp_path, os.getpid())
    environ = {"MONGODB_URL": "mongodb://elsewhere/"}
    apply_state(environ, tmp_path)
    assert environ == {"MONGODB_URL": "mongodb://elsewhere/"}


def test_a_stopped_system_is_not_used(tmp_path: Path) -> None:
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    _record(tmp_path, int(gone.stdout))
    assert read_state(tmp_path) is None
    environ: dict[str, str] = {}
    apply_state(environ, tmp_path)
    assert environ == {}
    remove_state(tmp_path)
    assert not (tmp_path / "thidua-up.json").exists()


def test_ports_are_overridden_from_the_environment() -> None:
    chosen = {p.label: p.port for p in plan(port_overrides({"THIDUA_AWARDS_PORT": "18002"}), portal=True)}
    assert chosen["awards-api"] == 18002
    assert chosen["awards-worker"] == 19002
    assert chosen["registration-api"] == 8001


def test_the_summary_hides_the_broker_password() -> None:
    assert _without_password("amqp://guest:secret@127.0.0.1:5672/") == "amqp://guest:***@127.0.0.1:5672/"


def test_an_unreachable_database_gets_one_sentence_and_the_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MONGODB_URL", f"mongodb://127.0.0.1:{free_port()}/?directConnection=true")
    assert cli.main(["outbox", "status", "--service", "awards"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert err.startswith("Cannot reach the database at 127.0.0.1:")
    assert "bash scripts/start" in err
    assert "MONGODB_URL" in err


def test_purging_every_dead_letter_queue_asks_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["dlq", "purge"]) == 1  # stdin is not a terminal under pytest: no confirmation
    err = capsys.readouterr().err
    assert "add --yes" in err
    assert "Nothing purged." in err
