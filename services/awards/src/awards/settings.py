"""Settings of the awards service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from thidua.settings import ServiceSettings


class AwardsSettings(ServiceSettings):
    """The awards service's settings; defaults are the local ports of the public contract."""

    service_name: str = "awards"
    http_port: int = 8002
    worker_metrics_port: int = 9002
