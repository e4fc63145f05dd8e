"""The officers' case list: the nearest statutory deadline first, page by page, nothing cut off."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from grievance.settings import GrievanceSettings

from tests.integration.grievance.conftest import complaint_body
from tests.support.service import auth

pytestmark = pytest.mark.integration


async def _every_page(api: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url: str | None = "/grievances?limit=2"
    while url is not None:
        page = (await api.get(url, headers=headers)).json()
        assert len(page["items"]) <= 2 and page["limit"] == 2
        items.extend(page["items"])
        url = page["next"]
    assert len(items) == page["total"]
    return items


async def test_officers_see_the_nearest_deadline_first_and_every_page(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    ids = {}
    for received in ("2026-11-02", "2026-10-01", "2026-11-20", "2026-09-01"):
        body = complaint_body(received_on=received, filer={"name": "Lê Văn Bình", "contact": "0901234567"})
        ids[received] = (await api.post("/grievances", json=body, headers=officer)).json()["id"]
    refuse = {"decision": "refuse", "reason_code": "other"}
    closed = await api.post(f"/grievances/{ids['2026-09-01']}/acceptance", json=refuse, headers=officer)
    assert closed.status_code == 200, closed.text
    listed = [c["id"] for c in await _every_page(api, officer) if c["id"] in ids.values()]
    assert listed == [ids["2026-10-01"], ids["2026-11-02"], ids["2026-11-20"], ids["2026-09-01"]]
