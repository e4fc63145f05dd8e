"""Type name -> `data` class, for consumers that decode messages from the wire, and each type's owner.

Every event type has exactly one owning producer (the service whose contract module defines it, its
`producer`): the broker lets only that service's user publish it, and consumers dead-letter a message of
that type from anyone else.
"""

from __future__ import annotations

from thidua.contracts.base import Envelope, EventData

# Filled at the bottom of this module from the contract modules, one per producing service.
EVENT_TYPES: dict[str, type[EventData]] = {}


class UnknownEventType(LookupError):
    """No contract is registered for this event type."""


def register(*classes: type[EventData]) -> None:
    """Register contract classes under their `event_type`."""
    for cls in classes:
        if cls.event_type in EVENT_TYPES and EVENT_TYPES[cls.event_type] is not cls:
            raise ValueError(f"event type {cls.event_type!r} registered twice")
        EVENT_TYPES[cls.event_type] = cls


def owner_of(event_type: str) -> str:
    """The service that owns (alone may publish) an event type; UnknownEventType if none is registered."""
    return data_class_for(event_type).producer


def types_owned_by(producer: str) -> list[str]:
    """The event types one service publishes, sorted."""
    return sorted(t for t, cls in EVENT_TYPES.items() if cls.producer == producer)


def data_class_for(event_type: str) -> type[EventData]:
    """The contract class for a type, or UnknownEventType."""
    try:
        return EVENT_TYPES[event_type]
    except KeyError:
        raise UnknownEventType(event_type) from None


def parse_data(envelope: Envelope) -> EventData:
    """Validate an envelope's `data` against its registered contract."""
    return data_class_for(envelope.type).model_validate(envelope.data)


def decode(body: bytes) -> tuple[Envelope, EventData]:
    """Parse and validate a message body: envelope, then typed data."""
    envelope = Envelope.from_body(body)
    return envelope, parse_data(envelope)


# The contract modules import only `base`, so importing them here closes no cycle.
from thidua.contracts import awards, grievance, notify, registration  # noqa: E402

for _module in (registration, awards, grievance, notify):
    _strangers = [cls.event_type for cls in _module.EVENTS if cls.producer != _module.PRODUCER]
    if _strangers:
        raise ValueError(f"{_module.__name__} defines types another service produces: {_strangers}")
    register(*_module.EVENTS)
