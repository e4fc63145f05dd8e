"""`thidua seed-demo` creates the demo's portal accounts through the administration API (a second run creates
none) and `thidua demo-accounts --json` lists them with the fields the issue names."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from thidua_tools import cli
from thidua_tools.province import demo_accounts
from thidua_tools.province.names import province

from tests.portal.conftest import ADMIN_TOKEN, sign_in

pytestmark = pytest.mark.integration


async def test_the_demo_accounts_are_created_once_and_each_role_signs_in(
    browser: httpx.AsyncClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = province(associations=3, individuals=30)
    ids = {p.code: f"id-{i}" for i, p in enumerate(profiles)}
    accounts = demo_accounts.plan_accounts(profiles, ids, known={})

    first = await demo_accounts.create_accounts(
        browser, portal_url="https://portal.test", token=ADMIN_TOKEN, accounts=accounts
    )
    demo_accounts.write_accounts(tmp_path, accounts)
    again = demo_accounts.plan_accounts(
        profiles, ids, known={a.username: a.password for a in demo_accounts.read_accounts(tmp_path)}
    )
    second = await demo_accounts.create_accounts(
        browser, portal_url="https://portal.test", token=ADMIN_TOKEN, accounts=again
    )

    assert first == len(accounts) and second == 0 and again == accounts
    roles = {a.role for a in accounts}
    assert roles == {"association", "secretariat", "council", "grievance_officer", "board"}
    assert sum(a.role == "association" for a in accounts) == 3
    officer = next(a for a in accounts if a.role == "association")
    assert (await sign_in(browser, officer.username, officer.password)).status_code == 303

    capsys.readouterr()  # the portal's request log so far
    assert cli.main(["demo-accounts", "--json", "--var-dir", str(tmp_path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed[0].keys() == {"username", "password", "role", "association_id", "name"}
    assert {a["username"] for a in listed} == {a.username for a in accounts}
