"""Award-history import (CSV or XLSX) so consecutive-year rules work on day one: reading and checking rows."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date

from openpyxl import load_workbook
from thidua import calendar

from awards import messages as msg
from awards.catalogue import COLLECTIVE, HOUSEHOLD, INDIVIDUAL, all_award_types
from awards.domain import nominee_key
from awards.errors import UnreadableFile
from awards.history import Award
from awards.nomination import Nominee

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
    required = ("nominee_kind", "name", "award_type_code", "year")
    reasons = [msg.ROW_MISSING.format(column=c) for c in required if not row.get(c)]
    if row.get("nominee_kind") and row["nominee_kind"] not in (INDIVIDUAL, COLLECTIVE, HOUSEHOLD):
        reasons.append(msg.ROW_UNKNOWN.format(column="nominee_kind", value=row["nominee_kind"]))
    if row.get("nominee_kind") == INDIVIDUAL and not row.get("personal_code"):
        reasons.append(msg.ROW_INDIVIDUAL_CODE)
    if row.get("nominee_kind") == COLLECTIVE and not row.get("association_id"):
        reasons.append(msg.ROW_COLLECTIVE_ASSOCIATION)
    if row.get("award_type_code") and row["award_type_code"] not in codes:
        reasons.append(msg.ROW_NOT_IN_CATALOGUE.format(value=row["award_type_code"]))
    if row.get("year") and not (row["year"].isdigit() and 1990 <= int(row["year"]) <= calendar.today().year):
        reasons.append(msg.ROW_UNKNOWN.format(column="year", value=row["year"]))
    if (row.get("commendation_type") or "cong_trang") not in COMMENDATION_TYPES:
        reasons.append(msg.ROW_UNKNOWN.format(column="commendation_type", value=row["commendation_type"]))
    if row.get("decided_on"):
        try:
            date.fromisoformat(row["decided_on"])
        except ValueError:
            reasons.append(msg.ROW_BAD_DATE.format(value=row["decided_on"]))
    return reasons


def to_award(row: dict[str, str]) -> Award:
    """The history row of a valid file row; its id is stable so a re-import changes nothing."""
    kind = row["nominee_kind"]
    key = nominee_key(kind, personal_code=row.get("personal_code"), association_id=row.get("association_id"))
    award_id = hashlib.sha256(f"{key}|{row['award_type_code']}|{row['year']}".encode()).hexdigest()[:32]
    nominee = Nominee(
        kind=kind,
        name=row["name"],
        unit=row.get("unit") or "",
        personal_code=row.get("personal_code") or None,
    )
    decided_on = row.get("decided_on")
    return Award(
        id=f"import-{award_id}",
        key=key,
        kind=kind,
        code=row["award_type_code"],
        year=int(row["year"]),
        commendation_type=row.get("commendation_type") or "cong_trang",
        association_id=row.get("association_id") or None,
        source="import",
        authority="import",
        decision_number=row.get("decision_number") or None,
        nominee=nominee,
        decided_on=date.fromisoformat(decided_on) if decided_on else None,
    )


def validate(rows: list[dict[str, str]]) -> tuple[list[Award], list[Rejected]]:
    """Valid award rows, and the rejected rows (numbered as in the file, header = 1)."""
    codes = {t.code for t in all_award_types()}
    good: dict[str, Award] = {}
    rejected: list[Rejected] = []
    for number, row in enumerate(rows, start=2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        reasons = _reasons(row, codes)
        award = None if reasons else to_award(row)
        if award is not None and award.id in good:
            reasons.append(msg.ROW_DUPLICATE)
        if reasons:
            rejected.append(Rejected(number, tuple(reasons)))
        elif award is not None:
            good[award.id] = award
    return list(good.values()), rejected


def parse(content: bytes, *, filename: str) -> tuple[list[Award], list[Rejected]]:
    """The valid and rejected rows of an import file; `UnreadableFile` when it cannot be read at all."""
    try:
        rows = read_rows(content, filename=filename)
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, csv.Error) as exc:
        raise UnreadableFile(msg.UNREADABLE_FILE) from exc
    return validate(rows)
