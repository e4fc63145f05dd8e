"""Fixtures of the system-level tests: an SMTP server catching every e-mail, the provincial board's queue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from thidua.embedded import free_port

from tests.integration.notify.conftest import Mailbox
from tests.support.board import board

__all__ = ["board"]  # fixture


@pytest.fixture
def mailbox() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server on a free port: (port, what it received)."""
    port, box = free_port(), Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()
