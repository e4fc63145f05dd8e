"""Routes: the awardee list of a decision as XLSX, and the public search of published decisions."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from openpyxl import Workbook
from thidua.auth import CurrentPrincipal
from thidua.http.problems import NotFound
from thidua.uow import UnitOfWorkFactory

from awards.api.deps import uows
from awards.repository import DECISIONS, HISTORY
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["decisions"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("STT", "Họ và tên / Tập thể", "Đơn vị", "Danh hiệu / Hình thức", "Năm", "Mã định danh",
          "Tiền thưởng (VND)")  # fmt: skip


def _workbook(decision: dict[str, Any], awards: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách khen thưởng"
    sheet.append([f"Quyết định số {decision['number']} ngày {decision['signed_on']}"])
    sheet.append(list(HEADER))
    for number, award in enumerate(awards, start=1):
        nominee = award["nominee"]
        sheet.append(
            [
                number,
                nominee["name"],
                nominee["unit"],
                award["award_type_name"],
                award["year"],
                nominee.get("personal_code") or "",
                award.get("money_amount_vnd"),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.get("/decisions/{decision_id}/export.xlsx")
async def export_decision(decision_id: str, principal: CurrentPrincipal, factory: Uows) -> Response:
    """The decision's awardees as a spreadsheet."""

    async def read(uow: AwardsUnitOfWork) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        return await uow.repo.get(DECISIONS, decision_id), await uow.repo.find(
            HISTORY, {"decision_id": decision_id}
        )

    decision, awards = await factory.run(read)
    if decision is None:
        raise NotFound(f"No decision {decision_id}.")
    headers = {"Content-Disposition": f'attachment; filename="decision-{decision_id}.xlsx"'}
    return Response(_workbook(decision, awards), media_type=XLSX, headers=headers)


@router.get("/public/decisions")
async def search_decisions(
    factory: Uows, year: int | None = None, name: str | None = None, unit: str | None = None
) -> dict[str, Any]:
    """Published awards (no token): name, unit, award, year and decision number only."""
    query: dict[str, Any] = {"source": "decision", "status": "active"} | ({"year": year} if year else {})
    docs = await factory.run(lambda uow: uow.repo.find(HISTORY, query))

    def matches(doc: dict[str, Any]) -> bool:
        nominee = doc["nominee"]
        return (not name or name.casefold() in nominee["name"].casefold()) and (
            not unit or unit.casefold() in nominee["unit"].casefold()
        )

    return {
        "items": [
            {
                "name": d["nominee"]["name"],
                "unit": d["nominee"]["unit"],
                "award": d["award_type_name"],
                "year": d["year"],
                "decision_number": d.get("decision_number"),
            }
            for d in docs
            if matches(d)
        ]
    }
