"""Issue 15 through the awards API: what an association officer and the secretariat meet, as the law reads."""

from __future__ import annotations

import httpx
import pytest
from awards import catalogue
from awards.settings import AwardsSettings
from thidua import calendar

from tests.support.awards import nomination, officer

pytestmark = pytest.mark.integration


async def test_rule_15_a_second_giay_khen_for_another_achievement_is_taken_the_same_achievement_is_not(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg = awards_settings
    first = nomination("GIAY_KHEN", "P-315", achievement_ref="TT-2025-01")
    assert (await client.post("/nominations", json=first, headers=officer(cfg))).status_code == 201
    other = nomination("GIAY_KHEN", "P-315", achievement_ref="TT-2025-07", commendation_type="dot_xuat")
    second = await client.post("/nominations", json=other, headers=officer(cfg))
    assert second.status_code == 201, second.text
    again = nomination("BANG_KHEN_TINH", "P-315", achievement_ref="TT-2025-07", commendation_type="dot_xuat")
    refused = await client.post("/nominations", json=again, headers=officer(cfg))
    assert refused.status_code == 422
    assert [c["code"] for c in refused.json()["failed_criteria"]] == ["one_achievement_one_award"]
    assert "thành tích" in refused.json()["failed_criteria"][0]["detail"]


async def test_the_legal_date_of_a_nomination_is_the_servers_in_vietnam_not_the_senders(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    body = nomination("LDTT", "P-707") | {"considered_on": "2024-02-01"}  # NĐ98 was in force that day
    created = await client.post("/nominations", json=body, headers=officer(awards_settings))
    assert created.status_code == 201, created.text
    assert created.json()["considered_on"] == calendar.today().isoformat()
    assert created.json()["rule_set"] == catalogue.rule_set_for(calendar.today()).version == "ND152"
