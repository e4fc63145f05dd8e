"""Settings of the registration service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from pydantic import Field
from thidua.settings import ServiceSettings


class RegistrationSettings(ServiceSettings):
    """The registration service's settings; defaults are the local ports of the public contract."""

    service_name: str = "registration"
    http_port: int = 8001
    worker_metrics_port: int = 9001

    # UNCONFIRMED (docs/rules.md, rule 1): "register in the first quarter" is local practice, not law.
    annual_registration_deadline: str = Field(
        default="03-31", pattern=r"^\d{2}-\d{2}$", description="MM-DD default deadline of an annual campaign."
    )
    timezone: str = Field(default="Asia/Ho_Chi_Minh", description="Zone in which deadlines (whole days) end.")
    plan_max_bytes: int = Field(default=10 * 1024 * 1024, gt=0, description="Largest plan document accepted.")

    def annual_deadline(self) -> tuple[int, int]:
        """The configured (month, day) of an annual campaign's default registration deadline."""
        month, day = self.annual_registration_deadline.split("-")
        return int(month), int(day)
