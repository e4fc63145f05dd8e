"""The demo's portal accounts: one officer per demo association, the secretariat, the council members, a
grievance officer and a board reader, created through the portal's administration API.

Passwords are random on the first run and kept in `var/demo-accounts.json` (git-ignored), so a second run
creates nothing and `thidua demo-accounts --json` prints the same list.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from thidua_tools.province.demo_awards import council_roster
from thidua_tools.province.names import AssociationProfile

ACCOUNTS_FILE = "demo-accounts.json"
ADMIN_TOKEN_FILE = Path("keys") / "portal-admin-token"


@dataclass(frozen=True)
class DemoAccount:
    """One demo account as `thidua demo-accounts --json` prints it."""

    username: str
    password: str
    role: str
    association_id: str | None
    name: str


def plan_accounts(
    profiles: Sequence[AssociationProfile], ids: dict[str, str], *, known: dict[str, str]
) -> list[DemoAccount]:
    """The accounts of the demo (associations by code → id); `known` passwords are kept."""

    def password(username: str) -> str:
        return known.get(username) or f"demo-{secrets.token_urlsafe(9)}"

    out = [
        DemoAccount(
            p.code.lower(), password(p.code.lower()), "association", ids[p.code], p.officers[0].full_name
        )
        for p in profiles
        if p.code in ids and p.officers
    ]
    out.append(
        DemoAccount("van-phong", password("van-phong"), "secretariat", None, "Văn phòng Liên hiệp hội")
    )
    out += [
        DemoAccount(m["member_id"], password(m["member_id"]), "council", None, m["name"])
        for m in council_roster()
    ]
    out.append(
        DemoAccount("can-bo-giai-quyet-don", password("can-bo-giai-quyet-don"), "grievance_officer", None,
                    "Cán bộ giải quyết đơn thư")
    )  # fmt: skip
    out.append(
        DemoAccount(
            "ban-thi-dua-tinh", password("ban-thi-dua-tinh"), "board", None, "Ban Thi đua – Khen thưởng tỉnh"
        )
    )
    return out


def read_accounts(var_dir: Path) -> list[DemoAccount]:
    """The accounts written by the last `thidua seed-demo` (empty before the first)."""
    path = var_dir / ACCOUNTS_FILE
    if not path.is_file():
        return []
    return [DemoAccount(**item) for item in json.loads(path.read_text(encoding="utf-8"))]


def write_accounts(var_dir: Path, accounts: Sequence[DemoAccount]) -> Path:
    """Keep the accounts (with their passwords) for `thidua demo-accounts`, readable by the owner only."""
    var_dir.mkdir(parents=True, exist_ok=True)
    path = var_dir / ACCOUNTS_FILE
    path.write_text(json.dumps([asdict(a) for a in accounts], ensure_ascii=False, indent=2), encoding="utf-8")
    path.chmod(0o600)
    return path


def admin_token(var_dir: Path, env: dict[str, str]) -> str | None:
    """THIDUA_ADMIN_TOKEN, else the secret `thidua up` created under var/keys/."""
    if env.get("THIDUA_ADMIN_TOKEN"):
        return env["THIDUA_ADMIN_TOKEN"]
    path = var_dir / ADMIN_TOKEN_FILE
    return path.read_text().strip() if path.is_file() else None


async def create_accounts(
    http: httpx.AsyncClient, *, portal_url: str, token: str, accounts: Sequence[DemoAccount]
) -> int:
    """Create or update every account through the portal; returns how many were new."""
    created = 0
    for account in accounts:
        body = {
            "password": account.password,
            "name": account.name,
            "roles": [account.role],
            "association_id": account.association_id,
        }
        answer = await http.put(
            f"{portal_url.rstrip('/')}/admin/accounts/{account.username}",
            json=body,
            headers={"Authorization": f"Bearer {token}"},
        )
        answer.raise_for_status()
        created += bool(answer.json().get("created"))
    return created
