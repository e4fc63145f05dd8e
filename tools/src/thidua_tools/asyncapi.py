"""The AsyncAPI 3.0.0 document of every event on `thidua.events`, generated from the contract models.

Regenerate the committed copy with `uv run python -m thidua_tools.asyncapi > docs/asyncapi.yaml`;
a contract test fails while the two differ.
"""

from __future__ import annotations

import copy
import inspect
import sys
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema
from thidua.contracts.base import Envelope, EventData
from thidua.contracts.registry import EVENT_TYPES

ASYNCAPI_VERSION = "3.0.0"
DOCUMENT_VERSION = "1.0.0"
EXCHANGE = "thidua.events"
CONTENT_TYPE = "application/json"
PERSISTENT = 2  # AMQP delivery_mode of a persistent message
AMQP_BINDING_VERSION = "0.3.0"
SCHEMA_REF = "#/components/schemas/{model}"
BOARD_PATTERN = "award.#"

_DESCRIPTION = """\
Every integration event of the ThiĐua network travels on one durable topic exchange, `thidua.events`,
with the event type as routing key (e.g. `award.decided`). The body is JSON in UTF-8: the envelope
`{id, type, schema_version, occurred_at, producer, correlation_id, causation_id, subject, data}`,
where `data` is the type's payload described by each message below.

AMQP properties: `message_id` = envelope `id`, `type` = event type, `content_type` = `application/json`,
`delivery_mode` = 2 (persistent).

Consumers are tolerant readers: they ignore unknown fields and unknown values of categorical fields.
A change is additive within a type; a breaking change is a new type (e.g. `award.decided.v2`).
Delivery is at least once: consumers deduplicate by envelope `id`. Order is kept per `subject`.
"""


def _summary(cls: type[BaseModel]) -> str:
    doc = inspect.getdoc(cls) or cls.__name__
    return doc.splitlines()[0]


def _schemas(classes: Sequence[type[BaseModel]]) -> dict[str, Any]:
    """JSON schemas of the envelope and every payload, with shared definitions, keyed by model name."""
    mode: JsonSchemaMode = "validation"
    _, top = models_json_schema([(cls, mode) for cls in classes], ref_template=SCHEMA_REF)
    defs: dict[str, Any] = top.get("$defs", {})
    return {name: defs[name] for name in sorted(defs)}


def _payload(cls: type[EventData], envelope: dict[str, Any]) -> dict[str, Any]:
    """The envelope schema with `type` and `schema_version` fixed and `data` replaced by the payload's."""
    properties: dict[str, Any] = copy.deepcopy(envelope["properties"])
    properties["type"] = properties["type"] | {"const": cls.event_type}
    properties["schema_version"] = properties["schema_version"] | {"const": cls.schema_version}
    properties["data"] = {"$ref": SCHEMA_REF.format(model=cls.__name__)}
    return {
        "title": f"{cls.__name__}Envelope",
        "description": f"Envelope of an event of type `{cls.event_type}`.",
        "type": "object",
        "properties": properties,
        "required": list(envelope.get("required", [])),
    }


def _headers(cls: type[EventData]) -> dict[str, Any]:
    """The AMQP basic properties every message carries (set by the outbox relay)."""
    return {
        "type": "object",
        "description": "AMQP basic properties of the message.",
        "properties": {
            "message_id": {"type": "string", "description": "Equals the envelope `id`."},
            "type": {"type": "string", "const": cls.event_type, "description": "Equals the envelope `type`."},
            "content_type": {"type": "string", "const": CONTENT_TYPE},
            "delivery_mode": {"type": "integer", "const": PERSISTENT, "description": "Persistent."},
        },
        "required": ["message_id", "type", "content_type", "delivery_mode"],
    }


def _message(cls: type[EventData], envelope: dict[str, Any]) -> dict[str, Any]:
    doc = inspect.getdoc(cls) or ""
    return {
        "name": cls.event_type,
        "title": cls.__name__,
        "summary": _summary(cls),
        "description": f"{doc}\n\nProducer: `{cls.producer}`. Schema version: {cls.schema_version}.",
        "contentType": CONTENT_TYPE,
        "headers": _headers(cls),
        "payload": _payload(cls, envelope),
        "correlationId": {
            "description": "Id of the request or process that started the chain of events.",
            "location": "$message.payload#/correlation_id",
        },
        "bindings": {"amqp": {"messageType": cls.event_type, "bindingVersion": AMQP_BINDING_VERSION}},
        "tags": [{"name": cls.producer}],
    }


def _exchange_binding() -> dict[str, Any]:
    return {
        "amqp": {
            "is": "routingKey",
            "exchange": {
                "name": EXCHANGE,
                "type": "topic",
                "durable": True,
                "autoDelete": False,
                "vhost": "/",
            },
            "bindingVersion": AMQP_BINDING_VERSION,
        }
    }


def _channel(cls: type[EventData]) -> dict[str, Any]:
    return {
        "address": cls.event_type,
        "title": cls.event_type,
        "summary": _summary(cls),
        "description": f"Routing key `{cls.event_type}` on the topic exchange `{EXCHANGE}`.",
        "servers": [{"$ref": "#/servers/local"}],
        "messages": {cls.__name__: {"$ref": f"#/components/messages/{cls.__name__}"}},
        "bindings": _exchange_binding(),
    }


def _send(cls: type[EventData]) -> dict[str, Any]:
    channel = f"#/channels/{cls.event_type}"
    return {
        "action": "send",
        "channel": {"$ref": channel},
        "title": f"{cls.producer} publishes {cls.event_type}",
        "summary": _summary(cls),
        "description": "Written to the producer's outbox in the state change's transaction; "
        "a relay publishes it with publisher confirms.",
        "messages": [{"$ref": f"{channel}/messages/{cls.__name__}"}],
        "bindings": {"amqp": {"deliveryMode": PERSISTENT, "bindingVersion": AMQP_BINDING_VERSION}},
        "tags": [{"name": cls.producer}],
    }


def _board_channel(classes: Sequence[type[EventData]]) -> dict[str, Any]:
    return {
        "address": BOARD_PATTERN,
        "title": "Award events for the provincial board",
        "description": f"The provincial board binds its own queue to `{BOARD_PATTERN}` on `{EXCHANGE}`.",
        "servers": [{"$ref": "#/servers/local"}],
        "messages": {cls.__name__: {"$ref": f"#/components/messages/{cls.__name__}"} for cls in classes},
        "bindings": _exchange_binding(),
    }


def _board_receive(classes: Sequence[type[EventData]]) -> dict[str, Any]:
    return {
        "action": "receive",
        "channel": {"$ref": "#/channels/board.award"},
        "title": "The provincial board consumes award events",
        "summary": "Decided, forwarded and cancelled awards, for the provincial board (read only).",
        "messages": [{"$ref": f"#/channels/board.award/messages/{cls.__name__}"} for cls in classes],
        "tags": [{"name": "board"}],
    }


def build_document() -> dict[str, Any]:
    """The AsyncAPI 3.0.0 document as plain data, deterministic for a given set of contracts."""
    classes = [EVENT_TYPES[name] for name in sorted(EVENT_TYPES)]
    schemas = _schemas([Envelope, *classes])
    envelope = schemas["Envelope"]
    producers = sorted({cls.producer for cls in classes})
    award_classes = [cls for cls in classes if cls.event_type.startswith("award.")]
    channels = {cls.event_type: _channel(cls) for cls in classes}
    channels["board.award"] = _board_channel(award_classes)
    operations = {f"{cls.producer}.send.{cls.event_type}": _send(cls) for cls in classes}
    operations["board.receive.award"] = _board_receive(award_classes)
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": "ThiĐua network events",
            "version": DOCUMENT_VERSION,
            "description": _DESCRIPTION,
            "tags": [{"name": name, "description": f"Published by the {name} service."} for name in producers]
            + [{"name": "board", "description": "The provincial board (an external consumer)."}],
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {
            "local": {
                "host": "127.0.0.1:5672",
                "protocol": "amqp",
                "protocolVersion": "0.9.1",
                "description": "RabbitMQ on the developer's machine (`RABBITMQ_URL` default).",
            }
        },
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": schemas,
            "messages": {cls.__name__: _message(cls, envelope) for cls in classes},
        },
    }


class _Dumper(yaml.SafeDumper):
    """A safe dumper that writes multi-line strings as literal blocks and never anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def render_yaml() -> str:
    """The document as YAML, byte for byte what `docs/asyncapi.yaml` holds."""
    text: str = yaml.dump(
        build_document(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, indent=2
    )
    return text


def main() -> None:
    """Print the document (UTF-8) to standard output."""
    sys.stdout.buffer.write(render_yaml().encode("utf-8"))


if __name__ == "__main__":
    main()
