"""Every route checks role and scope: no token, wrong role and another association are refused."""

from __future__ import annotations

import httpx
import pytest
from grievance.settings import GrievanceSettings

from tests.integration.grievance.conftest import complaint_body
from tests.support.service import auth

pytestmark = pytest.mark.integration

ACTIONS = {
    "acceptance": {"decision": "accept"},
    "extension": {"decision_number": "1/QĐ"},
    "suspension": {},
    "resumption": {},
    "resolution": {"outcome": "rejected"},
    "withdrawal": {},
    "publication": {},
}


async def test_every_route_refuses_callers_out_of_scope(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    own = auth(gsettings, "association", association_id="a1")
    other = auth(gsettings, "association", association_id="a2")
    board = auth(gsettings, "board")
    gid = (await api.post("/grievances", json=complaint_body(), headers=own)).json()["id"]
    assert (await api.post("/grievances", json=complaint_body(), headers=board)).status_code == 403
    dated = complaint_body(received_on="2026-01-05")
    assert (await api.post("/grievances", json=dated, headers=own)).status_code == 403
    paths = ("/grievances", f"/grievances/{gid}", f"/grievances/{gid}/filer", f"/grievances/{gid}/audit")
    for path in (*paths, *_content_paths(gid), "/oversight/grievances", "/oversight/grievances/export.csv"):
        assert (await api.get(path)).status_code == 401, path
        assert (await api.get(path, headers=board)).status_code == 403, path
    assert (await api.get(f"/grievances/{gid}", headers=other)).status_code == 403
    assert (await api.get(f"/grievances/{gid}", headers=own)).status_code == 200
    assert (await api.get("/grievances", headers=other)).json()["items"] == []
    assert [g["id"] for g in (await api.get("/grievances", headers=own)).json()["items"]] == [gid]
    for path in (
        f"/grievances/{gid}/filer",
        f"/grievances/{gid}/audit",
        *_content_paths(gid),
        "/oversight/grievances",
        "/oversight/grievances/export.csv",
    ):
        assert (await api.get(path, headers=own)).status_code == 403, path
    for action, body in ACTIONS.items():
        url = f"/grievances/{gid}/{action}"
        assert (await api.post(url, json=body)).status_code == 401, action
        assert (await api.post(url, json=body, headers=own)).status_code == 403, action
        assert (await api.post(url, json=body, headers=board)).status_code == 403, action


def _content_paths(gid: str) -> tuple[str, ...]:
    return (
        f"/grievances/{gid}/verifier-copy",
        f"/grievances/{gid}/attachments",
        f"/grievances/{gid}/attachments/a1",
        f"/grievances/{gid}/filer/attachments/a1",
    )


async def test_only_officers_or_the_filer_with_the_secret_attach(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    own = auth(gsettings, "association", association_id="a1")
    gid = (await api.post("/grievances", json=complaint_body(), headers=own)).json()["id"]
    url, form = f"/grievances/{gid}/attachments", {"shows_identity": "false"}
    for headers in (own, auth(gsettings, "board")):
        answer = await api.post(url, files={"file": ("a.pdf", b"x")}, data=form, headers=headers)
        assert answer.status_code == 403
    assert (await api.post(url, files={"file": ("a.pdf", b"x")}, data=form)).status_code == 404  # no secret


async def test_a_bad_token_is_refused(api: httpx.AsyncClient) -> None:
    answer = await api.get("/grievances", headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401
