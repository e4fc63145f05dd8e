"""The verifier copy and the published conclusion mask the filer however the letter spells them."""

from __future__ import annotations

import httpx
import pytest
from grievance.settings import GrievanceSettings
from thidua import mongo

from tests.support.service import auth

pytestmark = pytest.mark.integration

FILER = {"name": "Nguyễn Văn Ẩn", "contact": "0912 345 678", "address": "Số 7 ngõ Kín, Hà Nội"}
LETTER = (
    "Tôi là Nguyễn Văn Ẩn, ở Số 7 ngõ Kín, Hà Nội (ĐT 0912.345.678). "
    "Ký tên: NGUYEN VAN AN. Liên hệ nguyen van ẩn hoặc 0912345678."
)
LEAKS = ("Nguy", "NGUY", "nguy", "0912", "345", "ngõ Kín", "Kín")


async def _case(api: httpx.AsyncClient, officer: dict[str, str]) -> str:
    body = {
        "kind": "denunciation",
        "targets": [{"kind": "award", "award_id": "aw-3"}],
        "summary": LETTER,
        "filer": FILER,
    }
    filed = await api.post("/grievances", json=body)
    assert filed.status_code == 201
    gid: str = filed.json()["id"]
    url = f"/grievances/{gid}/attachments"
    for name, flag in (("cccd.jpg", "true"), ("bien-ban.pdf", "false")):
        files = {"file": (name, b"data", "image/jpeg")}
        added = await api.post(url, files=files, data={"shows_identity": flag}, headers=officer)
        assert added.status_code == 201
    return gid


async def test_the_verifier_copy_masks_every_spelling_and_hides_identity_attachments(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer", sub="officer-2")
    gid = await _case(api, officer)
    copy = await api.get(f"/grievances/{gid}/verifier-copy", headers=officer)
    assert copy.status_code == 200
    body = copy.json()
    assert body["content"] == (
        "Tôi là [người tố cáo], ở [người tố cáo] (ĐT [người tố cáo]). "
        "Ký tên: [người tố cáo]. Liên hệ [người tố cáo] hoặc [người tố cáo]."
    )
    assert [a["filename"] for a in body["attachments"]] == ["bien-ban.pdf"]
    for leak in LEAKS:
        assert leak not in copy.text
    audit = (await api.get(f"/grievances/{gid}/audit", headers=officer)).json()
    last = audit["entries"][-1]
    assert audit["intact"] and last["action"] == "verifier_copy_read" and last["actor"] == "officer-2"
    assert last["details"]["masked"] == 6 and "Nguy" not in str(audit)
    stored = await db["grievances"].find_one({"_id": gid})
    assert stored is not None and "verifier" not in str(stored)  # computed per read, never stored


async def test_the_published_conclusion_is_redacted_everywhere(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    body = {
        "kind": "denunciation",
        "targets": [{"kind": "award", "award_id": "aw-4"}],
        "summary": "s",
        "filer": FILER,
    }
    filed = (await api.post("/grievances", json=body)).json()
    gid = filed["id"]
    for action, payload in (
        ("acceptance", {"decision": "accept"}),
        ("resolution", {"outcome": "rejected"}),
        ("publication", {"conclusion": "Tố cáo của ông nguyễn văn ẩn (0912 345 678) là sai."}),
    ):
        answer = await api.post(f"/grievances/{gid}/{action}", json=payload, headers=officer)
        assert answer.status_code == 200, answer.text
    assert (
        answer.json()["conclusion"] == "Tố cáo của [người tố cáo] ([người tố cáo]) là sai."
    )  # "ông" + name: one mask
    public = await api.get(
        f"/public/grievances/{filed['tracking_code']}", headers={"X-Tracking-Secret": filed["secret"]}
    )
    assert public.json()["conclusion"] == answer.json()["conclusion"]
    stored = await db["grievances"].find_one({"_id": gid})
    assert stored is not None and "ẩn" not in str(stored) and "0912" not in str(stored)
    audit = await db["audit"].find({"grievance_id": gid}).to_list(None)
    assert "ẩn" not in str(audit) and audit[-1]["details"] == {"masked": 2}


async def test_only_grievance_officers_read_the_verifier_copy(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    gid = await _case(api, officer)
    url = f"/grievances/{gid}/verifier-copy"
    assert (await api.get(url)).status_code == 401
    assert (
        await api.get(url, headers=auth(gsettings, "association", association_id="a1"))
    ).status_code == 403
    assert (await api.get("/grievances/nope/verifier-copy", headers=officer)).status_code == 404


async def test_a_letter_without_a_filer_is_copied_as_is(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    assoc = auth(gsettings, "association", association_id="as-1")
    body = {
        "kind": "complaint",
        "targets": [{"kind": "nomination", "nomination_id": "n1"}],
        "summary": "Sai quy trình.",
    }
    filed = await api.post("/grievances", json=body, headers=assoc)
    copy = await api.get(
        f"/grievances/{filed.json()['id']}/verifier-copy", headers=auth(gsettings, "grievance_officer")
    )
    assert copy.json()["content"] == "Sai quy trình." and copy.json()["placeholder"] == "[người khiếu nại]"
