"""Award-history import (XLSX template or CSV) so consecutive-year rules work on day one: reading and checking
rows. The template's headers and drop-down values are Vietnamese; the older English column keys still read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from thidua import calendar
from thidua.sheets import Column, Template, UnreadableSheet, read_sheet, row_numbers

from awards import messages as msg
from awards.catalogue import COLLECTIVE, HOUSEHOLD, INDIVIDUAL, all_award_types
from awards.domain import nominee_key
from awards.errors import UnreadableFile
from awards.history import Award
from awards.nomination import Nominee

KINDS = {"cá nhân": INDIVIDUAL, "tập thể": COLLECTIVE, "hộ gia đình": HOUSEHOLD}
COMMENDATION_TYPES = {
    "công trạng": "cong_trang",
    "đột xuất": "dot_xuat",
    "theo phong trào": "phong_trao",
    "theo chuyên đề": "chuyen_de",
    "quá trình cống hiến": "qua_trinh_cong_hien",
    "đối ngoại": "doi_ngoai",
}


def _template() -> Template:
    codes = tuple(sorted({t.code for t in all_award_types()}))
    columns = (
        Column(key="nominee_kind", header="Đối tượng", required=True, choices=tuple(KINDS), example="cá nhân",
               width=14),
        Column(key="personal_code", header="Mã định danh", example="HV-000123",
               note="Bắt buộc với cá nhân: mã hội viên hoặc số định danh cá nhân."),
        Column(key="association_id", header="Mã hội", example="",
               note="Bắt buộc với tập thể: mã hội thành viên được khen."),
        Column(key="name", header="Họ và tên / Tên tập thể", required=True, example="Nguyễn Thị Hoà",
               width=28),
        Column(key="unit", header="Đơn vị", example="Hội Nông dân xã Tân Phú", width=28),
        Column(key="award_type_code", header="Mã danh hiệu / hình thức", required=True, choices=codes,
               example="CSTDCS", width=22),
        Column(key="year", header="Năm", required=True, example=calendar.today().year - 1, width=8),
        Column(key="commendation_type", header="Loại khen thưởng", choices=tuple(COMMENDATION_TYPES),
               example="công trạng", note="Để trống là khen theo công trạng."),
        Column(key="decision_number", header="Số quyết định", example="125/QĐ-HND", width=16),
        Column(key="decided_on", header="Ngày quyết định", example="20/12/2025",
               note="Ngày ký quyết định, dạng dd/mm/yyyy.", width=14),
    )  # fmt: skip
    return Template(
        title="Mẫu nhập lịch sử khen thưởng",
        columns=columns,
        instructions=(
            "Điền mỗi khen thưởng đã có trên một dòng của trang «Dữ liệu», từ dòng 2 (xoá dòng ví dụ).",
            "Tải tệp lên với chạy thử (dry_run=true) để xem lỗi từng dòng, sửa rồi tải lại để ghi.",
            "Tải lại cùng một tệp không tạo thêm bản ghi nào.",
        ),
    )


TEMPLATE = _template()
COLUMNS = tuple(c.key for c in TEMPLATE.columns)


@dataclass(frozen=True)
class Rejected:
    """A row that was not imported, and why: (column header, message) pairs."""

    row: int
    problems: tuple[tuple[str, str], ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each problem as one sentence: «column: message»."""
        return tuple(f"{column}: {message}" for column, message in self.problems)


def read_rows(content: bytes, *, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8) or XLSX file, keyed by the template's column keys."""
    try:
        return read_sheet(content, filename=filename, template=TEMPLATE)
    except UnreadableSheet as exc:
        raise UnreadableFile(msg.UNREADABLE_FILE) from exc


def _date(value: str) -> date | None:
    for shape in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, shape).date()
        except ValueError:
            continue
    return None


def _normalised(row: dict[str, str]) -> dict[str, str]:
    row = {k: (v or "").strip() for k, v in row.items()}
    row["nominee_kind"] = KINDS.get(row.get("nominee_kind", "").casefold(), row.get("nominee_kind", ""))
    kind = row.get("commendation_type", "")
    row["commendation_type"] = COMMENDATION_TYPES.get(kind.casefold(), kind) or "cong_trang"
    return row


def _problems(row: dict[str, str], codes: set[str]) -> list[tuple[str, str]]:
    required = ("nominee_kind", "name", "award_type_code", "year")
    found = [(c, msg.ROW_MISSING) for c in required if not row.get(c)]
    if row.get("nominee_kind") and row["nominee_kind"] not in (INDIVIDUAL, COLLECTIVE, HOUSEHOLD):
        found.append(("nominee_kind", msg.ROW_UNKNOWN.format(value=row["nominee_kind"])))
    if row.get("nominee_kind") == INDIVIDUAL and not row.get("personal_code"):
        found.append(("personal_code", msg.ROW_INDIVIDUAL_CODE))
    if row.get("nominee_kind") == COLLECTIVE and not row.get("association_id"):
        found.append(("association_id", msg.ROW_COLLECTIVE_ASSOCIATION))
    if row.get("award_type_code") and row["award_type_code"] not in codes:
        found.append(("award_type_code", msg.ROW_NOT_IN_CATALOGUE.format(value=row["award_type_code"])))
    if row.get("year") and not (row["year"].isdigit() and 1990 <= int(row["year"]) <= calendar.today().year):
        found.append(("year", msg.ROW_BAD_YEAR.format(value=row["year"])))
    if row["commendation_type"] not in COMMENDATION_TYPES.values():
        found.append(("commendation_type", msg.ROW_UNKNOWN.format(value=row["commendation_type"])))
    if row.get("decided_on") and _date(row["decided_on"]) is None:
        found.append(("decided_on", msg.ROW_BAD_DATE.format(value=row["decided_on"])))
    return found


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
    return Award(
        id=f"import-{award_id}",
        key=key,
        kind=kind,
        code=row["award_type_code"],
        year=int(row["year"]),
        commendation_type=row["commendation_type"],
        association_id=row.get("association_id") or None,
        source="import",
        authority="import",
        decision_number=row.get("decision_number") or None,
        nominee=nominee,
        decided_on=_date(row["decided_on"]) if row.get("decided_on") else None,
    )


def validate(rows: list[dict[str, str]]) -> tuple[list[Award], list[Rejected]]:
    """Valid award rows, and the rejected rows (numbered as in the file, header = 1)."""
    codes = {t.code for t in all_award_types()}
    good: dict[str, Award] = {}
    rejected: list[Rejected] = []
    for number, raw in row_numbers(rows):
        row = _normalised(raw)
        problems = _problems(row, codes)
        award = None if problems else to_award(row)
        if award is not None and award.id in good:
            problems.append(("name", msg.ROW_DUPLICATE))
        if problems:
            rejected.append(Rejected(number, tuple((TEMPLATE.header_of(c), m) for c, m in problems)))
        elif award is not None:
            good[award.id] = award
    return list(good.values()), rejected


def parse(content: bytes, *, filename: str) -> tuple[list[Award], list[Rejected]]:
    """The valid and rejected rows of an import file; `UnreadableFile` when it cannot be read at all."""
    return validate(read_rows(content, filename=filename))
