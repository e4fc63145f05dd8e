"""Routes: office files — import templates (XLSX) to download, and the printed, signed documents."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from thidua.http.openapi import file_responses
from thidua.sheets import XLSX, template_workbook

from awards import history_import
from awards.api.deps import Reader

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
