"""Broker users: one per service, able to publish only its own event types; a read-only one for the board.

RabbitMQ checks three regular expressions per user and virtual host (configure, write, read: on queue and
exchange names) and, on a topic exchange, two more on routing keys (write: what it may publish; read: what
it may bind a queue with). A service's user

- configures (declares, deletes) only its own queues and its redelivery exchange (`<service>.…`);
- writes to the events exchange, with topic permission for exactly the event types it owns, and to its own
  redelivery exchange and queues, never to the default exchange, so it cannot drop a message into another
  service's queue;
- reads (consumes, binds) only its own queues, binding them to the events exchange only with the routing
  keys it subscribes to.

The board's user reads its own queue and nothing else. An operator's administrator user applies the
topology and replays dead letters. Publishers set AMQP `user_id` to their user, which the broker verifies,
so a consumer knows who really published a message (`thidua.messaging.publishers`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from thidua.messaging import network
from thidua.messaging.network import Topology

ADMIN_USER = "thidua-admin"
NOTHING = "^$"


def service_user(service: str) -> str:
    """The broker user of a service (or of the board), e.g. `thidua-awards`."""
    return f"thidua-{service}"


SERVICE_USERS = frozenset(service_user(s) for s in network.SERVICES)
BOARD_USER = service_user(network.BOARD)


@dataclass(frozen=True)
class BrokerUser:
    """One user with its permissions on the virtual host and its topic permissions on the events exchange."""

    name: str
    configure: str
    write: str
    read: str
    topic_write: str = NOTHING
    topic_read: str = NOTHING
    tags: tuple[str, ...] = ()


def _one_of(names: Iterable[str]) -> str:
    """A regular expression matching exactly these names (and nothing when there are none)."""
    escaped = sorted({re.escape(n) for n in names})
    return f"^({'|'.join(escaped)})$" if escaped else NOTHING


def broker_users(topo: Topology, owned: Mapping[str, Iterable[str]]) -> list[BrokerUser]:
    """The administrator, each service's user (`owned`: service -> the types it publishes), the board's."""
    # `impersonator`: an operator replaying the unrouted queue keeps each message's verified user_id
    users = [BrokerUser(ADMIN_USER, ".*", ".*", ".*", ".*", ".*", tags=("administrator", "impersonator"))]
    exchange = re.escape(topo.exchange)
    for service in network.SERVICES:
        consumers = topo.consumers_of(service)
        prefixes = sorted({re.escape(c.names.main.rsplit(".", 1)[0]) for c in consumers})
        own = f"({'|'.join(prefixes)})\\..*" if prefixes else None
        users.append(
            BrokerUser(
                name=service_user(service),
                configure=f"^{own}$" if own else NOTHING,
                write=f"^({exchange}|{own})$" if own else f"^{exchange}$",
                read=f"^({exchange}|{own})$" if own else NOTHING,
                topic_write=_one_of(owned.get(service, ())),
                topic_read=_one_of(key for c in consumers for key in c.routing_keys),
            )
        )
    readers = [r.name for r in topo.readers if r.reader == network.BOARD]
    users.append(BrokerUser(BOARD_USER, NOTHING, NOTHING, _one_of(readers)))
    return users


def password_variable(user: str) -> str:
    """The environment variable that holds a user's password in the deploy files, e.g.
    `THIDUA_RABBITMQ_AWARDS_PASSWORD`."""
    return f"THIDUA_RABBITMQ_{user.removeprefix('thidua-').upper()}_PASSWORD"
