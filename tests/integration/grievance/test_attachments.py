"""Attachments: evidence in clear with its SHA-256, identity files sealed apart, reads audited, 4xx only."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest
from grievance.bootstrap import SPEC
from grievance.settings import GrievanceSettings
from thidua import mongo

from tests.support.service import api_client, auth

pytestmark = pytest.mark.integration

NAME = "Đỗ Thị Kín"
CARD = f"CCCD 001234567890 {NAME} Số 9 ngõ Bí".encode()
EVIDENCE = b"%PDF-1.4 bang chung ke khai sai"


async def _denounce(api: httpx.AsyncClient) -> dict[str, Any]:
    body = {
        "kind": "denunciation",
        "targets": [{"kind": "award", "award_id": "aw-1"}],
        "summary": "Kê khai sai thành tích.",
        "filer": {"name": NAME, "contact": "0987 654 321"},
    }
    filed = await api.post("/grievances", json=body)
    assert filed.status_code == 201
    result: dict[str, Any] = filed.json()
    return result


def _file(name: str, content: bytes, media: str = "application/pdf") -> dict[str, Any]:
    return {"file": (name, content, media)}


async def test_the_filer_attaches_at_intake_and_the_identity_file_is_sealed_apart(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    case = await _denounce(api)
    gid, url = case["id"], f"/grievances/{case['id']}/attachments"
    filer = {"X-Tracking-Secret": case["secret"]}
    card = await api.post(url, files=_file(f"cccd {NAME}.jpg", CARD, "image/jpeg"),
                          data={"shows_identity": "true"}, headers=filer)  # fmt: skip
    proof = await api.post(
        url, files=_file("proof.pdf", EVIDENCE), data={"shows_identity": "false"}, headers=filer
    )
    assert card.status_code == 201 and proof.status_code == 201, (card.text, proof.text)
    assert card.json()["sealed"] is True and NAME not in card.text
    chunks = await db["sealed.chunks"].find({}).to_list(None)
    stored = b"".join(bytes(c["data"]) for c in chunks)
    assert stored and CARD not in stored and NAME.encode() not in stored and b"001234567890" not in stored
    evidence = await db["evidence.chunks"].find({}).to_list(None)
    assert b"".join(bytes(c["data"]) for c in evidence) == EVIDENCE  # evidence is kept as given
    records = await db["attachments"].find({}).to_list(None)
    assert NAME not in str(records) and "cccd" not in str(records)
    assert {r["sha256"] for r in records if not r["shows_identity"]} == {hashlib.sha256(EVIDENCE).hexdigest()}

    officer = auth(gsettings, "grievance_officer", sub="officer-7")
    listed = (await api.get(url, headers=officer)).json()["items"]
    assert [a["sealed"] for a in listed] == [True, False]
    assert set(listed[0]) == {"id", "sealed", "uploaded_at"} and listed[1]["filename"] == "proof.pdf"
    download = await api.get(f"{url}/{proof.json()['id']}", headers=officer)
    assert download.content == EVIDENCE
    assert download.headers["x-content-sha256"] == hashlib.sha256(EVIDENCE).hexdigest()
    refused = await api.get(f"{url}/{card.json()['id']}", headers=officer)
    assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
    opened = await api.get(f"/grievances/{gid}/filer/attachments/{card.json()['id']}", headers=officer)
    assert opened.content == CARD and "cccd" in opened.headers["content-disposition"]
    audit = (await api.get(f"/grievances/{gid}/audit", headers=officer)).json()
    assert audit["intact"] and audit["entries"][-1]["action"] == "sealed_attachment_read"
    assert audit["entries"][-1]["actor"] == "officer-7" and NAME not in str(audit)


async def test_who_may_attach(api: httpx.AsyncClient, gsettings: GrievanceSettings) -> None:
    case = await _denounce(api)
    url, form = f"/grievances/{case['id']}/attachments", {"shows_identity": "false"}
    wrong = await api.post(
        url, files=_file("a.pdf", EVIDENCE), data=form, headers={"X-Tracking-Secret": "nope"}
    )
    assert wrong.status_code == 404
    association = auth(gsettings, "association", association_id="as-1")
    assert (
        await api.post(url, files=_file("a.pdf", EVIDENCE), data=form, headers=association)
    ).status_code == 403
    officer = auth(gsettings, "grievance_officer")
    accepted = await api.post(
        f"/grievances/{case['id']}/acceptance", json={"decision": "accept"}, headers=officer
    )
    assert accepted.status_code == 200
    late = await api.post(
        url, files=_file("a.pdf", EVIDENCE), data=form, headers={"X-Tracking-Secret": case["secret"]}
    )
    assert late.status_code == 403  # after intake only officers attach
    assert (
        await api.post(url, files=_file("a.pdf", EVIDENCE), data=form, headers=officer)
    ).status_code == 201
    for path in (url, f"{url}/x", f"/grievances/{case['id']}/filer/attachments/x"):
        assert (await api.get(path, headers=association)).status_code == 403
        assert (await api.get(path)).status_code == 401


async def test_bad_input_and_missing_files_are_4xx(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    case = await _denounce(api)
    officer = auth(gsettings, "grievance_officer")
    url = f"/grievances/{case['id']}/attachments"
    no_flag = await api.post(url, files=_file("a.pdf", EVIDENCE), headers=officer)
    no_file = await api.post(url, data={"shows_identity": "true"}, headers=officer)
    empty = await api.post(url, files=_file("a.pdf", b""), data={"shows_identity": "true"}, headers=officer)
    unknown = await api.post(
        "/grievances/nope/attachments",
        files=_file("a.pdf", EVIDENCE),
        data={"shows_identity": "1"},
        headers=officer,
    )
    assert [r.status_code for r in (no_flag, no_file, empty, unknown)] == [422, 422, 422, 404]
    assert await db["evidence.files"].count_documents({}) == 0  # the refused upload left no orphan
    assert (await api.get(f"{url}/missing", headers=officer)).status_code == 404
    assert (await api.get("/grievances/nope/attachments", headers=officer)).status_code == 404
    added = await api.post(
        url, files=_file("a.pdf", EVIDENCE), data={"shows_identity": "false"}, headers=officer
    )
    sealed = await api.post(url, files=_file("c.jpg", CARD), data={"shows_identity": "true"}, headers=officer)
    await mongo.gridfs_bucket(db, name="evidence").delete(added.json()["id"])
    await mongo.gridfs_bucket(db, name="sealed").delete(sealed.json()["id"])
    gone = await api.get(f"{url}/{added.json()['id']}", headers=officer)
    gone_sealed = await api.get(
        f"/grievances/{case['id']}/filer/attachments/{sealed.json()['id']}", headers=officer
    )
    not_sealed = await api.get(
        f"/grievances/{case['id']}/filer/attachments/{added.json()['id']}", headers=officer
    )
    assert [r.status_code for r in (gone, gone_sealed, not_sealed)] == [404, 404, 404]
    assert gone.headers["content-type"] == "application/problem+json"


async def test_an_attachment_over_the_size_limit_is_413(
    gsettings: GrievanceSettings, mongo_client: mongo.Client
) -> None:
    small = gsettings.model_copy(update={"attachment_max_bytes": 16})
    try:
        async with api_client(SPEC, small) as api:
            case = await _denounce(api)
            officer = auth(small, "grievance_officer")
            url = f"/grievances/{case['id']}/attachments"
            big = await api.post(
                url, files=_file("a.pdf", b"x" * 17), data={"shows_identity": "false"}, headers=officer
            )
            fits = await api.post(
                url, files=_file("a.pdf", b"x" * 16), data={"shows_identity": "false"}, headers=officer
            )
            assert (big.status_code, fits.status_code) == (413, 201)
            assert big.json()["type"].endswith("payload-too-large")
    finally:
        await mongo_client.drop_database(small.database_name)
