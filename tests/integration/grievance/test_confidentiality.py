"""A full denunciation leaves the denouncer's identity nowhere but the protected filer endpoint."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import structlog
from aio_pika.abc import AbstractRobustConnection
from grievance.bootstrap import SPEC
from grievance.settings import GrievanceSettings
from thidua import mongo
from thidua.logging import configure_logging

from tests.integration.conftest import bind_probe
from tests.support.ledger import wait_until
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    """Every structlog line and stdlib record of the test, through the real processors."""
    buffer = io.StringIO()
    configure_logging(service="grievance", level="DEBUG", fmt="json")
    structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=buffer))
    handler = logging.StreamHandler(buffer)
    logging.getLogger().addHandler(handler)
    try:
        yield buffer
    finally:
        logging.getLogger().removeHandler(handler)
        structlog.configure(logger_factory=structlog.PrintLoggerFactory(file=sys.stderr))


def identity(unique: str) -> dict[str, str]:
    return {
        "name": f"Phạm Kín {unique}",
        "contact": f"kin{unique}@example.vn",
        "address": f"Số {unique} ngõ Bí",
    }


async def _run_case(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, filer: dict[str, str]
) -> tuple[str, list[httpx.Response]]:
    officer = auth(gsettings, "grievance_officer", sub="officer-1")
    body = {
        "kind": "denunciation",
        "targets": [{"kind": "award", "award_id": "aw-9", "personal_code": "P009"}],
        "summary": "Thành tích kê khai không trung thực.",
        "filer": filer,
        "has_evidence": True,
    }
    seen = [await api.post("/grievances", json=body | {"filer": filer | {"contact": "x"}})]  # 422, no echo
    seen.append(filed := await api.post("/grievances", json=body))
    gid, code, secret = filed.json()["id"], filed.json()["tracking_code"], filed.json()["secret"]
    steps = [
        ("acceptance", {"decision": "accept", "complexity_criteria": ["multi_issue", "many_filers"]}),
        ("extension", {"decision_number": "12/QĐ-TTr"}),
        ("suspension", {}),
        ("resumption", {}),
        ("resolution", {"outcome": "upheld", "remedy": "cancel_award", "violation_found": True,
                        "cancellation_ground": "fraudulent_achievements"}),
    ]  # fmt: skip
    for action, payload in steps:
        answer = await api.post(f"/grievances/{gid}/{action}", json=payload, headers=officer)
        assert answer.status_code == 200, (action, answer.text)
        seen.append(answer)
    seen.extend(attached := await _attach_and_copy(api, officer, gid, filer))
    for path in (
        f"/grievances/{gid}",
        "/grievances",
        f"/grievances/{gid}/audit",
    ):
        seen.append(await api.get(path, headers=officer))
    seen.append(await api.get(f"/public/grievances/{code}", headers={"X-Tracking-Secret": secret}))
    sealed = await api.get(f"/grievances/{gid}/filer/attachments/{attached[0].json()['id']}", headers=officer)
    assert sealed.content == _id_card(filer)  # the sealed attachment opens only here, audited
    protected = await api.get(f"/grievances/{gid}/filer", headers=officer)
    assert protected.json()["filer"] == filer  # the one place it may appear
    return gid, seen


def _id_card(filer: dict[str, str]) -> bytes:
    return f"CCCD {filer['name']} {filer['address']}".encode()


async def _attach_and_copy(
    api: httpx.AsyncClient, officer: dict[str, str], gid: str, filer: dict[str, str]
) -> list[httpx.Response]:
    """A sealed identity document, a piece of evidence, the list, the download, the verifier copy, the
    publication of a conclusion that names the denouncer: none of these answers may show them."""
    url = f"/grievances/{gid}/attachments"
    card = {"file": (f"cccd {filer['name']}.jpg", _id_card(filer), "image/jpeg")}
    evidence = {"file": ("bang-chung.pdf", b"%PDF-1.4 evidence", "application/pdf")}
    seen = [
        await api.post(url, files=card, data={"shows_identity": "true"}, headers=officer),
        await api.post(url, files=evidence, data={"shows_identity": "false"}, headers=officer),
    ]
    assert [r.status_code for r in seen] == [201, 201], [r.text for r in seen]
    seen.append(await api.get(url, headers=officer))
    seen.append(await api.get(f"{url}/{seen[1].json()['id']}", headers=officer))
    seen.append(await api.get(f"/grievances/{gid}/verifier-copy", headers=officer))
    conclusion = f"Kết luận: ông {filer['name'].upper()} ({filer['contact']}) tố cáo đúng."
    published = await api.post(
        f"/grievances/{gid}/publication", json={"conclusion": conclusion}, headers=officer
    )
    assert published.status_code == 200 and published.json()["conclusion"].startswith(
        "Kết luận: ["
    )  # "ông" + the name is one mask
    return [*seen, published]


async def test_the_denouncer_appears_in_no_log_event_response_or_other_collection(
    api: httpx.AsyncClient,
    gsettings: GrievanceSettings,
    db: mongo.Database,
    connection: AbstractRobustConnection,
    broker_cleanup: list[str],
    worker_queues: None,
    captured_logs: io.StringIO,
    unique: str,
) -> None:
    probe = await bind_probe(connection, gsettings, broker_cleanup, "confidential", key="grievance.#")
    filer = identity(unique)
    async with running_worker(SPEC, gsettings):
        gid, responses = await _run_case(api, gsettings, filer)
        published: list[str] = []

        async def all_published() -> bool:
            while (message := await probe.get(no_ack=True, fail=False)) is not None:
                published.append(message.body.decode())
            return len(published) >= 11

        await wait_until(all_published)
    types = [json.loads(p)["type"] for p in published]
    told = [json.loads(p)["data"]["notice"] for p in published if "filer_notified" in p]
    assert [t for t in types if t != "grievance.filer_notified"] == [
        "grievance.received",
        "grievance.accepted",
        "grievance.extended",
        "grievance.suspended",
        "grievance.resumed",
        "grievance.resolved",
    ]
    assert told == ["accepted", "extended", "suspended", "resumed", "resolved"]  # e-mailed, address sealed
    texts = {"logs": captured_logs.getvalue(), "events": "\n".join(published)}
    texts["responses"] = "\n".join(r.text for r in responses)
    texts["database"] = await _database_except_filers(db)
    assert "grievance.filed" in texts["logs"] and "http.request" in texts["logs"]
    assert "grievance" in texts["database"]
    for where, text in texts.items():
        for value in filer.values():
            assert value not in text, f"{value!r} leaked into {where}"
    audit = (await api.get(f"/grievances/{gid}/audit", headers=auth(gsettings, "grievance_officer"))).json()
    assert audit["intact"] and audit["entries"][-1]["action"] == "filer_read"


async def _database_except_filers(db: mongo.Database) -> str:
    dumped: list[Any] = []
    for name in await db.list_collection_names():
        if name != "filers":
            dumped.extend(await db[name].find({}).to_list(None))
    return json.dumps(dumped, default=str, ensure_ascii=False)


async def test_an_association_denouncer_is_sealed_not_recorded_on_the_case(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    body = {"kind": "denunciation", "targets": [{"kind": "person", "personal_code": "P1"}], "summary": "s"}
    assoc = auth(gsettings, "association", association_id="assoc-secret", sub="user-secret")
    filed = await api.post("/grievances", json=body, headers=assoc)
    assert filed.status_code == 201 and filed.json()["kind"] == "denunciation"
    dumped = await _database_except_filers(db)
    assert "assoc-secret" not in dumped and "user-secret" not in dumped
    officer = auth(gsettings, "grievance_officer")
    filer = (await api.get(f"/grievances/{filed.json()['id']}/filer", headers=officer)).json()["filer"]
    assert filer == {"association_id": "assoc-secret", "user_id": "user-secret"}


async def test_the_letter_is_sealed_at_rest_shown_redacted_and_read_raw_only_audited(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    summary = "Tôi là N.V.An (ĐT +84 912 345 678, số 3 ngõ Sen, phường Hoà Bình), tố cáo ông Z."
    filer = {"name": "Nguyễn Văn An", "contact": "0912345678", "address": "Số 3 ngõ Sen, phường Hoà Bình"}
    targets = [{"kind": "person", "personal_code": "P1"}]
    body = {"kind": "denunciation", "targets": targets, "summary": summary, "filer": filer}
    gid = (await api.post("/grievances", json=body)).json()["id"]
    stored = await db["grievances"].find_one({"_id": gid})
    assert stored is not None and "ngõ Sen" not in json.dumps(stored, default=str, ensure_ascii=False)
    officer = auth(gsettings, "grievance_officer", sub="o-7")
    shown = (await api.get(f"/grievances/{gid}", headers=officer)).json()
    assert shown["summary"] == "Tôi là [người tố cáo] (ĐT [người tố cáo], [người tố cáo]), tố cáo ông Z."
    assert "summary_sealed" not in shown
    listed = (await api.get("/grievances", headers=officer)).json()["items"]
    assert next(c for c in listed if c["id"] == gid)["summary"] == shown["summary"]
    for caller in (auth(gsettings, "association", association_id="a1"), auth(gsettings, "secretariat"), {}):
        assert (await api.get(f"/grievances/{gid}/summary", headers=caller)).status_code in (401, 403)
    raw = await api.get(f"/grievances/{gid}/summary", headers=officer)
    assert raw.json()["summary"] == summary
    audit = (await api.get(f"/grievances/{gid}/audit", headers=officer)).json()["entries"]
    assert audit[-1]["action"] == "summary_read" and audit[-1]["actor"] == "o-7"
