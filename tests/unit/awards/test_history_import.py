"""Award-history import: rejected rows with (column, message), stable ids, the XLSX template, CSV with BOM."""

from __future__ import annotations

import io

from awards.history_import import TEMPLATE, read_rows, validate
from openpyxl import Workbook, load_workbook
from thidua.sheets import template_workbook

HEADER = (
    "nominee_kind,personal_code,association_id,name,unit,award_type_code,year,commendation_type,decided_on"
)


def _csv(*rows: str) -> bytes:
    return "\n".join((HEADER, *rows)).encode()


class TestValidation:
    def test_a_good_row_becomes_an_award_with_a_stable_id(self) -> None:
        rows = read_rows(_csv("individual,P-1,,Hoa,Hội,CSTDCS,2024,cong_trang,2024-12-20"), filename="h.csv")
        first, _ = validate(rows)
        again, _ = validate(rows)
        assert first[0].id == again[0].id and first[0].key == "individual:P-1"

    def test_every_problem_of_a_bad_row_is_reported_with_its_line_and_column(self) -> None:
        rows = read_rows(_csv("individual,,,Hoa,Hội,NOPE,19x,weird,20-12-2024"), filename="h.csv")
        good, rejected = validate(rows)
        assert good == [] and rejected[0].row == 2
        assert [c for c, _ in rejected[0].problems] == [
            "Mã định danh", "Mã danh hiệu / hình thức", "Năm", "Loại khen thưởng", "Ngày quyết định",
        ]  # fmt: skip

    def test_a_collective_needs_its_association(self) -> None:
        _, rejected = validate(read_rows(_csv("collective,,,Hội,Hội,TTLDXS,2024,,"), filename="h.csv"))
        assert rejected[0].problems == (("Mã hội", "tập thể cần có mã hội"),)

    def test_the_same_award_twice_is_one_achievement_one_award(self) -> None:
        row = "individual,P-1,,Hoa,Hội,LDTT,2024,,"
        good, rejected = validate(read_rows(_csv(row, row), filename="h.csv"))
        assert len(good) == 1 and "trùng" in rejected[0].reasons[0]

    def test_empty_rows_are_skipped_but_numbering_follows_the_file(self) -> None:
        rows = read_rows(_csv(",,,,,,,,", "individual,,,Hoa,Hội,LDTT,2024,,"), filename="h.csv")
        _, rejected = validate(rows)
        assert [r.row for r in rejected] == [3]


def test_the_vietnamese_template_is_read_back_with_its_values() -> None:
    """The downloaded template, filled in by an office with Vietnamese values and dates, imports as is."""
    book = load_workbook(io.BytesIO(template_workbook(TEMPLATE)))
    assert book.sheetnames == ["Dữ liệu", "Danh mục", "Hướng dẫn"]
    data = book["Dữ liệu"]
    assert data.freeze_panes == "A2" and data.data_validations.dataValidation
    data.append(
        ["tập thể", None, "hoi-01", "Hội Nông dân xã", None, "TTLDXS", 2024, "đột xuất", "9/QĐ", "05/01/2025"]
    )
    out = io.BytesIO()
    book.save(out)
    good, rejected = validate(read_rows(out.getvalue(), filename="mau.xlsx"))
    assert rejected == [] and len(good) == 2
    collective = next(a for a in good if a.kind == "collective")
    assert collective.commendation_type == "dot_xuat" and collective.decided_on is not None
    assert collective.decided_on.isoformat() == "2025-01-05"


def test_xlsx_files_with_the_key_headers_are_read_like_csv() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["individual", "P-1", None, "Hoa", "Hội", "CSTDCS", 2023, "cong_trang", None])
    out = io.BytesIO()
    book.save(out)
    good, rejected = validate(read_rows(out.getvalue(), filename="history.xlsx"))
    assert rejected == [] and good[0].year == 2023


def test_csv_with_a_bom_and_vietnamese_headers() -> None:
    header = ",".join(c.header for c in TEMPLATE.columns)
    content = ("\ufeff" + header + "\ncá nhân,P-9,,Hoà,Hội,LDTT,2024,,,20/12/2024\n").encode()
    good, rejected = validate(read_rows(content, filename="h.csv"))
    assert rejected == [] and good[0].nominee.name == "Hoà"
