"""Award-history import: rejected rows with reasons, stable ids, CSV and XLSX."""

from __future__ import annotations

import io

from awards.history_import import read_rows, validate
from openpyxl import Workbook

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

    def test_every_reason_of_a_bad_row_is_reported_with_its_line(self) -> None:
        rows = read_rows(_csv("individual,,,Hoa,Hội,NOPE,19x,weird,20-12-2024"), filename="h.csv")
        good, rejected = validate(rows)
        assert good == [] and rejected[0].row == 2
        assert len(rejected[0].reasons) == 5

    def test_a_collective_needs_its_association(self) -> None:
        _, rejected = validate(read_rows(_csv("collective,,,Hội,Hội,TTLDXS,2024,,"), filename="h.csv"))
        assert rejected[0].reasons == ("tập thể cần có association_id",)

    def test_the_same_award_twice_is_one_achievement_one_award(self) -> None:
        row = "individual,P-1,,Hoa,Hội,LDTT,2024,,"
        good, rejected = validate(read_rows(_csv(row, row), filename="h.csv"))
        assert len(good) == 1 and "trùng" in rejected[0].reasons[0]


def test_xlsx_files_are_read_like_csv() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.split(","))
    sheet.append(["individual", "P-1", None, "Hoa", "Hội", "CSTDCS", 2023, "cong_trang", None])
    out = io.BytesIO()
    book.save(out)
    good, rejected = validate(read_rows(out.getvalue(), filename="history.xlsx"))
    assert rejected == [] and good[0].year == 2023
