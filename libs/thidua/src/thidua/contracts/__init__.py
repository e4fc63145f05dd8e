"""Integration-event contracts: the envelope, every event type's `data`, and the type registry."""

from thidua.contracts.base import Envelope, EventData, new_id, utcnow
from thidua.contracts.registry import EVENT_TYPES, UnknownEventType, data_class_for, decode, parse_data

__all__ = [
    "EVENT_TYPES",
    "Envelope",
    "EventData",
    "UnknownEventType",
    "data_class_for",
    "decode",
    "new_id",
    "parse_data",
    "utcnow",
]
