"""The whole network as separate processes (every API and worker) against the test infrastructure.

Each system gets its own databases, exchange and queue names, so systems of parallel tests never meet.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from thidua import mongo
from thidua.signing import LocalKey, ensure_key_file
from thidua_tools.isolated import isolated_system, remove_isolated
from thidua_tools.launcher import PORTAL, SERVICES, System

from tests.support import tokens
from tests.support.infra import Infra

SECRET = "system-secret-" + "z" * 40
RETRY_DELAYS_S = (0.5, 1.0)
SERVICE_NAMES = [name for name, _ in SERVICES]
PORTAL_ADMIN_TOKEN = "system-portal-admin-" + "q" * 32
ISSUER, AUDIENCE = "http://portal.system.test", "thidua"


def system_env(infra: Infra, unique: str, **extra: str) -> dict[str, str]:
    """Environment shared by every process of one test system."""
    return {
        **os.environ,
        "MONGODB_URL": infra.mongo_url,
        "RABBITMQ_URL": infra.rabbitmq_url,
        "THIDUA_ENV": "test",
        "THIDUA_JWT_SECRET": SECRET,
        **tokens.ENV,
        "THIDUA_EVENTS_EXCHANGE": f"thidua.events.s{unique}",
        "THIDUA_LOG_FORMAT": "json",
        "THIDUA_PUBLIC_RATE_LIMIT": "100000/minute",  # tests file and track many letters from one address
        "THIDUA_RELAY_POLL_INTERVAL_S": "0.05",
        "THIDUA_CONSUMER_RETRY_DELAYS_S": json.dumps(RETRY_DELAYS_S),
        "THIDUA_DELIVERY_POLL_INTERVAL_S": "0.2",
        "THIDUA_DELIVERY_BACKOFF_BASE_S": "0.5",
        "THIDUA_DELIVERY_BACKOFF_CAP_S": "2",
        # grievance seals filers' identities: outside dev it refuses to start without real keys
        "THIDUA_IDENTITY_KEYS": json.dumps({"k1": base64.b64encode(os.urandom(32)).decode()}),
        "THIDUA_IDENTITY_ACTIVE_KEY_ID": "k1",
        # awards seals council votes: outside dev it refuses to start without a real ballot key
        "THIDUA_BALLOT_KEYS": json.dumps({"b1": base64.b64encode(os.urandom(32)).decode()}),
        "THIDUA_BALLOT_ACTIVE_KEY_ID": "b1",
        **extra,
    }


def service_names(unique: str) -> dict[str, str]:
    """The service name (queues, leases) of each service (and the portal) in one test system."""
    return {name: f"{name}{unique}" for name in [*SERVICE_NAMES, PORTAL[0]]}


def databases(unique: str) -> dict[str, str]:
    """The database of each service (and the portal) in one test system."""
    return {name: f"t_{unique}_{name}" for name in [*SERVICE_NAMES, PORTAL[0]]}


def portal_key(log_dir: Path) -> LocalKey:
    """The RS256 key of a system started with the portal (created beside its logs)."""
    return ensure_key_file(log_dir.parent / "keys" / "jwt-signing.pem")


@contextmanager
def running_system(
    infra: Infra,
    unique: str,
    log_dir: Path,
    *,
    worker_replicas: int = 1,
    portal: bool = False,
    **extra_env: str,
) -> Iterator[System]:
    """Start every API and worker as processes on free ports; stop them all afterwards.

    With `portal`, the portal runs too and the services verify RS256 tokens through its JWKS URL (the
    embedded default's sign-in); sign tokens for such a system with `portal_key(log_dir)`."""
    key_file = None
    if portal:
        portal_key(log_dir)
        key_file = log_dir.parent / "keys" / "jwt-signing.pem"
        extra_env = {
            "THIDUA_ADMIN_TOKEN": PORTAL_ADMIN_TOKEN,
            "THIDUA_JWT_ISSUER": ISSUER,
            "THIDUA_JWT_AUDIENCE": AUDIENCE,
            **extra_env,
        }
    system = isolated_system(
        env=system_env(infra, unique, **extra_env),
        log_dir=log_dir,
        service_names=service_names(unique),
        databases=databases(unique),
        worker_replicas=worker_replicas,
        portal_key_file=key_file,
    )
    try:
        system.start()
        system.wait_ready(timeout_s=120)
        yield system
    finally:
        system.stop()
        with ThreadPoolExecutor(1) as pool:  # the caller may be inside an event loop already
            pool.submit(asyncio.run, remove(infra, unique)).result(timeout=120)


async def remove(infra: Infra, unique: str) -> None:
    """Drop a test system's databases and delete its queues and exchange."""
    await remove_isolated(
        mongo_url=infra.mongo_url,
        rabbitmq_url=infra.rabbitmq_url,
        databases=databases(unique).values(),
        exchange=f"thidua.events.s{unique}",
        retry_delays_s=RETRY_DELAYS_S,
        service_names=service_names(unique),
    )


def log_tail(system: System, label: str, chars: int = 3000) -> str:
    """The end of one process's log, for an assertion message."""
    path = system.log_dir / f"{label}.log"
    return path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"


async def members_known_to_notify(infra: Infra, unique: str, count: int, timeout_s: float = 60) -> None:
    """Wait until notify has learnt `count` members' own e-mail addresses from the registration events
    (in life, registrations come months before any award; a test must not race them)."""
    client = mongo.connect(infra.mongo_url)
    try:
        people = client[databases(unique)["notify"]]["people"]
        deadline = asyncio.get_running_loop().time() + timeout_s
        while await people.count_documents({}) < count:
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"notify knows fewer than {count} members' e-mail after {timeout_s} s")
            await asyncio.sleep(0.2)
    finally:
        await mongo.close(client)
