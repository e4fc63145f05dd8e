"""Routes: the awardee list of a decision as XLSX, and the public search of published decisions."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from thidua.auth import BOARD, COUNCIL, SECRETARIAT, CurrentPrincipal, Principal
from thidua.http.openapi import file_responses
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


def cell(value: Any) -> Any:
    """A worksheet cell: control characters dropped (openpyxl refuses them), formulas quoted (injection)."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def sees_personal_data(principal: Principal, award: dict[str, Any]) -> bool:
    """Staff see every awardee's personal code and money; an association officer only its own awardees'."""
    if principal.has_any(SECRETARIAT, BOARD, COUNCIL):
        return True
    return principal.association_id is not None and principal.association_id == award.get("association_id")


def _workbook(decision: dict[str, Any], awards: list[dict[str, Any]], principal: Principal) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách khen thưởng"
    sheet.append([cell(f"Quyết định số {decision['number']} ngày {decision['signed_on']}")])
    sheet.append(list(HEADER))
    for number, award in enumerate(awards, start=1):
        nominee, private = award["nominee"], sees_personal_data(principal, award)
        sheet.append(
            [
                cell(v)
                for v in (
                    number,
                    nominee["name"],
                    nominee["unit"],
                    award["award_type_name"],
                    award["year"],
                    (nominee.get("personal_code") or "") if private else "",
                    award.get("money_amount_vnd") if private else None,
                )
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.get("/decisions/{decision_id}/export.xlsx", response_class=Response, responses=file_responses(XLSX))
async def export_decision(decision_id: str, principal: CurrentPrincipal, factory: Uows) -> Response:
    """The decision's awardees as a spreadsheet (personal codes and money: staff, or the own association)."""

    async def read(uow: AwardsUnitOfWork) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        return await uow.repo.get(DECISIONS, decision_id), await uow.repo.find(
            HISTORY, {"decision_id": decision_id}
        )

    decision, awards = await factory.run(read)
    if decision is None:
        raise NotFound(f"No decision {decision_id}.")
    headers = {"Content-Disposition": f'attachment; filename="decision-{decision_id}.xlsx"'}
    return Response(_workbook(decision, awards, principal), media_type=XLSX, headers=headers)


@router.get("/public/decisions")
async def search_decisions(
    factory: Uows,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    name: str | None = None,
    unit: str | None = None,
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
