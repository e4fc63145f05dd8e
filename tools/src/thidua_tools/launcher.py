"""`thidua up`: the embedded default — every service's API and worker as separate processes on one machine."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aio_pika
import httpx
from thidua.messaging import declare, network
from thidua.messaging.network import Topology
from thidua.messaging.topology import TopologyError
from thidua.settings import ServiceSettings

from thidua_tools.embedded import EmbeddedMongo, start_secantusdb
from thidua_tools.local_sign_in import local_auth_env, local_sign_in
from thidua_tools.local_state import remove_state, write_state

T = TypeVar("T")
DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


@dataclass(frozen=True)
class ServiceProcess:
    """One process to start: `python -m <service> <role>`, answering health checks on `port`."""

    service: str
    role: str
    port: int
    replica: int = 1

    @property
    def label(self) -> str:
        suffix = f"-{self.replica}" if self.replica > 1 else ""
        return f"{self.service}-{self.role}{suffix}"


SERVICES: tuple[tuple[str, int], ...] = (
    ("registration", 8001),
    ("awards", 8002),
    ("grievance", 8003),
    ("notify", 8004),
)
EMBEDDED_MONGO_PORT = 27018
PORTAL = ("portal", 8000)  # the web application (one process, no worker); it signs the local tokens


def plan(
    ports: Mapping[str, int] | None = None,
    *,
    worker_replicas: int = 1,
    worker_port_step: int = 1000,
    portal: bool = False,
) -> list[ServiceProcess]:
    """APIs on 8001–8004, their workers' health and metrics on 9001–9004 (replica r: +100·(r-1)), and
    with `portal` the portal on 8000.

    `ports` overrides a service's API port; its workers then listen on that port + `worker_port_step`.
    """
    chosen = {name: (ports or {}).get(name, port) for name, port in SERVICES}
    out: list[ServiceProcess] = []
    for name, port in chosen.items():
        out.append(ServiceProcess(name, "api", port))
        out += [
            ServiceProcess(name, "worker", port + worker_port_step + 100 * (r - 1), replica=r)
            for r in range(1, worker_replicas + 1)
        ]
    if portal:
        out.append(ServiceProcess(PORTAL[0], "api", (ports or {}).get(PORTAL[0], PORTAL[1])))
    return out


def rabbitmq_help(url: str, error: BaseException) -> str:
    """What to tell a user whose RabbitMQ does not answer."""
    return (
        f"RabbitMQ does not answer at {url} ({error!r}).\n"
        "Start one, then run this command again:\n"
        "  - Debian/Ubuntu: sudo apt-get install rabbitmq-server && sudo rabbitmq-server -detached\n"
        "  - with Docker:  docker run -d --name rabbitmq -p 5672:5672 -p 15672:15672 "
        "rabbitmq:3.13-management\n"
        "  - or point RABBITMQ_URL at a broker you already run."
    )


async def check_rabbitmq(url: str) -> None:
    """Open and close one AMQP connection; raise if the broker does not answer."""
    connection = await asyncio.wait_for(aio_pika.connect(url), timeout=5)
    await connection.close()


def wait_ready(processes: list[ServiceProcess], *, timeout_s: float) -> dict[str, str]:
    """Poll each process's /readyz until all are ready or the timeout passes; returns label -> state."""
    states = dict.fromkeys((p.label for p in processes), "starting")
    deadline = time.monotonic() + timeout_s
    with httpx.Client(timeout=2.0) as http:
        while time.monotonic() < deadline and any(s != "ready" for s in states.values()):
            for proc in processes:
                if states[proc.label] == "ready":
                    continue
                try:
                    answer = http.get(f"http://127.0.0.1:{proc.port}/readyz")
                    states[proc.label] = (
                        "ready" if answer.status_code == 200 else f"not ready ({answer.status_code})"
                    )
                except httpx.HTTPError:
                    states[proc.label] = "starting"
            time.sleep(0.5)
    return states


def start_process(proc: ServiceProcess, *, env: dict[str, str], log_dir: Path) -> subprocess.Popen[bytes]:
    """Start one service process with its output in var/log/<service>-<role>.log."""
    port_var = "THIDUA_WORKER_METRICS_PORT" if proc.role == "worker" else "THIDUA_HTTP_PORT"
    log_file = open(log_dir / f"{proc.label}.log", "ab")  # noqa: SIM115 - the child owns it
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", proc.service, proc.role],
        env={**env, port_var: str(proc.port)},
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def network_topology(env: Mapping[str, str], names: Mapping[str, str] | None = None) -> Topology:
    """The topology of the network the processes started with `env` form (services renamed by `names`)."""
    fields = ServiceSettings.model_fields
    delays = env.get("THIDUA_CONSUMER_RETRY_DELAYS_S")
    return network.build(
        exchange=env.get("THIDUA_EVENTS_EXCHANGE", str(fields["events_exchange"].default)),
        retry_delays_s=json.loads(delays)
        if delays
        else fields["consumer_retry_delays_s"].get_default(call_default_factory=True),
        delivery_limit=int(
            env.get("THIDUA_CONSUMER_DELIVERY_LIMIT", fields["consumer_delivery_limit"].default)
        ),
        names=names,
    )


def _in_thread(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, even inside a running event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result(timeout=120)


class System:
    """Every service's API and worker(s) as child processes; used by `thidua up`, tests and benchmarks.

    With a `topology`, the first `start` applies it to the broker before any process runs, so every queue
    is bound before the first relay publishes.
    """

    def __init__(
        self,
        processes: list[ServiceProcess],
        *,
        env: Mapping[str, str],
        log_dir: Path,
        service_env: Mapping[str, Mapping[str, str]] | None = None,
        topology: Topology | None = None,
    ) -> None:
        self.processes = {proc.label: proc for proc in processes}
        self.env, self.log_dir = dict(env), log_dir
        self.service_env = {name: dict(values) for name, values in (service_env or {}).items()}
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.topology = topology
        self._topology_applied = False
        log_dir.mkdir(parents=True, exist_ok=True)

    def apply_topology(self) -> None:
        """Declare the network's exchange, queues and bindings (once)."""
        if self.topology is not None and not self._topology_applied:
            url = self.env.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL)
            _in_thread(declare.connect_and_apply(url, self.topology))
            self._topology_applied = True

    def url(self, service: str) -> str:
        """Base URL of a service's API."""
        return f"http://127.0.0.1:{self.processes[f'{service}-api'].port}"

    def start(self, label: str | None = None) -> None:
        """Start one process by label, or every process not running (the topology applied first)."""
        self.apply_topology()
        for proc in [self.processes[label]] if label else self.processes.values():
            child = self.children.get(proc.label)
            if child is None or child.poll() is not None:
                env = {**self.env, **self.service_env.get(proc.service, {})}
                self.children[proc.label] = start_process(proc, env=env, log_dir=self.log_dir)

    def wait_ready(self, *, timeout_s: float = 90.0) -> dict[str, str]:
        """Poll /readyz of every process; raises when one is not ready in time."""
        states = wait_ready(list(self.processes.values()), timeout_s=timeout_s)
        late = {label: state for label, state in states.items() if state != "ready"}
        if late:
            raise RuntimeError(f"not ready after {timeout_s} s: {late}; logs in {self.log_dir}")
        return states

    def kill(self, label: str) -> None:
        """SIGKILL one process (a crash, as a fault test wants it)."""
        child = self.children[label]
        child.kill()
        child.wait()

    def exited(self) -> dict[str, int]:
        """Processes that have exited, with their exit codes."""
        return {label: c.returncode for label, c in self.children.items() if c.poll() is not None}

    def stop(self, *, timeout_s: float = 30.0) -> None:
        """SIGTERM every process, then SIGKILL whatever has not stopped in time."""
        _stop_all(self.children, timeout_s=timeout_s)


def up(*, var_dir: Path, ready_timeout_s: float = 90.0) -> int:
    """Start everything, print a readiness summary, and stop it all on Ctrl-C or SIGTERM."""
    env = dict(os.environ)
    env.setdefault("THIDUA_ENV", "dev")
    rabbit_url = env.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL)
    try:
        asyncio.run(check_rabbitmq(rabbit_url))
    except Exception as exc:
        print(rabbitmq_help(rabbit_url, exc), file=sys.stderr)
        return 1
    log_dir = var_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    embedded: EmbeddedMongo | None = None
    if not env.get("MONGODB_URL"):
        port = int(env.get("THIDUA_EMBEDDED_MONGO_PORT", EMBEDDED_MONGO_PORT))
        print(
            f"Starting the embedded MongoDB-wire server (SecantusDB) on 127.0.0.1:{port}, "
            f"data in {var_dir / 'secantus'}"
        )
        embedded = start_secantusdb(
            storage=var_dir / "secantus", port=port, log_file=log_dir / "secantus.log"
        )
        env["MONGODB_URL"] = embedded.url
    processes = plan(port_overrides(env), portal=True)
    system = System(
        processes,
        env=env,
        log_dir=log_dir,
        service_env=local_sign_in(env, var_dir, processes),
        topology=network_topology(env),
    )
    stopping = {"now": False}

    def request_stop(_sig: int, _frame: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        try:
            system.apply_topology()  # every queue bound before the first relay publishes
        except TopologyError as exc:
            print(exc, file=sys.stderr)
            return 1
        system.start()
        processes = list(system.processes.values())
        write_state(
            var_dir,
            mongodb_url=env["MONGODB_URL"],
            rabbitmq_url=rabbit_url,
            processes=[(p.label, p.port) for p in processes],
            pid=os.getpid(),
        )
        states = wait_ready(processes, timeout_s=ready_timeout_s)
        _print_summary(processes, states, log_dir)
        print(f"Database: {env['MONGODB_URL']}\nBroker:   {_without_password(rabbit_url)}", flush=True)
        return _supervise(system.children, stopping)
    finally:
        remove_state(var_dir)
        system.stop()
        if embedded is not None:
            embedded.stop()
        print("All ThiĐua processes stopped.")


def port_overrides(env: Mapping[str, str]) -> dict[str, int]:
    """API ports chosen in the environment: THIDUA_<SERVICE>_PORT (e.g. THIDUA_PORTAL_PORT=8080); a
    service's worker then answers on that port + 1000."""
    names = [name for name, _ in SERVICES] + [PORTAL[0]]
    return {
        name: int(env[f"THIDUA_{name.upper()}_PORT"])
        for name in names
        if env.get(f"THIDUA_{name.upper()}_PORT")
    }


def _without_password(url: str) -> str:
    head, at, tail = url.rpartition("@")
    if not at or "://" not in head:
        return url
    scheme, _, credentials = head.partition("://")
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{tail}"


def _print_summary(processes: list[ServiceProcess], states: dict[str, str], log_dir: Path) -> None:
    print("\nThiĐua network (embedded default):")
    for proc in processes:
        page = "/" if proc.service == PORTAL[0] else "/docs"
        extra = f"  http://127.0.0.1:{proc.port}{page}" if proc.role == "api" else ""
        print(f"  {proc.label:<22} :{proc.port}  {states[proc.label]}{extra}")
    print(
        f"Logs: {log_dir}/<service>-<role>.log.  Stop: Ctrl-C here (or `kill {os.getpid()}`).\n"
        "Operator commands (`uv run thidua dlq list`, `outbox status`, ...) find this system through "
        f"{log_dir.parent / 'thidua-up.json'}.",
        flush=True,
    )


def _supervise(children: dict[str, subprocess.Popen[bytes]], stopping: dict[str, bool]) -> int:
    while not stopping["now"]:
        for label, child in children.items():
            if child.poll() is not None:
                print(
                    f"{label} exited with code {child.returncode}; stopping the rest (see its log).",
                    file=sys.stderr,
                )
                return 1
        time.sleep(0.5)
    print("\nStopping…", flush=True)
    return 0


def _stop_all(children: dict[str, subprocess.Popen[bytes]], *, timeout_s: float = 30.0) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


__all__ = [
    "PORTAL",
    "System",
    "check_rabbitmq",
    "local_auth_env",
    "network_topology",
    "plan",
    "rabbitmq_help",
    "up",
]
