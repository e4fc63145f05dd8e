"""A wake-up call within one process: work was committed for a loop that otherwise polls."""

from __future__ import annotations

import asyncio
import weakref


class Wakeup:
    """An asyncio.Event per running loop, so a signal from a handler reaches the loop of the same process."""

    def __init__(self) -> None:
        self._events: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Event] = (
            weakref.WeakKeyDictionary()
        )

    def _event(self) -> asyncio.Event:
        loop = asyncio.get_running_loop()
        event = self._events.get(loop)
        if event is None:
            event = self._events[loop] = asyncio.Event()
        return event

    def set(self) -> None:
        """Wake the waiting loop (a no-op outside an event loop)."""
        try:
            self._event().set()
        except RuntimeError:
            pass

    async def wait(self, timeout_s: float, *, stop: asyncio.Event | None = None) -> bool:
        """Wait for a signal, `stop` or the timeout; True if signalled. The signal is consumed."""
        event = self._event()
        waiters = [asyncio.ensure_future(event.wait())]
        if stop is not None:
            waiters.append(asyncio.ensure_future(stop.wait()))
        try:
            await asyncio.wait(waiters, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()
        signalled = event.is_set()
        event.clear()
        return signalled


deliveries_created = Wakeup()
"""Set after a transaction that created e-mail or webhook deliveries commits."""
