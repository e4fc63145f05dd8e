"""`seed_demo` against the real network (every API and worker as its own process): a small province is
built through the public APIs, a second run creates nothing, and the data shows through the APIs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from thidua_tools.province.client import Caller, ProvinceClient, ServiceUrls
from thidua_tools.province.demo import seed_demo

from tests.support import tokens
from tests.support.infra import Infra
from tests.support.system import SECRET, SERVICE_NAMES, running_system

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.timeout(480)]


@pytest.fixture
def network(infra: Infra, unique: str, tmp_path: Path) -> Iterator[ServiceUrls]:
    """Every service's API and worker as processes on free ports; removed afterwards."""
    with running_system(infra, unique, tmp_path / "logs") as system:
        yield ServiceUrls(*(system.url(s) for s in SERVICE_NAMES))


async def test_the_demo_province_is_built_once_and_visible_through_the_apis(
    network: ServiceUrls,
) -> None:
    async with ProvinceClient(
        secret=SECRET, urls=network, correlation_prefix="it-seed", **tokens.CLAIMS
    ) as api:
        first = await seed_demo(api, associations=5, individuals=60, year=2026)
        second = await seed_demo(api, associations=5, individuals=60, year=2026)

        assert first.created["associations"] == 5 and first.created["nominations"] > 0
        assert not any(second.created.values()), second.created
        assert second.counts == first.counts
        counts = first.counts
        assert counts["registrations_annual"] == 5 and counts["registered_individuals"] == 60
        assert counts["decisions"] >= 2 and counts["awards_active"] > 0 and counts["awards_cancelled"] == 1
        assert counts["grievances"] >= 3 and counts["disclosures"] > 0

        nominations = await api.list_nominations()
        kinds = {(n["nominee"]["kind"], n["award_type_code"]) for n in nominations}
        assert {("individual", "LDTT"), ("individual", "CSTDCS"), ("collective", "TTLDTT")} <= kinds
        decided = next(
            n for n in nominations if n["status"] == "decided" and n["award_type_code"] == "CSTDCS"
        )
        association = decided["association_id"]
        mine = await api.list_nominations(caller=Caller.officer(association))
        assert mine and all(n["association_id"] == association for n in mine)
        published = await api.public_decisions(year=2026, name=decided["nominee"]["name"])
        assert published and published[0]["decision_number"].endswith("/QĐ-LHH")
        assert await api.public_disclosures()

        for association_id in {n["association_id"] for n in nominations}:
            inbox = await api.list_notifications(association_id=association_id)
            assert inbox, f"no notification reached {association_id}"
        assert await api.list_notifications(personal_code=decided["nominee"]["personal_code"])
        deliveries = await api.list_deliveries(decided["award_id"])
        assert deliveries and all(d["recipient"] for d in deliveries)
