"""Settings of the registration service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from thidua.settings import ServiceSettings


class RegistrationSettings(ServiceSettings):
    """The registration service's settings; defaults are the local ports of the public contract."""

    service_name: str = "registration"
    http_port: int = 8001
    worker_metrics_port: int = 9001
