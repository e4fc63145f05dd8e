"""Start the embedded MongoDB-wire server (SecantusDB) as a separate process.

SecantusDB is GPL-2.0: it is run as its own process and never imported by ThiĐua code.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SECANTUS_EXECUTABLE = "secantusd-py"


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be found or did not start."""


@dataclass
class EmbeddedMongo:
    """A running SecantusDB process and the URL to reach it."""

    process: subprocess.Popen[bytes]
    port: int
    storage: Path

    @property
    def url(self) -> str:
        """Connection string; retryable writes are off because they cost 16× on this server."""
        return f"mongodb://127.0.0.1:{self.port}/?retryWrites=false&directConnection=true"

    def stop(self, *, timeout_s: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL after the timeout)."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def find_executable() -> str:
    """Locate `secantusd-py` next to this interpreter or on PATH."""
    beside = Path(sys.executable).parent / SECANTUS_EXECUTABLE
    if beside.exists():
        return str(beside)
    found = shutil.which(SECANTUS_EXECUTABLE)
    if found is None:
        raise EmbeddedServerError(
            "SecantusDB is not installed: run `uv sync` (it is in the dev dependency group), "
            "or set MONGODB_URL to a MongoDB replica set."
        )
    return found


def wait_for_port(port: int, *, timeout_s: float, process: subprocess.Popen[bytes] | None = None) -> None:
    """Block until 127.0.0.1:port accepts connections, the process dies, or the timeout passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise EmbeddedServerError(f"the server exited with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise EmbeddedServerError(f"nothing listens on 127.0.0.1:{port} after {timeout_s:.0f} s")


def start_secantusdb(
    *, storage: Path, port: int | None = None, log_file: Path | None = None, timeout_s: float = 60.0
) -> EmbeddedMongo:
    """Start SecantusDB on 127.0.0.1 with its data under `storage`, and wait until it listens."""
    storage.mkdir(parents=True, exist_ok=True)
    chosen = port or free_port()
    out = open(log_file, "ab") if log_file else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(  # noqa: S603
        [find_executable(), "--host", "127.0.0.1", "--port", str(chosen), "--storage-path", str(storage)],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    server = EmbeddedMongo(process=process, port=chosen, storage=storage)
    try:
        wait_for_port(chosen, timeout_s=timeout_s, process=process)
    except EmbeddedServerError:
        server.stop()
        raise
    return server
