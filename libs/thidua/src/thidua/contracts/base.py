"""The event envelope every message on `thidua.events` carries, and the base of every `data` payload."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


def new_id() -> str:
    """An opaque, unique event or entity id."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class EventData(BaseModel):
    """Base of an event's `data`: facts and ids, never a service's internal model.

    Subclasses set `event_type` (the routing key) and `schema_version`; a breaking change is a new
    class with a new type (e.g. `award.decided.v2`), an additive change keeps the version.
    """

    model_config = ConfigDict(frozen=True, extra="ignore")

    event_type: ClassVar[str]
    schema_version: ClassVar[int] = 1
    producer: ClassVar[str]


class Envelope(BaseModel):
    """What travels on the wire: the AMQP body, JSON in UTF-8. Consumers ignore unknown fields."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str = Field(description="Unique event id; also the AMQP message_id and the inbox key.")
    type: str = Field(description="Event type, e.g. `award.decided`; also the routing key and AMQP `type`.")
    schema_version: int = Field(ge=1, description="Version of the `data` schema for this type.")
    occurred_at: AwareDatetime = Field(description="When the fact happened (UTC, ISO 8601).")
    producer: str = Field(description="The service that produced the event, e.g. `awards`.")
    correlation_id: str | None = Field(
        default=None, description="Id of the request or process that started the chain of events."
    )
    causation_id: str | None = Field(
        default=None, description="Id of the event that directly caused this one."
    )
    subject: str = Field(
        description="Id of the aggregate the event is about (e.g. an award id); order is kept per subject."
    )
    data: dict[str, Any] = Field(description="The type-specific payload (see the event type's schema).")

    @classmethod
    def wrap(
        cls,
        data: EventData,
        *,
        subject: str,
        producer: str | None = None,
        correlation_id: str | None = None,
        causation_id: str | None = None,
        event_id: str | None = None,
        occurred_at: datetime | None = None,
    ) -> Envelope:
        """Put a payload in an envelope, ready for the outbox."""
        return cls(
            id=event_id or new_id(),
            type=data.event_type,
            schema_version=data.schema_version,
            occurred_at=occurred_at or utcnow(),
            producer=producer or data.producer,
            correlation_id=correlation_id,
            causation_id=causation_id,
            subject=subject,
            data=data.model_dump(mode="json"),
        )

    def to_body(self) -> bytes:
        """The AMQP body."""
        return self.model_dump_json().encode("utf-8")

    @classmethod
    def from_body(cls, body: bytes) -> Envelope:
        """Parse an AMQP body; raises pydantic.ValidationError on a malformed one."""
        return cls.model_validate_json(body)
