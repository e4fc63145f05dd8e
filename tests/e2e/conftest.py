"""System-level fixtures: the provincial board's queue (the SMTP `mailbox` is in tests/conftest)."""

from __future__ import annotations

from tests.support.board import board

__all__ = ["board"]  # fixture
