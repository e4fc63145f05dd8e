"""Plan documents by content (magic bytes), and the secretariat's summaries and exports (no I/O)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from openpyxl import Workbook
from thidua.http.files import safe_cell

from registration.domain import WITHDRAWN, Association, Registration

PDF, DOCX = "application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
EXPORT_COLUMNS = (
    "association_code",
    "association_name",
    "registration_id",
    "status",
    "version",
    "late",
    "collective_name",
    "collective_titles",
    "personal_code",
    "full_name",
    "position",
    "titles",
)


def sniff_document(content: bytes) -> str | None:
    """The media type of a PDF, DOCX or ODT judged by its bytes, or None for anything else."""
    if content.startswith(b"%PDF-"):
        return PDF
    if not content.startswith(b"PK\x03\x04"):
        return None
    if content[30:38] == b"mimetype" and content[38:].startswith(ODT.encode()):
        return ODT
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    return DOCX if {"[Content_Types].xml", "word/document.xml"} <= names else None


def summary(
    campaign_id: str, associations: Iterable[Association], registrations: Iterable[Registration]
) -> dict[str, Any]:
    """Associations registered and not yet, and how many collectives and individuals aim for each title."""
    active = {a.id: a for a in associations if a.active}
    standing = [r for r in registrations if r.status != WITHDRAWN]
    registered_ids = {r.association_id for r in standing}
    collectives: Counter[str] = Counter(c for r in standing for c in r.plan.collective_award_codes)
    people: Counter[str] = Counter(
        c for r in standing for p in r.plan.individuals for c in p.award_type_codes
    )
    return {
        "campaign_id": campaign_id,
        "associations_active": len(active),
        "registered": sorted(registered_ids),
        "not_registered": sorted((a.code, a.id) for a in active.values() if a.id not in registered_ids),
        "titles_aimed": {
            code: {"collectives": collectives[code], "individuals": people[code]}
            for code in sorted(set(collectives) | set(people))
        },
    }


def export_rows(
    registrations: Iterable[Registration], associations: Mapping[str, Association]
) -> list[list[Any]]:
    """One row per registered individual (or one for the collective alone), in EXPORT_COLUMNS order."""
    rows: list[list[Any]] = []
    for r in registrations:
        association = associations.get(r.association_id)
        head = [
            association.code if association else "",
            association.name if association else "",
            r.id,
            r.status,
            r.version,
            r.late,
            r.plan.collective_name,
            ", ".join(r.plan.collective_award_codes),
        ]
        people = r.plan.individuals or ()
        if not people:
            rows.append([*head, "", "", "", ""])
        for p in people:
            rows.append(
                [*head, p.personal_code, p.full_name, p.position or "", ", ".join(p.award_type_codes)]
            )
    return rows


def to_csv(rows: list[list[Any]]) -> bytes:
    """CSV in UTF-8 with a BOM, so spreadsheet programs read the Vietnamese names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([safe_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode()


def to_xlsx(rows: list[list[Any]]) -> bytes:
    """An XLSX workbook with one sheet of registrations."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Đăng ký thi đua"
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
