"""`thidua grievance reseal`: after a rotation every sealed record opens with the new key alone."""

from __future__ import annotations

import io

import httpx
import pytest
from grievance.bootstrap import SPEC
from grievance.deps import build_deps
from grievance.reseal import reseal
from grievance.settings import GrievanceSettings
from grievance.vault import new_key
from pydantic import SecretStr
from thidua import mongo

from tests.support.service import api_client, auth

pytestmark = pytest.mark.integration
FILER = {"name": "Hồ Thị Kín", "contact": "0988 111 222"}


async def test_every_sealed_record_moves_to_the_active_key_resumably(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    body = {"kind": "denunciation", "targets": [{"kind": "person", "personal_code": "P1"}],
            "summary": "Bà Hồ Thị Kín tố cáo ông Y.", "filer": FILER}  # fmt: skip
    filed = (await api.post("/grievances", json=body)).json()
    officer = auth(gsettings, "grievance_officer")
    card = {"file": ("cccd.jpg", b"CCCD Ho Thi Kin", "image/jpeg")}
    url = f"/grievances/{filed['id']}/attachments"
    aid = (await api.post(url, files=card, data={"shows_identity": "true"}, headers=officer)).json()["id"]
    legacy = {
        "_id": "old-1",
        "kind": "complaint",
        "tracking_code": "KN-OLD",
        "summary": "Thư cũ, chưa niêm phong.",
    }
    await db["grievances"].insert_one(legacy)

    old = gsettings.identity_keys["k1"]
    rotated = gsettings.model_copy(
        update={"identity_keys": {"k1": old, "k2": SecretStr(new_key())}, "identity_active_key_id": "k2"}
    )
    out = io.StringIO()
    first = await reseal(db, build_deps(rotated).vault, out=out)
    assert first == {"filers": 1, "letters": 2, "attachment_names": 1, "identity_files": 1}
    assert "filers: 1/1 re-sealed" in out.getvalue() and "identity files: 1/1 re-sealed" in out.getvalue()
    assert await reseal(db, build_deps(rotated).vault, out=io.StringIO()) == dict.fromkeys(first, 0)
    migrated = await db["grievances"].find_one({"_id": "old-1"})
    assert migrated is not None and migrated["summary_sealed"]["key_id"] == "k2"
    assert await db["sealed.files"].count_documents({}) == 1  # the old file is gone

    only_new = rotated.model_copy(update={"identity_keys": {"k2": rotated.identity_keys["k2"]}})
    async with api_client(SPEC, only_new) as client:
        gid = filed["id"]
        assert (await client.get(f"/grievances/{gid}/filer", headers=officer)).json()["filer"] == FILER
        assert (await client.get(f"/grievances/{gid}/summary", headers=officer)).json()["summary"] == body[
            "summary"
        ]
        file = await client.get(f"/grievances/{gid}/filer/attachments/{aid}", headers=officer)
        assert file.content == b"CCCD Ho Thi Kin"
