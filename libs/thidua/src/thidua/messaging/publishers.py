"""Who published a message: consumers accept an event type only from the service that owns it.

Two facts say who published: the envelope's `producer` (anyone can write it) and the AMQP `user_id`, which
the broker verifies against the connection's user. A message that came from the events exchange carries the
publisher's verified `user_id`. When a consumer moves a message to its own retry or dead-letter queue it
publishes a copy under its own user, so it records the verified publisher in the `x-thidua-user-id` header
first; only the consumer's own user (and an operator replaying) can write into those queues, so on a message
arriving from anywhere but the events exchange that header is what the broker verified on the way in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aio_pika.abc import AbstractIncomingMessage

from thidua.messaging.network import SERVICES
from thidua.messaging.permissions import service_user

USER_HEADER = "x-thidua-user-id"


def verified_user(message: AbstractIncomingMessage, *, events_exchange: str) -> str | None:
    """The broker user that published this event, as far as the broker verified it (None: unknown)."""
    if message.exchange == events_exchange:
        return message.user_id or None  # a header here is the publisher's own claim: ignored
    value = (message.headers or {}).get(USER_HEADER)
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value) if value else None


def _service_users() -> dict[str, str]:
    return {service: service_user(service) for service in SERVICES}


@dataclass(frozen=True)
class PublisherCheck:
    """The rule a consumer applies before handling an event.

    Always: the envelope's producer is the event type's owner, and a `user_id` naming another service's
    user is refused. `strict` (the consumer itself runs under a service's user, so every service does): the
    verified user must be the owner's; a message without one is refused too. Locally every process shares
    one user (guest), which proves nothing, and only the producer is checked. `users`: service -> its
    broker user.
    """

    strict: bool = False
    users: Mapping[str, str] = field(default_factory=_service_users)

    @classmethod
    def for_broker_user(cls, user: str | None) -> PublisherCheck:
        """Strict when this process itself runs under a service's own broker user."""
        return cls(strict=user in _service_users().values())

    def problem(self, *, event_type: str, producer: str, owner: str, user: str | None) -> str | None:
        """Why the message must be dead-lettered, or None when it comes from the owner."""
        expected = self.users.get(owner, service_user(owner))
        if producer != owner:
            return f"wrong producer: {event_type} is published by {owner}, not {producer}"
        if user in self.users.values() and user != expected:
            return f"wrong publisher: {event_type} must come from broker user {expected}, not {user}"
        if self.strict and user != expected:
            return f"unverified publisher: {event_type} must come from broker user {expected}, not {user}"
        return None
