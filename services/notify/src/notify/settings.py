"""Settings of the notify service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from thidua.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    """The notify service's settings; defaults are the local ports of the public contract."""

    service_name: str = "notify"
    http_port: int = 8004
    worker_metrics_port: int = 9004
