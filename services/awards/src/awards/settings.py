"""Settings of the awards service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from fractions import Fraction

from pydantic import Field
from thidua.settings import ServiceSettings

from awards.catalogue import CatalogueOverrides
from awards.tally import RecusalRule


class AwardsSettings(ServiceSettings):
    """The awards service's settings; UNCONFIRMED values of DOMAIN.md are here, documented in the README."""

    service_name: str = "awards"
    http_port: int = 8002
    worker_metrics_port: int = 9002

    vote_thresholds: dict[str, str] = Field(default_factory=dict)
    """Per award-type code, a threshold like `4/5` replacing the catalogue's (NĐ152 location UNCONFIRMED)."""
    authorities: dict[str, str] = Field(default_factory=dict)
    """Per award-type code, `union` or `province` (which titles the Union may confer is UNCONFIRMED)."""
    disclosure_working_days: dict[str, int] = Field(default_factory=dict)
    """Per award-type code, the public posting window (no statutory window below State honours)."""
    session_quorum: str = "4/5"
    """Attendance for award sessions (BN86 Điều 8 k4b; a provincial example)."""
    recusal_rule: RecusalRule = RecusalRule.COUNT_IN_BASE
    """How recused members count against the base (UNCONFIRMED)."""

    def catalogue_overrides(self) -> CatalogueOverrides:
        """The configured catalogue overrides."""
        return CatalogueOverrides(
            vote_thresholds={code: Fraction(value) for code, value in self.vote_thresholds.items()},
            authorities=dict(self.authorities),
            disclosure_working_days=dict(self.disclosure_working_days),
        )
