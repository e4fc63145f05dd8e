"""Delivery channels: a small protocol so a new one (e.g. Zalo OA) plugs in without touching the rest."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class DeliveryError(Exception):
    """The channel did not accept the message this time; the text is short and holds no secret."""


class PermanentDeliveryError(DeliveryError):
    """The message can never be sent as it is (a refused target, a header that cannot be built): no retry."""


class Channel(Protocol):
    """Sends one claimed delivery; raises DeliveryError when the far side refuses or is unreachable."""

    name: str

    def host_of(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> str:
        """The far side this delivery goes to (deliveries to one host are sent a few at a time)."""
        ...

    async def send(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> None: ...
