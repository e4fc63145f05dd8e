"""The embedded default's sign-in across processes: the portal's JWKS verifies its users' tokens at every
service, and the readiness page tells which service is away."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from thidua.auth import mint_token

from tests.support.infra import Infra
from tests.support.system import AUDIENCE, ISSUER, SECRET, portal_key, running_system

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


async def test_services_accept_the_portals_rs256_tokens_only_and_the_portal_reports_each_service(
    infra: Infra, unique: str, tmp_path: Path
) -> None:
    log_dir = tmp_path / "logs"
    with running_system(infra, unique, log_dir, portal=True) as system:
        key = portal_key(log_dir)
        rs256 = mint_token(
            key.private_pem.decode(), "van-phong", ["secretariat"], issuer=ISSUER, audience=AUDIENCE,
            algorithm="RS256", kid=key.kid, ttl=timedelta(minutes=10),
        )  # fmt: skip
        hs256 = mint_token(
            SECRET, "van-phong", ["secretariat"], issuer=ISSUER, audience=AUDIENCE, ttl=timedelta(minutes=10)
        )
        async with httpx.AsyncClient(timeout=10) as http:
            ready = (await http.get(system.url("portal") + "/readyz")).json()
            accepted = await http.get(
                system.url("registration") + "/campaigns", headers={"Authorization": f"Bearer {rs256}"}
            )
            refused = await http.get(
                system.url("registration") + "/campaigns", headers={"Authorization": f"Bearer {hs256}"}
            )
            system.kill("notify-api")
            degraded = await http.get(system.url("portal") + "/readyz")

    assert ready["status"] == "ready" and set(ready["downstream"].values()) == {"ok"}
    assert accepted.status_code == 200
    assert refused.status_code == 401
    assert degraded.status_code == 200
    assert degraded.json()["status"] == "degraded" and degraded.json()["downstream"]["notify"] == "down"
