"""Evidence documents are hashed on arrival; a dossier item must match the stored content."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from awards.settings import AwardsSettings

from tests.support.awards import ASSOC, OTHER, nomination, officer
from tests.support.problems import assert_problem

pytestmark = pytest.mark.integration


async def _upload(
    client: httpx.AsyncClient, cfg: AwardsSettings, association_id: str, content: bytes
) -> httpx.Response:
    files = {"file": ("bao-cao.pdf", content, "application/pdf")}
    return await client.post(
        "/documents",
        files=files,
        data={"association_id": association_id},
        headers=officer(cfg, association_id),
    )


async def test_an_uploaded_document_is_hashed_and_checked_against_the_dossier(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg = awards_settings
    uploaded = await _upload(client, cfg, ASSOC, b"%PDF report")
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["sha256"] == hashlib.sha256(b"%PDF report").hexdigest()
    item = {
        "kind": "bao_cao_thanh_tich",
        "filename": "bao-cao.pdf",
        "sha256": uploaded.json()["sha256"],
        "document_id": uploaded.json()["document_id"],
    }
    body = nomination("LDTT")
    others = [d for d in body["dossier"] if d["kind"] != "bao_cao_thanh_tich"]
    ok = await client.post("/nominations", json=body | {"dossier": [*others, item]}, headers=officer(cfg))
    assert ok.status_code == 201, ok.text
    forged = item | {"sha256": "0" * 64}
    wrong = await client.post(
        "/nominations", json=nomination("LDTT", "P-2") | {"dossier": [*others, forged]}, headers=officer(cfg)
    )
    assert_problem(wrong, 422, "document-mismatch")


async def test_an_officer_uploads_for_their_own_association_only(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    files = {"file": ("x.pdf", b"x", "application/pdf")}
    refused = await client.post(
        "/documents", files=files, data={"association_id": ASSOC}, headers=officer(awards_settings, OTHER)
    )
    assert refused.status_code == 403
    theirs = await _upload(client, awards_settings, OTHER, b"theirs")
    item = {
        "kind": "to_trinh",
        "filename": "x.pdf",
        "sha256": theirs.json()["sha256"],
        "document_id": theirs.json()["document_id"],
    }
    body = nomination("LDTT") | {"dossier": [item]}
    assert (await client.post("/nominations", json=body, headers=officer(awards_settings))).status_code == 422
