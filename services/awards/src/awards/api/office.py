"""Routes: office files — import templates (XLSX) to download, and the printed, signed documents."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter
from fastapi.responses import Response
from thidua.http.openapi import file_responses
from thidua.sheets import XLSX, template_workbook

from awards import decisions, history_import, printing
from awards.api.deps import Reader, Run, Settings

router = APIRouter(tags=["office documents"])


def _attachment(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


@router.get(
    "/templates/award-history.xlsx",
    response_class=Response,
    responses=file_responses(XLSX, description="Mẫu XLSX nhập lịch sử khen thưởng."),
)
async def award_history_template(principal: Reader) -> Response:
    """The award-history import template: Vietnamese headers, instructions, drop-down lists, an example."""
    return _attachment(template_workbook(history_import.TEMPLATE), XLSX, "mau-lich-su-khen-thuong.xlsx")


PDF = "application/pdf"
GROUNDS = (
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15",
    "Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định chi tiết Luật Thi đua, khen thưởng",
    "Căn cứ biên bản họp Hội đồng Thi đua - Khen thưởng",
    "Xét đề nghị của Trưởng ban Thi đua - Khen thưởng",
)


@router.get(
    "/decisions/{decision_id}/document.pdf",
    response_class=Response,
    responses=file_responses(
        PDF, description="Quyết định in theo thể thức Nghị định 30/2020/NĐ-CP (PDF, A4)."
    ),
)
async def decision_document(decision_id: str, principal: Reader, run: Run, cfg: Settings) -> Response:
    """The decision printed in the administrative format of NĐ 30/2020 (A4 PDF, attached list above five)."""
    decision, awards = await run(lambda uow: decisions.decision_export(uow, decision_id=decision_id))
    issuer = printing.Issuer(parent=cfg.issuer_parent, name=cfg.issuer_name, place=cfg.issuer_place)
    pdf = await asyncio.to_thread(printing.decision_pdf, decision, awards, issuer=issuer, grounds=GROUNDS)
    return _attachment(pdf, PDF, f"quyet-dinh-{decision_id}.pdf")
