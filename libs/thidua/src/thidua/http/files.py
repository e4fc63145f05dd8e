"""Files at the edge: one upload reader with a size limit, and one spreadsheet-cell sanitiser."""

from __future__ import annotations

import re
from typing import Any

from fastapi import UploadFile

from thidua.http.problems import Problem

# XML 1.0 (and so an XLSX worksheet) cannot hold these control characters; openpyxl refuses a cell with one.
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_FORMULA_STARTS = ("=", "+", "-", "@")

TOO_LARGE_RESPONSE: dict[int | str, dict[str, Any]] = {
    413: {"description": "The file is larger than the configured limit."}
}
"""`responses=` entry of a route that reads an upload with `read_upload`."""


class ContentTooLarge(Problem):
    """413: an uploaded file is larger than the service's configured limit."""

    status, title, slug = 413, "Content Too Large", "payload-too-large"


async def read_upload(upload: UploadFile, *, limit: int) -> bytes:
    """The upload's bytes, reading at most one byte past `limit`; a larger file is a 413 problem."""
    content = await upload.read(limit + 1)
    if len(content) > limit:
        raise ContentTooLarge(f"Tệp tải lên lớn hơn giới hạn {limit} byte.")
    return content


def safe_cell(value: Any) -> Any:
    """A value for a CSV or XLSX cell: control characters a worksheet cannot hold are dropped, and text that
    starts like a formula is quoted, so opening an export never runs a formula (CSV injection)."""
    if not isinstance(value, str):
        return value
    value = _UNSTORABLE.sub("", value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value
