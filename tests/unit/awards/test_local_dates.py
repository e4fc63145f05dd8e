"""The legal date is the server's in Asia/Ho_Chi_Minh (issue 15 item 7; periods run on local
days): no service module takes a date in the server's own time zone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3] / "services"
SERVER_ZONE = re.compile(r"\bdate\.today\(\)|\bdatetime\.(now|today)\(\)|\butcnow\(")


def test_no_service_reads_a_date_in_the_servers_own_time_zone() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for service in ("awards", "registration")
        for path in sorted((ROOT / service / "src").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if SERVER_ZONE.search(line)
    ]
    assert offenders == []
