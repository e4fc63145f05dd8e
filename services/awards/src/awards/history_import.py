"""Award-history import (CSV or XLSX) so consecutive-year rules work on day one; parsing is pure."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import load_workbook

from awards.catalogue import COLLECTIVE, HOUSEHOLD, INDIVIDUAL, all_award_types
from awards.repository import HISTORY, nominee_key
from awards.uow import AwardsUnitOfWork

COLUMNS = (
    "nominee_kind",
    "personal_code",
    "association_id",
    "name",
    "unit",
    "award_type_code",
    "year",
    "commendation_type",
    "decision_number",
    "decided_on",
)
COMMENDATION_TYPES = ("cong_trang", "dot_xuat", "phong_trao", "chuyen_de", "qua_trinh_cong_hien", "doi_ngoai")


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, and why."""

    row: int
    reasons: tuple[str, ...]


def read_rows(content: bytes, *, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8) or XLSX file, keyed by the header row."""
    if filename.lower().endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        assert sheet is not None
        values = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        header, body = (values[0], values[1:]) if values else ([], [])
        return [dict(zip(header, row, strict=False)) for row in body]
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _reasons(row: dict[str, str], codes: set[str]) -> list[str]:
    reasons = [f"missing {c}" for c in ("nominee_kind", "name", "award_type_code", "year") if not row.get(c)]
    if row.get("nominee_kind") and row["nominee_kind"] not in (INDIVIDUAL, COLLECTIVE, HOUSEHOLD):
        reasons.append(f"unknown nominee_kind {row['nominee_kind']!r}")
    if row.get("nominee_kind") == INDIVIDUAL and not row.get("personal_code"):
        reasons.append("an individual needs personal_code")
    if row.get("nominee_kind") == COLLECTIVE and not row.get("association_id"):
        reasons.append("a collective needs association_id")
    if row.get("award_type_code") and row["award_type_code"] not in codes:
        reasons.append(f"unknown award_type_code {row['award_type_code']!r}")
    if row.get("year") and not (row["year"].isdigit() and 1990 <= int(row["year"]) <= date.today().year):
        reasons.append(f"bad year {row['year']!r}")
    if (row.get("commendation_type") or "cong_trang") not in COMMENDATION_TYPES:
        reasons.append(f"unknown commendation_type {row['commendation_type']!r}")
    if row.get("decided_on"):
        try:
            date.fromisoformat(row["decided_on"])
        except ValueError:
            reasons.append(f"bad decided_on {row['decided_on']!r} (YYYY-MM-DD)")
    return reasons


def to_award(row: dict[str, str]) -> dict[str, Any]:
    """The history document of a valid row; its id is stable so a re-import changes nothing."""
    kind = row["nominee_kind"]
    key = nominee_key(kind, personal_code=row.get("personal_code"), association_id=row.get("association_id"))
    award_id = hashlib.sha256(f"{key}|{row['award_type_code']}|{row['year']}".encode()).hexdigest()[:32]
    nominee = {
        "kind": kind,
        "name": row["name"],
        "unit": row.get("unit") or "",
        "personal_code": row.get("personal_code") or None,
    }
    return {
        "_id": f"import-{award_id}",
        "key": key,
        "kind": kind,
        "code": row["award_type_code"],
        "year": int(row["year"]),
        "commendation_type": row.get("commendation_type") or "cong_trang",
        "association_id": row.get("association_id") or None,
        "status": "active",
        "source": "import",
        "authority": "import",
        "decision_number": row.get("decision_number") or None,
        "nominee": nominee,
        "decided_on": row.get("decided_on") or None,
    }


def validate(rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[Rejected]]:
    """Valid award documents, and the rejected rows (numbered as in the file, header = 1)."""
    codes = {t.code for t in all_award_types()}
    good: dict[str, dict[str, Any]] = {}
    rejected: list[Rejected] = []
    for number, row in enumerate(rows, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        reasons = _reasons(row, codes)
        award = None if reasons else to_award(row)
        if award is not None and award["_id"] in good:
            reasons.append("duplicate of an earlier row (one achievement, one award)")
        if reasons:
            rejected.append(Rejected(number, tuple(reasons)))
        elif award is not None:
            good[award["_id"]] = award
    return list(good.values()), rejected


async def import_awards(uow: AwardsUnitOfWork, *, awards: list[dict[str, Any]]) -> int:
    """Store the imported awards (idempotent)."""
    for award in awards:
        await uow.repo.put(HISTORY, award)
    return len(awards)
