"""A violation rejects the nomination; a held person's new nomination is deferred; decisions are published."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from openpyxl import load_workbook
from thidua import mongo
from thidua.contracts.grievance import (
    GrievanceAccepted,
    GrievanceResolved,
    GrievanceTarget,
    GrievanceWithdrawn,
)

from tests.support.awards import decide, nomination, officer, send, submitted
from tests.support.ledger import wait_until
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration
CASE = {"grievance_id": "g-7", "tracking_code": "TC-7", "kind": "denunciation"}


async def _status(client: httpx.AsyncClient, cfg: AwardsSettings, nid: str) -> str:
    answer = await client.get(f"/nominations/{nid}", headers=auth(cfg, "secretariat"))
    return str(answer.json()["status"])


PERSON = GrievanceTarget(kind="person", personal_code="P-077")
ACCEPTED = GrievanceAccepted(
    **CASE, targets=[PERSON], accepted_on=date(2026, 1, 5), resolution_due_on=date(2026, 2, 4)
)
VIOLATION = GrievanceResolved(
    **CASE,
    targets=[PERSON],
    resolved_on=date(2026, 2, 1),
    outcome="upheld",
    remedy="reconsider_nomination",
    violation_found=True,
    on_time=True,
)


async def test_a_violation_rejects_and_a_held_person_is_deferred_on_nomination(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    cfg = awards_settings
    holds = mongo_client[cfg.database_name]["holds"]
    async with running_worker(SPEC, cfg):
        await send(connection, cfg, ACCEPTED, "g-7")

        async def held() -> bool:
            return await holds.count_documents({"grievance_id": "g-7"}) == 1

        await wait_until(held, timeout_s=30)
        answer = await client.post("/nominations", json=nomination("LDTT", "P-077"), headers=officer(cfg))
        assert answer.json()["status"] == "deferred"
        nid = answer.json()["id"]
        await send(connection, cfg, VIOLATION, "g-7")

        async def rejected() -> bool:
            return await _status(client, cfg, nid) == "rejected"

        await wait_until(rejected, timeout_s=30)


async def test_a_decision_is_exported_and_publicly_searchable(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg = awards_settings
    nid = await submitted(client, mongo_client, cfg, "LDTT", "P-100")
    decision = await decide(client, cfg, [nid], number="7/QĐ-LHH")
    export = await client.get(f"/decisions/{decision.json()['id']}/export.xlsx", headers=auth(cfg, "board"))
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None and sheet.cell(row=3, column=2).value == "Nguyễn Thị Hoa"
    assert sheet.cell(row=3, column=6).value == "P-100"
    other = await client.get(
        f"/decisions/{decision.json()['id']}/export.xlsx", headers=officer(cfg, association_id="hoi-khac")
    )
    theirs = load_workbook(io.BytesIO(other.content)).active  # another association's view: no personal data
    assert theirs is not None and theirs.cell(row=3, column=2).value == "Nguyễn Thị Hoa"
    assert theirs.cell(row=3, column=6).value in (None, "") and theirs.cell(row=3, column=7).value is None
    found = await client.get("/public/decisions", params={"name": "thị hoa", "year": 2025})
    assert found.json()["items"] == [
        {
            "name": "Nguyễn Thị Hoa",
            "unit": "Hội Vật lý tỉnh",
            "award": "Lao động tiên tiến",
            "year": 2025,
            "decision_number": "7/QĐ-LHH",
        }
    ]


async def test_a_supplement_is_a_new_version_and_the_province_decision_is_recorded_back(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    body = nomination("BANG_KHEN_TINH", "P-200", commendation_type="dot_xuat")
    first, rest = body["dossier"][:2], body["dossier"][2:3]
    created = await client.post("/nominations", json=body | {"dossier": first}, headers=officer(cfg))
    assert created.json()["status"] == "incomplete"
    nid = created.json()["id"]
    added = await client.post(f"/nominations/{nid}/supplements", json={"dossier": rest}, headers=officer(cfg))
    assert added.status_code == 201, added.text
    assert added.json()["version"] == 2 and added.json()["status"] == "submitted"
    assert [d["sha256"] for d in added.json()["versions"][0]["dossier"]] == [d["sha256"] for d in first]
    decision = {
        "signed_on": "2026-01-25",
        "signer_name": "A",
        "signer_title": "Chủ tịch",
        "nomination_ids": [nid],
    }
    union = await client.post("/decisions", json=decision | {"number": "9/TTr-LHH"}, headers=secretariat)
    assert union.json()["forwardings"][0]["nomination_id"] == nid
    province = await client.post(
        "/decisions", headers=secretariat, json=decision | {"number": "88/QĐ-UBND", "authority": "province"}
    )
    award_id = province.json()["awards"][0]["award_id"]
    outbox = mongo_client[cfg.database_name]["outbox"]
    row = await outbox.find_one({"type": "award.decided"})
    assert row is not None and '"authority":"province"' in row["body"].replace(" ", "")
    cancel = {
        "ground": "false_information",
        "number": "1/QĐ",
        "signed_on": "2026-03-01",
        "signer_name": "A",
        "signer_title": "Chủ tịch",
    }
    refused = await client.post(f"/awards/{award_id}/cancellation", json=cancel, headers=secretariat)
    assert refused.status_code == 403


async def test_a_withdrawn_grievance_lifts_the_hold(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
) -> None:
    cfg = awards_settings
    created = await client.post("/nominations", json=nomination("LDTT", "P-500"), headers=officer(cfg))
    nid = created.json()["id"]
    case = {
        "grievance_id": "g-5",
        "tracking_code": "TC-5",
        "kind": "complaint",
        "targets": [GrievanceTarget(kind="nomination", nomination_id=nid)],
    }
    async with running_worker(SPEC, cfg):
        await send(
            connection,
            cfg,
            GrievanceAccepted(**case, accepted_on=date(2026, 1, 5), resolution_due_on=date(2026, 2, 4)),
            "g-5",
        )

        async def deferred() -> bool:
            return await _status(client, cfg, nid) == "deferred"

        await wait_until(deferred, timeout_s=30)
        await send(
            connection,
            cfg,
            GrievanceWithdrawn(**case, withdrawn_on=date(2026, 1, 9), case_continues=False),
            "g-5",
        )

        async def resumed() -> bool:
            return await _status(client, cfg, nid) == "incomplete"

        await wait_until(resumed, timeout_s=30)


async def test_the_decision_prints_in_the_administrative_format(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client, tmp_path: Path
) -> None:
    cfg = awards_settings
    nid = await submitted(client, mongo_client, cfg, "LDTT", "P-101")
    decision = await decide(client, cfg, [nid], number="8/QĐ-LHH")
    answer = await client.get(f"/decisions/{decision.json()['id']}/document.pdf", headers=auth(cfg, "board"))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    _check_printed(answer.content, tmp_path)
    missing = await client.get("/decisions/nope/document.pdf", headers=auth(cfg, "board"))
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(
        "application/problem+json"
    )


def _check_printed(content: bytes, tmp_path: Path) -> None:
    """The PDF's text as pdftotext reads it, and page 1 as a PNG a person can look at (test artefact)."""
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode()
    expected_texts = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 8/QĐ-LHH",
                      "QUYẾT ĐỊNH", "Nguyễn Thị Hoa", "Lao động tiên tiến", "702.000",
                      "Nơi nhận", "Điều 3.")  # fmt: skip
    for expected in expected_texts:
        assert expected in text, expected
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    assert (tmp_path / "page-1.png").exists()
