"""Settings of the grievance service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from thidua.settings import ServiceSettings


class GrievanceSettings(ServiceSettings):
    """The grievance service's settings; defaults are the local ports of the public contract."""

    service_name: str = "grievance"
    http_port: int = 8003
    worker_metrics_port: int = 9003
