"""Whole networks that share a broker and a database server with others without meeting them.

Every API and worker on free ports, each service under its own name (queues, leases) and database: what the
system-level tests and `bench.load` run, side by side with other such networks.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import aio_pika
from thidua import mongo
from thidua.messaging import network
from thidua.messaging.topology import QueueNames
from thidua.runtime import CONSUMERS
from thidua.signing import LOCAL_AUDIENCE, LOCAL_ISSUER

from thidua_tools.embedded import free_port
from thidua_tools.launcher import PORTAL, SERVICES, System, network_topology, plan
from thidua_tools.local_sign_in import local_auth_env


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
        issuer = env.get("THIDUA_JWT_ISSUER", LOCAL_ISSUER)
        audience = env.get("THIDUA_JWT_AUDIENCE", LOCAL_AUDIENCE)
        auth = local_auth_env(processes, key_file=portal_key_file, issuer=issuer, audience=audience)
        service_env = {name: {**service_env[name], **auth.get(name, {})} for name in names}
    topology = network_topology(env, _network_names(service_names))
    return System(processes, env=env, log_dir=log_dir, service_env=service_env, topology=topology)


def _network_names(service_names: Mapping[str, str]) -> dict[str, str]:
    """The services' names, and the board's queue named the same way (`board1a2b.awards`)."""
    pattern = network.name_pattern("awards", service_names["awards"]) or {}
    return {**pattern, **service_names}


async def remove_isolated(
    *,
    mongo_url: str,
    rabbitmq_url: str,
    databases: Iterable[str],
    exchange: str,
    retry_delays_s: Sequence[float],
    service_names: Mapping[str, str] | None = None,
) -> None:
    """Drop an isolated network's databases and delete its queues (main, retries, dead letters, as its
    workers recorded them, and with `service_names` everything its topology declared) and its exchange."""
    client = mongo.connect(mongo_url)
    queues: list[str] = []
    exchanges = [exchange]
    if service_names is not None:
        env = {
            "THIDUA_EVENTS_EXCHANGE": exchange,
            "THIDUA_CONSUMER_RETRY_DELAYS_S": json.dumps(list(retry_delays_s)),
        }
        topology = network_topology(env, _network_names(service_names))
        queues, exchanges = topology.queues(), topology.exchanges()
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
        for queue in dict.fromkeys(queues):
            await channel.queue_delete(queue)
        for name in exchanges:
            await channel.exchange_delete(name)
    finally:
        await connection.close()
