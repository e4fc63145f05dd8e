"""`thidua up`: the embedded default — every service's API and worker as separate processes on one machine."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import aio_pika
import httpx

from thidua import mongo
from thidua.embedded import EmbeddedMongo, free_port, start_secantusdb
from thidua.local_sign_in import local_auth_env, local_sign_in
from thidua.messaging.topology import QueueNames
from thidua.runtime import CONSUMERS
from thidua.signing import LOCAL_AUDIENCE, LOCAL_ISSUER


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


class System:
    """Every service's API and worker(s) as child processes; used by `thidua up`, tests and benchmarks."""

    def __init__(
        self,
        processes: list[ServiceProcess],
        *,
        env: Mapping[str, str],
        log_dir: Path,
        service_env: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        self.processes = {proc.label: proc for proc in processes}
        self.env, self.log_dir = dict(env), log_dir
        self.service_env = {name: dict(values) for name, values in (service_env or {}).items()}
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        log_dir.mkdir(parents=True, exist_ok=True)

    def url(self, service: str) -> str:
        """Base URL of a service's API."""
        return f"http://127.0.0.1:{self.processes[f'{service}-api'].port}"

    def start(self, label: str | None = None) -> None:
        """Start one process by label, or every process not running."""
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


def isolated_system(
    *,
    env: Mapping[str, str],
    log_dir: Path,
    service_names: Mapping[str, str],
    databases: Mapping[str, str],
    worker_replicas: int = 1,
    portal_key_file: Path | None = None,
) -> System:
    """Every API and worker on free ports, each service under its own name (queues, leases) and database:
    a network that shares a broker and a database server with others without meeting them.

    With `portal_key_file` the portal runs too, signing with that key, and the services verify its tokens
    through its JWKS URL (the embedded default's sign-in)."""
    portal = portal_key_file is not None
    chosen = plan(worker_replicas=worker_replicas, portal=portal)
    processes = [dataclasses.replace(p, port=free_port()) for p in chosen]
    names = [name for name, _ in SERVICES] + ([PORTAL[0]] if portal else [])
    service_env = {
        name: {"THIDUA_SERVICE_NAME": service_names[name], "THIDUA_MONGODB_DATABASE": databases[name]}
        for name in names
    }
    if portal_key_file is not None:
        issuer, audience = (
            env.get("THIDUA_JWT_ISSUER", LOCAL_ISSUER),
            env.get("THIDUA_JWT_AUDIENCE", LOCAL_AUDIENCE),
        )
        auth = local_auth_env(processes, key_file=portal_key_file, issuer=issuer, audience=audience)
        service_env = {name: {**service_env[name], **auth.get(name, {})} for name in names}
    return System(processes, env=env, log_dir=log_dir, service_env=service_env)


async def remove_isolated(
    *,
    mongo_url: str,
    rabbitmq_url: str,
    databases: Iterable[str],
    exchange: str,
    retry_delays_s: Sequence[float],
) -> None:
    """Drop an isolated network's databases and delete its queues (main, retries, dead letters, as its
    workers recorded them) and its exchange."""
    client = mongo.connect(mongo_url)
    queues: list[str] = []
    try:
        for db in databases:
            async for doc in client[db][CONSUMERS].find({}):
                names = QueueNames(main=str(doc["queue"]), delays_s=tuple(retry_delays_s))
                queues += [names.main, names.dlq, *names.retries]
            await client.drop_database(db)
    finally:
        await mongo.close(client)
    connection = await aio_pika.connect(rabbitmq_url)
    try:
        channel = await connection.channel()
        for queue in queues:
            await channel.queue_delete(queue)
        await channel.exchange_delete(exchange)
    finally:
        await connection.close()


def up(*, var_dir: Path, ready_timeout_s: float = 90.0) -> int:
    """Start everything, print a readiness summary, and stop it all on Ctrl-C or SIGTERM."""
    env = dict(os.environ)
    env.setdefault("THIDUA_ENV", "dev")
    rabbit_url = env.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
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
    processes = plan(portal=True)
    system = System(processes, env=env, log_dir=log_dir, service_env=local_sign_in(env, var_dir, processes))
    stopping = {"now": False}

    def request_stop(_sig: int, _frame: object) -> None:
        stopping["now"] = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        system.start()
        processes = list(system.processes.values())
        states = wait_ready(processes, timeout_s=ready_timeout_s)
        _print_summary(processes, states, log_dir)
        return _supervise(system.children, stopping)
    finally:
        system.stop()
        if embedded is not None:
            embedded.stop()
        print("All ThiĐua processes stopped.")


def _print_summary(processes: list[ServiceProcess], states: dict[str, str], log_dir: Path) -> None:
    print("\nThiĐua network (embedded default):")
    for proc in processes:
        page = "/" if proc.service == PORTAL[0] else "/docs"
        extra = f"  http://127.0.0.1:{proc.port}{page}" if proc.role == "api" else ""
        print(f"  {proc.label:<22} :{proc.port}  {states[proc.label]}{extra}")
    print(f"Logs: {log_dir}/<service>-<role>.log.  Press Ctrl-C to stop everything.\n", flush=True)


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
    "isolated_system",
    "local_auth_env",
    "plan",
    "rabbitmq_help",
    "remove_isolated",
    "up",
]
