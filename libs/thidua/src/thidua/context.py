"""What the current request or message is: its correlation id and the event that caused the work.

Set at the edges (HTTP middleware, consumer runner) and read by `UnitOfWork.emit`, so every event carries
the correlation id of the request that started the chain, and the id of the event that directly caused it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from thidua.logging import bound

correlation_var: ContextVar[str | None] = ContextVar("thidua_correlation_id", default=None)
causation_var: ContextVar[str | None] = ContextVar("thidua_causation_id", default=None)


def current_correlation_id() -> str | None:
    """The correlation id of the request or message being handled, if any."""
    return correlation_var.get()


def current_causation_id() -> str | None:
    """The id of the event being handled, if any."""
    return causation_var.get()


@contextmanager
def message_scope(*, correlation_id: str | None, causation_id: str | None) -> Iterator[None]:
    """Inside the block, events emitted carry this correlation id and causation id; logs too."""
    correlation_token = correlation_var.set(correlation_id)
    causation_token = causation_var.set(causation_id)
    try:
        with bound(correlation_id=correlation_id, causation_id=causation_id):
            yield
    finally:
        causation_var.reset(causation_token)
        correlation_var.reset(correlation_token)
