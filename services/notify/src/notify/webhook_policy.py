"""Who may subscribe to which events, and what a subscriber may read of them (pure rules, stdlib only).

A webhook is registered by a role; it only ever receives the event types that role may read, and each
delivery carries only the fields that role may read. The provincial board reads award events; the
secretariat reads what its desk handles, never grievance events (a denunciation's traces stay inside the
grievance service) nor personal contact data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

BOARD, SECRETARIAT = "board", "secretariat"

SCOPES: dict[str, tuple[str, ...]] = {
    BOARD: ("award.*",),
    SECRETARIAT: (
        "award.*",
        "nomination.*",
        "council.*",
        "campaign.*",
        "association.*",
        "registration.*",
        "exemplar.*",
        "notification.*",
    ),
}
"""Event-type patterns each role's webhooks may receive."""

CONTACT_FIELDS = frozenset(
    {"email", "emails", "contact_emails", "phone", "phones", "address", "contact", "contacts"}
)
"""Personal contact data no webhook payload carries (they reach notify only to send notices)."""


def matches(event_type: str, pattern: str) -> bool:
    """`award.decided`, `award.*` (one level and below) or `#` (everything) against an event type."""
    if pattern in ("#", "*", event_type):
        return True
    return pattern.endswith(".*") and event_type.startswith(pattern[:-1])


def role_may_receive(roles: Iterable[str], event_type: str) -> bool:
    """True when one of the roles' scopes covers the event type."""
    return any(matches(event_type, p) for role in roles for p in SCOPES.get(role, ()))


def refused_filters(roles: Iterable[str], filters: Iterable[str], known_types: Iterable[str]) -> list[str]:
    """The filters that would reach an event type outside the roles' scopes, or no known type at all."""
    roles, known = list(roles), list(known_types)
    refused = []
    for pattern in filters:
        reached = [t for t in known if matches(t, pattern)]
        if not reached or not all(role_may_receive(roles, t) for t in reached):
            refused.append(pattern)
    return refused


def project(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The payload as a subscriber may read it: contact fields removed at any depth."""
    return {k: _strip(v) for k, v in payload.items() if k not in CONTACT_FIELDS}


def _strip(value: Any) -> Any:
    if isinstance(value, Mapping):
        return project(value)
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value
