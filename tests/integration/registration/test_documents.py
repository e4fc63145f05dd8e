"""Plan uploads (types by content, size limit, SHA-256, GridFS), the campaign summary and the exports."""

from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from registration.bootstrap import SPEC
from registration.settings import RegistrationSettings
from thidua import mongo

from tests.integration.registration.conftest import new_association, new_campaign, officer, plan
from tests.support.problems import assert_problem
from tests.support.service import api_client, auth

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.7\n" + b"x" * 100


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


async def registered(
    api: httpx.AsyncClient, secretariat: dict[str, str], settings: RegistrationSettings
) -> Any:
    campaign = await new_campaign(api, secretariat)
    association = await new_association(api, secretariat, "HDOC")
    headers = officer(settings, association["id"])
    made = await api.post(f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=headers)
    return campaign, headers, made.json()


async def test_a_pdf_plan_is_stored_with_its_sha256_and_downloads_intact(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
) -> None:
    _, headers, made = await registered(api, secretariat, reg_settings)
    url = f"/registrations/{made['id']}/plan-document"
    uploaded = await api.post(url, files={"file": ("kế hoạch.pdf", PDF, "text/plain")}, headers=headers)
    assert uploaded.status_code == 200, uploaded.text
    ref = uploaded.json()["plan_document"]
    assert (ref["media_type"], ref["sha256"], uploaded.headers["ETag"]) == (
        "application/pdf",
        hashlib.sha256(PDF).hexdigest(),
        '"2"',
    )
    downloaded = await api.get(url, headers=headers)
    assert downloaded.content == PDF


async def test_a_docx_is_recognised_by_its_content(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
) -> None:
    _, headers, made = await registered(api, secretariat, reg_settings)
    files = {"file": ("plan.bin", docx(), "application/octet-stream")}
    uploaded = await api.post(f"/registrations/{made['id']}/plan-document", files=files, headers=headers)
    assert uploaded.json()["plan_document"]["media_type"].endswith("wordprocessingml.document")


@pytest.mark.parametrize(
    "content", [b"MZ\x90\x00 an exe", b"PK\x03\x04 not a real zip", b"<html>%PDF-</html>"]
)
async def test_other_content_is_refused_whatever_its_name(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings, content: bytes
) -> None:
    _, headers, made = await registered(api, secretariat, reg_settings)
    files = {"file": ("plan.pdf", content, "application/pdf")}
    answer = await api.post(f"/registrations/{made['id']}/plan-document", files=files, headers=headers)
    assert_problem(answer, 415, "unsupported-media-type")


async def test_a_plan_over_the_size_limit_is_refused(reg_settings: RegistrationSettings) -> None:
    small = reg_settings.model_copy(update={"plan_max_bytes": 50})
    secretariat = auth(small, "secretariat")
    async with api_client(SPEC, small) as api:
        _, headers, made = await registered(api, secretariat, small)
        answer = await api.post(
            f"/registrations/{made['id']}/plan-document",
            files={"file": ("p.pdf", PDF, "application/pdf")},
            headers=headers,
        )
        assert_problem(answer, 413, "payload-too-large")
        assert (await api.get(f"/registrations/{made['id']}", headers=headers)).json()[
            "plan_document"
        ] is None


async def test_the_summary_and_exports_show_who_registered(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
) -> None:
    campaign, _, _ = await registered(api, secretariat, reg_settings)
    late = await new_association(api, secretariat, "HNOTYET")
    summary = (await api.get(f"/campaigns/{campaign['id']}/summary", headers=secretariat)).json()
    assert summary["not_registered"] == [["HNOTYET", late["id"]]]
    assert summary["titles_aimed"]["chien_si_thi_dua_co_so"] == {"collectives": 0, "individuals": 1}
    csv_text = (
        await api.get(f"/campaigns/{campaign['id']}/registrations.csv", headers=secretariat)
    ).content.decode()
    assert "Nguyễn Thị Hoa" in csv_text
    xlsx = await api.get(f"/campaigns/{campaign['id']}/registrations.xlsx", headers=secretariat)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=10).value == "Nguyễn Thị Hoa"


async def test_a_plan_whose_file_went_missing_is_a_404_problem_not_a_500(
    api: httpx.AsyncClient,
    secretariat: dict[str, str],
    reg_settings: RegistrationSettings,
    mongo_client: mongo.Client,
) -> None:
    _, headers, made = await registered(api, secretariat, reg_settings)
    url = f"/registrations/{made['id']}/plan-document"
    uploaded = await api.post(url, files={"file": ("plan.pdf", PDF, "application/pdf")}, headers=headers)
    assert uploaded.status_code == 200, uploaded.text
    database = mongo_client[reg_settings.database_name]
    for collection in await database.list_collection_names():
        if collection.endswith(".files") or collection.endswith(".chunks"):
            await database[collection].delete_many({})
    answer = await api.get(url, headers=headers)
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("application/problem+json")
