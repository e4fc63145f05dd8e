"""Spreadsheets the API hands out: a decision's awardees, the exemplary-models report (rendering only)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from thidua.http.files import safe_cell

from awards.domain import Actor
from awards.exemplars import STAGE_NAMES
from awards.history import Award, Decision
from awards.pipeline import StageReport

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DECISION_HEADER = ("STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu / Hình thức", "Năm", "Mã định danh",
                   "Tiền thưởng (VND)")  # fmt: skip


def _saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def decision_workbook(decision: Decision, awards: Sequence[Award], viewer: Actor) -> bytes:
    """The awardees of a decision; personal codes and money only for staff or the awardee's association."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách khen thưởng"
    sheet.append([safe_cell(f"Quyết định số {decision.number} ngày {decision.signed_on.isoformat()}")])
    sheet.append(list(DECISION_HEADER))
    for number, award in enumerate(awards, start=1):
        private = viewer.sees_personal_data(award.association_id)
        row = (
            number,
            award.nominee.name,
            award.nominee.unit,
            award.award_type_name,
            award.year,
            (award.nominee.personal_code or "") if private else "",
            award.money_amount_vnd if private else None,
        )
        sheet.append([safe_cell(v) for v in row])
    return _saved(book)


def exemplar_workbook(report: StageReport) -> bytes:
    """The stage report of a campaign's exemplary models."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Điển hình tiên tiến"
    sheet.append([safe_cell(f"Phong trào {report.campaign_id}: số điển hình đạt từng giai đoạn")])
    names = [STAGE_NAMES[s] for s in report.stages]
    sheet.append(
        ["Hội thành viên", "Lĩnh vực", *[f"Đạt: {n}" for n in names], *[f"Hiện ở: {n}" for n in names]]
    )
    for row in report.rows:
        reached = [row["reached"][s] for s in report.stages]
        at = [row["at"][s] for s in report.stages]
        sheet.append([safe_cell(v) for v in (row["association_id"], row["field_of_work"], *reached, *at)])
    sheet.append(["Tổng", "", *[report.reached[s] for s in report.stages]])
    return _saved(book)
