"""One typed client per service (checked against each service's OpenAPI by tests/portal/test_contract.py)."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from portal.clients.awards import AwardsClient, AwardsDesk
from portal.clients.base import Endpoint, ServiceDown, ServiceError
from portal.clients.grievance import GrievanceClient, GrievanceDesk
from portal.clients.notify import NotifyClient
from portal.clients.registration import RegistrationClient, SecretariatRegistrations


@dataclass
class Clients:
    """The four services, sharing one connection pool."""

    http: httpx.AsyncClient
    registration: RegistrationClient
    awards: AwardsClient
    grievance: GrievanceClient
    notify: NotifyClient
    directory: SecretariatRegistrations
    desk: AwardsDesk
    cases: GrievanceDesk

    @classmethod
    def build(cls, http: httpx.AsyncClient, urls: dict[str, str]) -> Clients:
        """Clients on the given base URLs."""
        return cls(
            http=http,
            registration=RegistrationClient(http, urls["registration"]),
            awards=AwardsClient(http, urls["awards"]),
            grievance=GrievanceClient(http, urls["grievance"]),
            notify=NotifyClient(http, urls["notify"]),
            directory=SecretariatRegistrations(http, urls["registration"]),
            desk=AwardsDesk(http, urls["awards"]),
            cases=GrievanceDesk(http, urls["grievance"]),
        )


def all_endpoints() -> tuple[Endpoint, ...]:
    """Every endpoint any client declares."""
    from portal.clients import awards, grievance, notify, registration

    return (*registration.ENDPOINTS, *awards.ENDPOINTS, *grievance.ENDPOINTS, *notify.ENDPOINTS)


__all__ = ["Clients", "Endpoint", "ServiceDown", "ServiceError", "all_endpoints"]
