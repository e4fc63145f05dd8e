"""The running local system, as `thidua up` records it in `var/thidua-up.json`: where its database and broker
are and which ports its processes answer on, so the operator's commands act on it without being told."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, MutableMapping
from pathlib import Path
from typing import Any

STATE_FILE = "thidua-up.json"
VAR_DIR_ENV = "THIDUA_VAR_DIR"
URL_VARIABLES = {"mongodb_url": "MONGODB_URL", "rabbitmq_url": "RABBITMQ_URL"}
EXPLICIT = ("MONGODB_URL", "THIDUA_MONGODB_URL", "RABBITMQ_URL", "THIDUA_RABBITMQ_URL")


def state_path(var_dir: Path) -> Path:
    return var_dir / STATE_FILE


def write_state(
    var_dir: Path, *, mongodb_url: str, rabbitmq_url: str, processes: Iterable[tuple[str, int]], pid: int
) -> Path:
    """Record the running system (owner-only: the URLs may carry passwords)."""
    path = state_path(var_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {
        "pid": pid,
        "mongodb_url": mongodb_url,
        "rabbitmq_url": rabbitmq_url,
        "processes": dict(processes),
        "log_dir": str((var_dir / "log").resolve()),
    }
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(json.dumps(body, indent=2), encoding="utf-8")
    return path


def read_state(var_dir: Path) -> dict[str, Any] | None:
    """The recorded system, or None when none is recorded or its `thidua up` is no longer running."""
    try:
        body = json.loads(state_path(var_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(body, dict) or not _alive(int(body.get("pid", 0))):
        return None
    return body


def remove_state(var_dir: Path) -> None:
    state_path(var_dir).unlink(missing_ok=True)


def apply_state(environ: MutableMapping[str, str], var_dir: Path) -> dict[str, Any] | None:
    """Point the operator's commands at the running local system: its URLs become the defaults, and what the
    environment states explicitly wins."""
    state = read_state(var_dir)
    if state is None or any(environ.get(name) for name in EXPLICIT):
        return state
    for key, variable in URL_VARIABLES.items():
        if state.get(key):
            environ[variable] = str(state[key])
    return state


def default_var_dir(environ: MutableMapping[str, str] | None = None) -> Path:
    return Path((environ if environ is not None else os.environ).get(VAR_DIR_ENV, "var"))


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
