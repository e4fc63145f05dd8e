"""Office spreadsheets: import templates with Vietnamese headers, reading them back, and formatted exports.

A template is a list of `Column`s: the header an office reads, the key the code uses, whether it is required,
the values it may take (a drop-down list in Excel) and an example. Files come back as rows keyed by the code's
keys, whether the header row uses the Vietnamese headers or the keys themselves.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.http.files import safe_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
DATE_FORMAT = "dd/mm/yyyy"
MONEY_FORMAT = '#,##0 "đ"'
YES_NO = ("có", "không")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


class UnreadableSheet(ValueError):
    """The file is neither a readable XLSX workbook nor a UTF-8 CSV with a header row."""


@dataclass(frozen=True, kw_only=True)
class Column:
    """One column of a template or export: what the office reads and what the code calls it."""

    key: str
    header: str
    required: bool = False
    choices: tuple[str, ...] = ()
    example: Any = None
    note: str = ""
    width: int = 18
    number_format: str | None = None


@dataclass(frozen=True, kw_only=True)
class Template:
    """A downloadable import template: its data sheet, instructions and drop-down lists."""

    title: str
    columns: tuple[Column, ...]
    instructions: tuple[str, ...] = ()
    examples: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    def header_of(self, key: str) -> str:
        """The Vietnamese header of the column `key` (the key itself if unknown)."""
        return next((c.header for c in self.columns if c.key == key), key)


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _head(sheet: Any, columns: Sequence[Column]) -> None:
    sheet.append([c.header for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"


def template_workbook(template: Template, *, rows: int = 2000) -> bytes:
    """The XLSX template: a data sheet with headers and one example row, an instructions sheet, and a
    hidden sheet of the allowed values behind each column's drop-down list (for `rows` data rows)."""
    book = Workbook()
    data = book.active
    assert data is not None
    data.title = "Dữ liệu"
    _head(data, template.columns)
    for example in template.examples:
        data.append([safe_cell(example.get(c.key, c.example)) for c in template.columns])
    if not template.examples:
        data.append([safe_cell(c.example) for c in template.columns])
    lists = book.create_sheet("Danh mục")
    lists.sheet_state = "hidden"
    for index, column in enumerate(template.columns, start=1):
        if not column.choices:
            continue
        letter = get_column_letter(index)
        lists.cell(row=1, column=index, value=column.header)
        for offset, choice in enumerate(column.choices, start=2):
            lists.cell(row=offset, column=index, value=safe_cell(choice))
        source = f"'Danh mục'!${letter}$2:${letter}${len(column.choices) + 1}"
        rule = DataValidation(type="list", formula1=source, allow_blank=not column.required)
        rule.error = f"Chọn một giá trị trong danh sách của cột «{column.header}»."
        rule.errorTitle = "Giá trị không hợp lệ"
        data.add_data_validation(rule)
        rule.add(f"{letter}2:{letter}{rows + 1}")
    guide = book.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 34
    guide.column_dimensions["B"].width = 12
    guide.column_dimensions["C"].width = 90
    guide.append([template.title])
    guide["A1"].font = Font(bold=True, size=14)
    for line in template.instructions:
        guide.append([line])
    guide.append([])
    guide.append(["Cột", "Bắt buộc", "Ghi chú"])
    for cell in guide[guide.max_row]:
        cell.font = _HEADER_FONT
    for column in template.columns:
        allowed = f" Giá trị: {', '.join(column.choices)}." if column.choices else ""
        guide.append([column.header, "có" if column.required else "không", safe_cell(column.note + allowed)])
    return _saved(book)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(content: bytes, *, filename: str, template: Template) -> list[dict[str, str]]:
    """The data rows of an XLSX or CSV (UTF-8, with or without BOM) file as text keyed by column key; a
    header may be the Vietnamese header or the key. Empty rows are skipped. `UnreadableSheet` otherwise."""
    by_header = {c.header.casefold(): c.key for c in template.columns} | {
        c.key.casefold(): c.key for c in template.columns
    }
    try:
        if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
            book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book["Dữ liệu"] if "Dữ liệu" in book.sheetnames else book.worksheets[0]
            values = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        else:
            values = [
                [v.strip() for v in row] for row in csv.reader(io.StringIO(content.decode("utf-8-sig")))
            ]
    except (ValueError, KeyError, OSError, zipfile.BadZipFile, csv.Error, UnicodeDecodeError) as exc:
        raise UnreadableSheet(str(exc)) from exc
    if not values:
        raise UnreadableSheet("no header row")
    keys = [by_header.get(h.strip().casefold(), "") for h in values[0]]
    if not any(keys):
        raise UnreadableSheet("no known column")
    rows = []
    for row in values[1:]:
        record = {k: v for k, v in zip(keys, row, strict=False) if k}
        rows.append(record)
    return rows


def row_numbers(rows: Iterable[dict[str, str]]) -> Iterable[tuple[int, dict[str, str]]]:
    """Each non-empty row with its number as Excel shows it (the header is row 1)."""
    for number, row in enumerate(rows, start=2):
        if any(row.values()):
            yield number, row


def export_workbook(title: str, columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """A list as an office reads it: bold frozen Vietnamese header, filters on, widths set, dates as dates
    (dd/mm/yyyy), money as numbers in đ, no cell Excel would run as a formula. Every row is written."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    _head(sheet, columns)
    count = 0
    for row in rows:
        sheet.append([safe_cell(row.get(c.key)) for c in columns])
        count += 1
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=count + 1, column=index)
            if column.number_format:
                cell.number_format = column.number_format
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{count + 1}"
    return _saved(book)


def export_csv(columns: Sequence[Column], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """The same list as CSV, UTF-8 with BOM so Excel opens Vietnamese text correctly; dates dd/mm/yyyy."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in columns])
    for row in rows:
        values = [row.get(c.key) for c in columns]
        writer.writerow(
            [
                v.strftime("%d/%m/%Y") if isinstance(v, date) else safe_cell("" if v is None else v)
                for v in values
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
