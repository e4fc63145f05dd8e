"""Broker users in the deploy files: one per service, publishing only its own types, a read-only board."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from thidua.contracts.registry import EVENT_TYPES, owner_of
from thidua.messaging import network

ROOT = Path(__file__).resolve().parents[2]
DEFINITIONS = json.loads((ROOT / "deploy" / "rabbitmq" / "definitions.json").read_text(encoding="utf-8"))
BASE = ROOT / "deploy" / "k8s" / "base"


def documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def topic_permission(user: str) -> dict[str, Any]:
    (found,) = [p for p in DEFINITIONS["topic_permissions"] if p["user"] == user]
    return found


def test_each_service_may_publish_exactly_the_event_types_it_owns() -> None:
    for service in network.SERVICES:
        write = re.compile(topic_permission(f"thidua-{service}")["write"])
        allowed = {t for t in EVENT_TYPES if write.fullmatch(t)}
        assert allowed == {t for t in EVENT_TYPES if owner_of(t) == service}, service


def test_no_service_may_write_to_the_default_exchange_or_another_services_queues() -> None:
    permissions = {p["user"]: p for p in DEFINITIONS["permissions"]}
    for service in network.SERVICES:
        write = re.compile(permissions[f"thidua-{service}"]["write"])
        assert not write.fullmatch("amq.default")
        others = [s for s in network.SERVICES if s != service]
        assert not any(write.fullmatch(f"{other}.{other}") for other in others), service


def test_the_board_reads_its_queue_and_nothing_else() -> None:
    (board,) = [p for p in DEFINITIONS["permissions"] if p["user"] == "thidua-board"]
    assert (board["configure"], board["write"]) == ("^$", "^$")
    assert re.fullmatch(board["read"], "board.awards")
    assert not re.fullmatch(board["read"], "notify.notify")


def test_every_kubernetes_service_logs_in_as_its_own_broker_user() -> None:
    template = {doc["metadata"]["name"]: doc for doc in documents(BASE / "secrets.template.yaml")}
    for service in network.SERVICES:
        for deployment in documents(BASE / f"{service}.yaml"):
            if deployment["kind"] != "Deployment":
                continue
            (container,) = deployment["spec"]["template"]["spec"]["containers"]
            (url,) = [e for e in container["env"] if e["name"] == "RABBITMQ_URL"]
            ref = url["valueFrom"]["secretKeyRef"]
            assert ref["name"] == f"thidua-{service}", deployment["metadata"]["name"]
            value = template[ref["name"]]["stringData"][ref["key"]]
            assert urlsplit(value).username == f"thidua-{service}"


def test_the_kubernetes_broker_imports_the_definitions_secret_it_mounts() -> None:
    (cluster,) = documents(BASE / "rabbitmq.yaml")
    config = cluster["spec"]["rabbitmq"]["additionalConfig"]
    (path,) = re.findall(r"^load_definitions = (\S+)$", config, flags=re.MULTILINE)
    pod = cluster["spec"]["override"]["statefulSet"]["spec"]["template"]["spec"]
    (mount,) = pod["containers"][0]["volumeMounts"]
    (volume,) = pod["volumes"]
    assert path == f"{mount['mountPath']}/definitions.json" and mount["name"] == volume["name"]
    assert volume["secret"]["secretName"] == "thidua-rabbitmq-definitions"
