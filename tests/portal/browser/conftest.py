"""Browser tests: Playwright driving Debian's Chromium against the whole network (every API and worker and
the portal as processes, the services verifying the portal's RS256 tokens through its JWKS).

One network serves a module's journeys; each journey creates its own associations. Each journey's last page
is saved as a screenshot under var/artifacts/portal/ (git-ignored).
"""

from __future__ import annotations

import asyncio
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from thidua import mongo
from thidua_tools.launcher import System
from thidua_tools.province.client import Json, ProvinceClient, ServiceUrls

from tests.support.infra import Infra
from tests.support.system import AUDIENCE, ISSUER, PORTAL_ADMIN_TOKEN, databases, portal_key, running_system

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "var" / "artifacts" / "portal"
AXE = ROOT / "services" / "portal" / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "mat-khau-thu-nghiem-1"
TODAY = date.today()


@dataclass
class Network:
    """The running network, a secretariat client on it, and what the journeys made."""

    system: System
    api: ProvinceClient
    unique: str
    infra: Infra
    loop: asyncio.AbstractEventLoop
    campaign: Json = field(default_factory=dict)

    @property
    def portal(self) -> str:
        return self.system.url("portal")

    def run(self, work: Any) -> Any:
        """Run a coroutine of the test's own set-up on the network's loop (a thread of its own: Playwright's
        sync API keeps a loop of its own on the test's thread)."""
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(timeout=120)

    def account(self, username: str, role: str, *, association_id: str | None = None, name: str = "") -> str:
        body = {
            "password": PASSWORD,
            "name": name or username,
            "roles": [role],
            "association_id": association_id,
        }
        answer = httpx.put(
            f"{self.portal}/admin/accounts/{username}",
            json=body,
            headers={"Authorization": f"Bearer {PORTAL_ADMIN_TOKEN}"},
            timeout=30,
        )
        answer.raise_for_status()
        return username

    def association(self, tag: str, name: str) -> str:
        made = self.run(self.api.create_association(code=f"{self.unique}-{tag}", name=name))
        return str(made["id"])

    def facts_known(self, personal_codes: list[str], timeout_s: float = 60) -> None:
        """Wait until awards has the verified facts of these members (they travel as an event)."""

        async def wait() -> None:
            client = mongo.connect(self.infra.mongo_url)
            try:
                facts = client[databases(self.unique)["awards"]]["facts"]
                keys = [f"individual:{code}" for code in personal_codes]
                deadline = asyncio.get_running_loop().time() + timeout_s
                while await facts.count_documents({"key": {"$in": keys}}) < len(keys):
                    if asyncio.get_running_loop().time() > deadline:
                        raise AssertionError(f"awards never learnt the facts of {personal_codes}")
                    await asyncio.sleep(0.3)
            finally:
                await mongo.close(client)

        self.run(wait())


@pytest.fixture(scope="module")
def network(infra: Infra, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Network]:
    """The whole network with the portal, and an annual campaign open for registration."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(
                f"Chromium is missing at {CHROMIUM}: scripts/_assets.sh installs it (apt-get install chromium)"  # noqa: E501
            )
        pytest.skip(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    unique = uuid.uuid4().hex[:10]
    log_dir = tmp_path_factory.mktemp("portal-network") / "logs"
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="network-loop", daemon=True)
    thread.start()
    with running_system(infra, unique, log_dir, portal=True, THIDUA_COOKIE_SECURE="true") as system:
        urls = ServiceUrls(*(system.url(s) for s in ("registration", "awards", "grievance", "notify")))
        api = ProvinceClient(
            secret="",
            signing_key=portal_key(log_dir),
            urls=urls,
            issuer=ISSUER,
            audience=AUDIENCE,
            correlation_prefix="browser",
        )
        net = Network(system=system, api=api, unique=unique, infra=infra, loop=loop)
        net.campaign = net.run(
            api.create_campaign(
                code=f"{unique}-TD",
                name=f"Phong trào thi đua yêu nước năm {TODAY.year}",
                year=TODAY.year,
                kind="annual",
                period_start=date(TODAY.year, 1, 1),
                period_end=date(TODAY.year, 12, 31),
                registration_deadline=TODAY + timedelta(days=30),
                award_type_codes=["LDTT", "CSTDCS"],
            )
        )
        try:
            yield net
        finally:
            net.run(api.aclose())
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call":
        item.stash[FAILED] = report.failed


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser profile (its own cookies); a failing journey leaves a screenshot where it stops."""
    context = browser.new_context(
        locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(20_000)
    tab = context.new_page()
    try:
        yield tab
    finally:
        if request.node.stash.get(FAILED, False):
            screenshot(tab, f"failed-{request.node.name}")
        context.close()


def sign_in(page: Page, portal: str, username: str, password: str = PASSWORD) -> None:
    """The officer signs in through the login form."""
    page.goto(f"{portal}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()


def assert_accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, f"{page.url}: {serious}"


def screenshot(page: Page, name: str) -> Path:
    """Save the journey's last page (full page) as a test artefact."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pdf(name: str) -> dict[str, Any]:
    """A small PDF for an upload field."""
    return {"name": name, "mimeType": "application/pdf", "buffer": f"%PDF-1.4\n% {name}\n".encode()}


def award_through_the_api(network: Network, association_id: str, name: str, code: str) -> Json:
    """A member registered, verified, nominated for Lao động tiên tiến (disclosed) and awarded, all
    through the services' APIs: what the public pages then show."""
    api, campaign = network.api, network.campaign

    async def year() -> Json:
        reg = await api.register(
            campaign["id"],
            association_id=association_id,
            collective_name="Hội Cơ khí tỉnh",
            individuals=[{"personal_code": code, "full_name": name, "award_type_codes": ["LDTT"]}],
        )
        await api.submit_self_assessment(
            reg["id"],
            association_id=association_id,
            collective={"task_rating": "hoan_thanh_tot", "member_count": 1, "members_completed_count": 1},
            individuals=[{"personal_code": code, "task_rating": "hoan_thanh_tot"}],
        )
        await api.verify_registration(reg["id"])
        return reg

    network.run(year())
    network.facts_known([code])

    async def award() -> Json:
        dossier = []
        for kind in ("to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet"):
            doc = await api.upload_document(
                association_id=association_id, filename=f"{kind}.pdf", content=b"%PDF-1.4 x"
            )
            dossier.append(
                {
                    "kind": kind,
                    "filename": f"{kind}.pdf",
                    "sha256": doc["sha256"],
                    "document_id": doc["document_id"],
                }
            )
        nomination = await api.nominate(
            association_id=association_id,
            campaign_id=campaign["id"],
            award_type_code="LDTT",
            year=TODAY.year,
            commendation_type="cong_trang",
            dossier=dossier,
            considered_on=TODAY,
            nominee={"kind": "individual", "name": name, "unit": "Hội Cơ khí tỉnh", "personal_code": code},
            achievement_report=f"{name} hoàn thành tốt nhiệm vụ.",
        )
        await api.disclose(nomination["id"], window_start=TODAY)
        decision: Json = await api.issue_decision(
            number=f"34/QĐ-LHH-{network.unique}",
            signed_on=TODAY,
            signer_name="Lê Văn Hùng",
            signer_title="Chủ tịch Liên hiệp các Hội",
            nomination_ids=[nomination["id"]],
        )
        return decision | {"nomination_id": nomination["id"]}

    result: Json = network.run(award())
    return result
