"""Statistics per campaign, association, title and year as charts (Chart.js, served by the portal) and
tables, each downloadable as XLSX; the exemplary-models report."""

from __future__ import annotations

import asyncio
import io
import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from openpyxl import Workbook
from thidua.http.files import safe_cell

from portal.clients.awards import Nomination
from portal.clients.registration import Registration
from portal.secretariat.common import Desk, spreadsheet
from portal.secretariat.figures import Row, tables
from portal.web.deps import Secretariat
from portal.web.forms import int_or_none
from portal.web.i18n import N_, gettext

router = APIRouter(prefix="/secretariat")
VIEWS = {
    "year": N_("By year"),
    "campaign": N_("By campaign"),
    "association": N_("By association"),
    "title": N_("By title"),
}
COLUMNS = (
    N_("Group"), N_("Registrations"), N_("Nominations"), N_("Passed"), N_("Pass rate (per cent)"),
    N_("Awards"), N_("Share of women (per cent)"),
)  # fmt: skip


def percent(value: float | None) -> float | None:
    """A share as a percentage with one decimal."""
    return None if value is None else round(value * 100, 1)


def cells(row: Row) -> list[Any]:
    """One row of a table or worksheet, in COLUMNS order."""
    return [row.key, row.registrations, row.nominations, row.passed, percent(row.pass_rate), row.awards,
            percent(row.women_share)]  # fmt: skip


def series(rows: list[Row]) -> dict[str, list[Any]]:
    """A chart's labels and its two series."""
    return {
        "labels": [r.key for r in rows],
        "nominations": [r.nominations for r in rows],
        "awards": [r.awards for r in rows],
    }


async def _figures(
    request: Request, session: Secretariat
) -> tuple[Desk, dict[str, list[Row]], int | None, list[Any]]:
    me = Desk(request, session)
    year = int_or_none(request.query_params.get("year"))
    registrations, nominations, campaigns, directory = await asyncio.gather(
        me.clients.directory.registrations(me.token),
        me.clients.desk.nominations(me.token),
        me.clients.directory.all_campaigns(me.token),
        me.clients.directory.associations(me.token),
    )
    regs: list[Registration] = registrations
    noms: list[Nomination] = nominations
    if year is not None:
        regs = [r for r in regs if r.year == year]
        noms = [n for n in noms if n.year == year]
    found = tables(
        regs,
        noms,
        campaigns={c.id: c.name for c in campaigns},
        associations={a.id: a.name for a in directory},
    )
    return me, found, year, campaigns


@router.get("/statistics")
async def statistics(request: Request, session: Secretariat) -> Response:
    """Charts and tables of the year's (or every year's) figures."""
    me, found, year, campaigns = await _figures(request, session)
    charts = {
        "trend": series(found["year"]),
        "titles": series(found["title"]),
        "words": {"nominations": gettext(N_("Nominations")), "awards": gettext(N_("Awards"))},
    }
    years = sorted({c.year for c in campaigns}, reverse=True)
    context = {
        "tables": {k: [cells(r) for r in rows] for k, rows in found.items()}, "views": VIEWS,
        "columns": COLUMNS, "year": year, "years": years, "charts": json.dumps(charts, ensure_ascii=False),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/statistics.html", context)


@router.get("/statistics.xlsx")
async def statistics_xlsx(request: Request, session: Secretariat) -> Response:
    """The same tables as a workbook, one sheet per view."""
    _me, found, year, _campaigns = await _figures(request, session)
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for view, rows in found.items():
        sheet = book.create_sheet(gettext(VIEWS[view])[:31])
        sheet.append([gettext(c) for c in COLUMNS])
        for row in rows:
            sheet.append([safe_cell(v) for v in cells(row)])
    out = io.BytesIO()
    book.save(out)
    return spreadsheet(out.getvalue(), f"thong-ke-{year or 'tat-ca'}.xlsx")


@router.get("/statistics/exemplars.xlsx")
async def exemplars_xlsx(request: Request, session: Secretariat) -> Response:
    """The exemplary-models report of the awards service."""
    me = Desk(request, session)
    content = await me.clients.desk.exemplar_report_xlsx(me.token, request.query_params.get("campaign_id"))
    return spreadsheet(content, "bao-cao-dien-hinh.xlsx")
