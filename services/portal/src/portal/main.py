"""Process entry point: `python -m portal api` serves the portal on THIDUA_HTTP_PORT (8000)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Sequence

import uvicorn
from thidua.logging import configure_logging
from thidua.runtime import _exit_on_signal  # the services' graceful stop on SIGTERM, shared

from portal.app import create_app
from portal.settings import PortalSettings


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
