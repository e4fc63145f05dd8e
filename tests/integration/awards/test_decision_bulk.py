"""A decision's fan-out in bulk: the database round trips of recording it do not grow with its awardees."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
from awards import decisions
from awards.bootstrap import SPEC
from awards.history import DecisionDraft
from awards.settings import AwardsSettings
from thidua import mongo
from thidua.runtime import unit_of_work_factory

from tests.support.awards import ASSOC, DOSSIER, officer
from tests.support.infra import Infra


async def _nominations(client: httpx.AsyncClient, cfg: AwardsSettings, n: int, tag: str) -> list[str]:
    """N đột xuất Giấy khen nominations (no council vote, complete dossier: ready for a decision)."""
    ids = []
    for i in range(n):
        body = {
            "association_id": ASSOC, "award_type_code": "GIAY_KHEN", "year": 2026,
            "commendation_type": "dot_xuat", "considered_on": "2026-11-20", "dossier": DOSSIER,
            "nominee": {"kind": "individual", "name": f"Nguyễn Văn {i}", "unit": "Hội Vật lý tỉnh",
                        "personal_code": f"{tag}-{i}"},
            "achievement_report": "Thành tích đột xuất trong phòng chống thiên tai năm 2026.",
        }  # fmt: skip
        answer = await client.post("/nominations", json=body, headers=officer(cfg))
        assert answer.status_code == 201 and answer.json()["status"] == "submitted", answer.text
        ids.append(answer.json()["id"])
    return ids


async def _commands_of_decision(cfg: AwardsSettings, infra: Infra, ids: list[str]) -> dict[str, int]:
    counter = mongo.CommandCounter()
    client = mongo.connect(infra.mongo_url, counter=counter)
    try:
        uows = unit_of_work_factory(SPEC, cfg, client)
        await mongo.ping(client)
        counter.reset()
        draft = DecisionDraft(
            number=f"{len(ids)}/QĐ-LHH", signed_on=date(2026, 12, 1),
            signer_name="Trần Văn An", signer_title="Chủ tịch", nomination_ids=tuple(ids),
        )  # fmt: skip

        async def work(uow: Any) -> int:  # the factory builds an AwardsUnitOfWork
            decision = await decisions.record_decision(uow, draft=draft, actor="sec", money=cfg.money())
            return len(decision.awards)

        assert await uows.run(work) == len(ids)
        return dict(counter.counts)
    finally:
        await mongo.close(client)


async def test_recording_a_decision_costs_the_same_round_trips_for_3_or_30_awardees(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, infra: Infra, mongo_client: mongo.Client
) -> None:
    few_ids = await _nominations(client, awards_settings, 3, "F")
    many_ids = await _nominations(client, awards_settings, 30, "M")
    few = await _commands_of_decision(awards_settings, infra, few_ids)
    many = await _commands_of_decision(awards_settings, infra, many_ids)
    assert sum(many.values()) == sum(few.values()), (few, many)
    assert sum(many.values()) <= 10, many  # read, awards, outbox, nominations, decision, seq, commit
    database = mongo_client[awards_settings.database_name]
    assert await database["outbox"].count_documents({"type": "award.decided"}) == 33
    assert await database["nominations"].count_documents({"status": "decided"}) == 33
    assert await database["award_history"].count_documents({"source": "decision"}) == 33
