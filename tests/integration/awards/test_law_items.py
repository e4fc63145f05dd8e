"""Issue 15 through the awards API: what an association officer and the secretariat meet, as the law reads."""

from __future__ import annotations

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards import catalogue
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from thidua import calendar, mongo

from tests.support.awards import (
    decide,
    facts_arrived,
    nomination,
    officer,
    person,
    send,
    submitted,
    verified,
)
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration
HTXS = "hoan_thanh_xuat_sac"


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


async def test_state_forms_are_forwarded_through_the_province_and_never_conferred_here(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    held = (("CSTDCS", 2021), ("BANG_KHEN_TINH", 2023), ("CSTDCS", 2023), ("CSTDCS", 2025))
    rows = "".join(f"individual,P-801,Hoa,Hội Vật lý,{code},{year},cong_trang\n" for code, year in held)
    csv = "nominee_kind,personal_code,name,unit,award_type_code,year,commendation_type\n" + rows
    files = {"file": ("history.csv", csv.encode(), "text/csv")}
    imported = await client.post("/award-history/import", files=files, headers=secretariat)
    assert imported.json()["created"] == 4, imported.text
    nid = await submitted(client, mongo_client, cfg, "BANG_KHEN_THU_TUONG", "P-801")
    union = await decide(client, cfg, [nid], number="9/TTr-LHH")
    assert union.status_code == 201, union.text
    assert union.json()["awards"] == [] and union.json()["forwardings"][0]["nomination_id"] == nid
    province = await decide(client, cfg, [nid], number="88/QĐ-UBND", authority="province")
    assert province.status_code >= 400 and province.json()["detail"]
    assert await mongo_client[cfg.database_name]["award_history"].count_documents({"source": "decision"}) == 0
    listed = await client.get("/award-types?on=2026-01-15", headers=secretariat)
    by_code = {t["code"]: t for t in listed.json()["items"]}
    assert by_code["CSTD_TOAN_QUOC"]["authority"] == by_code["BANG_KHEN_THU_TUONG"]["authority"] == "state"


async def test_a_cancelled_individual_giay_khen_names_the_money_to_recover(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    nid = await submitted(client, mongo_client, cfg, "GIAY_KHEN", "P-802")
    decided = await decide(client, cfg, [nid])
    assert decided.status_code == 201, decided.text
    award_id = decided.json()["awards"][0]["award_id"]
    stored = await mongo_client[cfg.database_name]["award_history"].find_one({"_id": award_id})
    assert stored is not None and stored["money_amount_vnd"] == 702_000  # 0.3 × 2,340,000 (UNCONFIRMED rate)
    cancel = {"ground": "false_information", "number": "2/QĐ", "signed_on": "2026-03-01", "signer_name": "A",
              "signer_title": "Chủ tịch"}  # fmt: skip
    done = await client.post(f"/awards/{award_id}/cancellation", json=cancel, headers=secretariat)
    assert done.status_code == 200, done.text
    row = await mongo_client[cfg.database_name]["outbox"].find_one({"type": "award.cancelled"})
    assert row is not None and '"money_to_recover_vnd":702000' in row["body"].replace(" ", "")


async def test_rule_18_the_agenda_puts_a_woman_first_among_otherwise_equal_nominees(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    cfg = awards_settings
    async with running_worker(SPEC, cfg):
        people = (person("P-011", HTXS, female=False), person("P-012", HTXS, female=True))
        await send(connection, cfg, verified(*people), "r-18")
        await facts_arrived(mongo_client, cfg, 3)
    ids = []
    for code in ("P-011", "P-012"):
        made = await client.post("/nominations", json=nomination("CSTDCS", code), headers=officer(cfg))
        assert made.status_code == 201 and made.json()["status"] == "submitted", made.text
        ids.append(made.json()["id"])
    roster = [{"member_id": f"m{i}", "name": f"Thành viên {i}", "present": True} for i in range(5)]
    body = {"held_on": "2026-01-20", "members": roster, "nomination_ids": ids}
    session = await client.post("/council-sessions", json=body, headers=auth(cfg, "secretariat"))
    assert session.status_code == 201, session.text
    assert session.json()["nomination_ids"] == [ids[1], ids[0]]


async def test_the_disclosure_window_counts_working_days_of_the_shared_calendar(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg = awards_settings
    nid = await submitted(client, mongo_client, cfg, "CSTDCS", "P-411")
    window = {"window_start": "2026-04-29", "working_days": 3}  # 30/4 and 1/5 are public holidays
    opened = await client.post(
        f"/nominations/{nid}/disclosure", json=window, headers=auth(cfg, "secretariat")
    )
    assert opened.status_code == 201, opened.text
    assert opened.json()["window_end"] == "2026-05-05"  # Wed 29/4, Mon 4/5, Tue 5/5


async def test_the_public_sends_an_objection_while_the_nomination_is_posted(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg = awards_settings
    nid = await submitted(client, mongo_client, cfg, "CSTDCS", "P-412")
    window = {"window_start": calendar.today().isoformat(), "working_days": 5}
    opened = await client.post(
        f"/nominations/{nid}/disclosure", json=window, headers=auth(cfg, "secretariat")
    )
    assert opened.status_code == 201, opened.text
    body = {
        "disclosure_id": opened.json()["id"],
        "content": "Thành tích sáng kiến đã được dùng cho khen thưởng năm trước.",
    }
    sent = await client.post("/public/objections", json=body)  # no token
    assert sent.status_code == 201, sent.text
    assert sent.json()["received_on"] == calendar.today().isoformat()  # dated by the server, in Vietnam
    stored = await mongo_client[cfg.database_name]["nominations"].find_one({"_id": nid})
    assert stored is not None and stored["objections"][0]["content"] == body["content"]
    assert stored["objections"][0]["channel"] == "portal"
