"""The RabbitMQ definitions file generated from the topology and the broker users (`deploy/rabbitmq/`).

The broker imports it at boot, so every exchange, queue, binding, user and permission exists before the first
service connects. Passwords are never in it: each user's is a `${THIDUA_RABBITMQ_<USER>_PASSWORD}` placeholder
that `deploy/rabbitmq/render-definitions.sh` fills from the environment where the file is deployed. A contract
test regenerates the file and fails when the one in `deploy/` differs.
"""

from __future__ import annotations

import json
from typing import Any

from thidua.contracts.registry import types_owned_by
from thidua.messaging import network, topology
from thidua.messaging.network import Topology
from thidua.messaging.permissions import BrokerUser, broker_users, password_variable

VHOST = "/"
RABBITMQ_VERSION = "3.13.7"  # the release docker-compose.yml and the Kubernetes manifests run


def _queue(name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "vhost": VHOST, "durable": True, "auto_delete": False, "arguments": arguments}


def _exchange(name: str, kind: str, arguments: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "vhost": VHOST,
        "type": kind,
        "durable": True,
        "auto_delete": False,
        "internal": False,
        "arguments": arguments or {},
    }


def _binding(source: str, queue: str, key: str) -> dict[str, Any]:
    return {
        "source": source,
        "vhost": VHOST,
        "destination": queue,
        "destination_type": "queue",
        "routing_key": key,
        "arguments": {},
    }


def _objects(topo: Topology) -> tuple[list[Any], list[Any], list[Any]]:
    """Queues, exchanges and bindings, with the same arguments the services declare."""
    queues = [_queue(topo.unrouted, topology.UNROUTED_ARGUMENTS)]
    exchanges = [
        _exchange(topo.exchange, "topic", topology.exchange_arguments(topo.exchange)),
        _exchange(topo.unrouted, "fanout"),
    ]
    bindings = [_binding(topo.unrouted, topo.unrouted, "")]
    for c in topo.consumers:
        names = c.names
        queues.append(_queue(names.dlq, topology.QUORUM))
        retries = zip(names.delays_s, names.retries, strict=True)
        queues += [_queue(name, topology.retry_arguments(names, delay)) for delay, name in retries]
        queues.append(_queue(names.main, topology.main_arguments(names, delivery_limit=topo.delivery_limit)))
        if _exchange(names.redelivery, "direct") not in exchanges:
            exchanges.append(_exchange(names.redelivery, "direct"))
        bindings += [_binding(names.redelivery, q, q) for q in (names.dlq, *names.retries)]
        bindings += [_binding(topo.exchange, names.main, key) for key in c.routing_keys]
    for r in topo.readers:
        queues.append(_queue(r.name, topology.QUORUM))
        bindings += [_binding(topo.exchange, r.name, key) for key in r.routing_keys]
    return queues, exchanges, bindings


def placeholder(user: str) -> str:
    """What stands for a user's password in the file: `${THIDUA_RABBITMQ_<USER>_PASSWORD}`."""
    return f"${{{password_variable(user)}}}"


def _users(topo: Topology, users: list[BrokerUser]) -> dict[str, list[Any]]:
    return {
        "users": [
            {
                "name": u.name,
                "password": f"${{{password_variable(u.name)}}}",
                "tags": list(u.tags),
                "limits": {},
            }
            for u in users
        ],
        "permissions": [
            {"user": u.name, "vhost": VHOST, "configure": u.configure, "write": u.write, "read": u.read}
            for u in users
        ],
        "topic_permissions": [
            {
                "user": u.name,
                "vhost": VHOST,
                "exchange": topo.exchange,
                "write": u.topic_write,
                "read": u.topic_read,
            }
            for u in users
            if "administrator" not in u.tags and u.write != "^$"
        ],
    }


def render(topo: Topology) -> dict[str, Any]:
    """The definitions document for a topology and the network's broker users."""
    owned = {service: types_owned_by(service) for service in network.SERVICES}
    queues, exchanges, bindings = _objects(topo)
    return {
        "rabbit_version": RABBITMQ_VERSION,
        "rabbitmq_version": RABBITMQ_VERSION,
        **_users(topo, broker_users(topo, owned)),
        "vhosts": [{"name": VHOST}],
        "parameters": [],
        "global_parameters": [],
        "policies": [],
        "queues": queues,
        "exchanges": exchanges,
        "bindings": bindings,
    }


def render_text(topo: Topology) -> str:
    """The file as written to `deploy/rabbitmq/definitions.json`."""
    return json.dumps(render(topo), indent=2, ensure_ascii=False) + "\n"
