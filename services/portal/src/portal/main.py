"""Process entry point: `python -m portal api` serves the portal on THIDUA_HTTP_PORT (8000)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
from collections.abc import Iterator, Sequence

import uvicorn
from thidua.logging import configure_logging

from portal.app import create_app
from portal.settings import PortalSettings


@contextlib.contextmanager
def _exit_on_signal(server: uvicorn.Server) -> Iterator[None]:
    """SIGINT/SIGTERM end the server gracefully and the process exits 0."""

    def stop(_sig: int, _frame: object) -> None:
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m portal api`."""
    parser = argparse.ArgumentParser(prog="portal", description="ThiĐua portal")
    parser.add_argument("role", choices=["api"], help="the web application")
    parser.parse_args(argv)
    settings = PortalSettings()
    configure_logging(service="portal-api", level=settings.log_level, fmt=settings.log_format)
    config = uvicorn.Config(
        create_app(settings),
        host=settings.http_host,
        port=settings.http_port,
        log_config=None,
        access_log=False,
        proxy_headers=settings.trust_forwarded_for,
    )
    server = uvicorn.Server(config)
    server.capture_signals = lambda: _exit_on_signal(server)  # type: ignore[method-assign]
    asyncio.run(server.serve())
    return 0
