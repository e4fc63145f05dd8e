"""The AsyncAPI document: committed copy is fresh, and it describes every registered event type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from thidua.contracts import EVENT_TYPES
from thidua_tools.asyncapi import EXCHANGE, build_document, render_yaml

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"
REGENERATE = "uv run python -m thidua_tools.asyncapi > docs/asyncapi.yaml"


def resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in refs(value)]
    return []


class TestCommittedDocument:
    def test_committed_document_equals_a_fresh_generation(self) -> None:
        committed = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
        assert committed == render_yaml(), f"docs/asyncapi.yaml is stale; regenerate it with `{REGENERATE}`"

    def test_rendering_is_deterministic_and_reads_back_as_the_same_data(self) -> None:
        text = render_yaml()
        assert text == render_yaml()
        assert yaml.safe_load(text) == build_document()
        assert "*id" not in text  # no YAML aliases: every node is written out


class TestDocumentContent:
    def test_it_is_asyncapi_3_0_0_with_a_local_amqp_server(self) -> None:
        document = build_document()
        assert document["asyncapi"] == "3.0.0"
        assert document["info"]["title"] == "ThiĐua network events"
        assert document["servers"]["local"] == document["servers"]["local"] | {
            "host": "127.0.0.1:5672",
            "protocol": "amqp",
        }

    def test_every_registered_type_has_a_channel_message_and_send_operation(self) -> None:
        document = build_document()
        for event_type, cls in EVENT_TYPES.items():
            channel = document["channels"][event_type]
            assert channel["address"] == event_type
            exchange = channel["bindings"]["amqp"]["exchange"]
            assert exchange | {"name": EXCHANGE, "type": "topic", "durable": True} == exchange
            message = resolve(document, channel["messages"][cls.__name__]["$ref"])
            assert message["name"] == event_type
            assert message["payload"]["properties"]["type"]["const"] == event_type
            data = resolve(document, message["payload"]["properties"]["data"]["$ref"])
            assert set(data["properties"]) == set(cls.model_fields)
            operation = document["operations"][f"{cls.producer}.send.{event_type}"]
            assert operation["action"] == "send"
            assert operation["bindings"]["amqp"]["deliveryMode"] == 2

    def test_the_provincial_board_channel_covers_every_award_event(self) -> None:
        document = build_document()
        board = document["channels"]["board.award"]
        assert board["address"] == "award.#"
        award_classes = {cls.__name__ for t, cls in EVENT_TYPES.items() if t.startswith("award.")}
        assert set(board["messages"]) == award_classes

    def test_every_reference_resolves(self) -> None:
        document = build_document()
        for ref in refs(document):
            assert ref.startswith("#/"), ref
            resolve(document, ref)
