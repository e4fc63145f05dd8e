"""Routes: publishing exemplary models for the Union's website and journal (JSON, Atom), stage reports."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from openpyxl import Workbook
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field
from thidua.auth import COUNCIL, SECRETARIAT, Principal, require_roles
from thidua.contracts.awards import ExemplarPublished, Nominee
from thidua.http.openapi import file_responses
from thidua.uow import UnitOfWorkFactory

from awards import exemplars
from awards.api.deps import Secretariat, uows
from awards.api.exemplars import found, public_view, run_rules
from awards.api.exports import cell
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["exemplars"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
Overseer = Annotated[Principal, Depends(require_roles(SECRETARIAT, COUNCIL))]
ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FEED_ID = "urn:thidua:exemplars"
FEED_TITLE = "Điển hình tiên tiến — Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
PUBLISHER = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
ET.register_namespace("", ATOM)


class PublicationIn(BaseModel):
    """`POST /exemplars/{id}/publication`: the public story, Vietnamese."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1, max_length=300)
    story: str = Field(min_length=1, max_length=50000)
    summary: str | None = Field(default=None, max_length=5000, description="Default: the practice.")
    public_url: AnyHttpUrl | None = None


@router.post("/exemplars/{exemplar_id}/publication", status_code=201)
async def publish_exemplar(
    exemplar_id: str, body: PublicationIn, principal: Secretariat, factory: Uows
) -> dict[str, Any]:
    """Publish the model's story and announce `exemplar.published` in the same transaction."""

    async def work(uow: AwardsUnitOfWork) -> dict[str, Any]:
        doc = found(await uow.exemplars.get(exemplar_id))
        summary = body.summary or doc["practice"]
        texts = (body.title, body.story, summary)
        exemplars.ensure_publishable(stage=doc["stage"], published=bool(doc.get("published")), texts=texts)
        url = str(body.public_url) if body.public_url else None
        now = datetime.now(UTC).isoformat()
        publication = {
            "title": body.title,
            "story": body.story,
            "summary": summary,
            "public_url": url,
            "published_at": now,
            "published_by": principal.sub,
        }
        await uow.exemplars.record_publication(exemplar_id, publication)
        await uow.emit(_published_event(doc, publication), subject=exemplar_id)
        return found(await uow.exemplars.get(exemplar_id))

    return public_view(await run_rules(factory, work))


def _published_event(doc: dict[str, Any], publication: dict[str, Any]) -> ExemplarPublished:
    subject = doc["subject"]
    collective = doc["association_id"] if subject["kind"] == "collective" else None
    return ExemplarPublished(
        exemplar_id=doc["_id"],
        association_id=doc["association_id"],
        campaign_id=doc["campaign_id"],
        exemplar=Nominee(
            kind=subject["kind"], name=subject["name"], unit=subject["unit"], association_id=collective
        ),
        field_of_work=doc["field_of_work"],
        stage=doc["stage"],
        title=publication["title"],
        summary=publication["summary"],
        public_url=publication["public_url"],
    )


@router.get("/public/exemplars")
async def published_exemplars(
    factory: Uows,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,  # bounded: MongoDB takes 8-byte ints only
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    campaign_id: str | None = None,
) -> dict[str, Any]:
    """Published models (no token), newest first: name, unit, achievement and story only."""
    skip = (page - 1) * page_size
    total, docs = await factory.run(
        lambda uow: uow.exemplars.published_page(skip=skip, limit=page_size, campaign_id=campaign_id)
    )
    return {"items": [public_view(d) for d in docs], "page": page, "page_size": page_size, "total": total}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _entry(feed: ET.Element, item: dict[str, Any]) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"urn:thidua:exemplar:{item['id']}")
    _sub(entry, "title", item["title"] or item["name"])
    _sub(entry, "updated", item["published_at"])
    _sub(entry, "published", item["published_at"])
    _sub(_sub(entry, "author"), "name", f"{item['name']} — {item['unit']}")
    _sub(entry, "category", term=item["field_of_work"])
    if item["public_url"]:
        _sub(entry, "link", rel="alternate", href=item["public_url"])
    _sub(entry, "summary", item["summary"] or "", type="text")
    _sub(entry, "content", item["story"] or "", type="text")


def atom_feed(items: list[dict[str, Any]], *, self_url: str) -> bytes:
    """An Atom 1.0 feed (RFC 4287) of published models, UTF-8."""
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _sub(feed, "id", FEED_ID)
    _sub(feed, "title", FEED_TITLE)
    latest = max((i["published_at"] for i in items), default=None)
    _sub(feed, "updated", latest or datetime.now(UTC).isoformat())
    _sub(_sub(feed, "author"), "name", PUBLISHER)
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    for item in items:
        _entry(feed, item)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body


@router.get(
    "/public/exemplars.atom", response_class=Response, responses=file_responses("application/atom+xml")
)
async def exemplar_feed(
    request: Request, factory: Uows, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> Response:
    """The latest published models as an Atom feed for the website and the journal (no token)."""
    _, docs = await factory.run(lambda uow: uow.exemplars.published_page(skip=0, limit=limit))
    body = atom_feed([public_view(d) for d in docs], self_url=str(request.url))
    return Response(body, media_type=ATOM_TYPE)


async def _report(factory: UnitOfWorkFactory[AwardsUnitOfWork], campaign_id: str) -> dict[str, Any]:
    docs = await factory.run(lambda uow: uow.exemplars.find({"campaign_id": campaign_id}, limit=100_000))
    rows = exemplars.stage_counts(docs)
    totals = {s: sum(r["reached"][s] for r in rows) for s in exemplars.STAGES}
    return {"campaign_id": campaign_id, "stages": list(exemplars.STAGES), "rows": rows, "reached": totals}


@router.get("/reports/exemplars")
async def exemplar_report(principal: Overseer, factory: Uows, campaign_id: str) -> dict[str, Any]:
    """Per campaign: models at and having reached each stage, by association and field."""
    return await _report(factory, campaign_id)


def _workbook(report: dict[str, Any]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Điển hình tiên tiến"
    sheet.append([cell(f"Phong trào {report['campaign_id']}: số điển hình đạt từng giai đoạn")])
    names = [exemplars.STAGE_NAMES[s] for s in exemplars.STAGES]
    sheet.append(
        ["Hội thành viên", "Lĩnh vực", *[f"Đạt: {n}" for n in names], *[f"Hiện ở: {n}" for n in names]]
    )
    for row in report["rows"]:
        reached = [row["reached"][s] for s in exemplars.STAGES]
        at = [row["at"][s] for s in exemplars.STAGES]
        sheet.append([cell(v) for v in (row["association_id"], row["field_of_work"], *reached, *at)])
    sheet.append(["Tổng", "", *[report["reached"][s] for s in exemplars.STAGES]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@router.get("/reports/exemplars.xlsx", response_class=Response, responses=file_responses(XLSX))
async def export_exemplar_report(principal: Overseer, factory: Uows, campaign_id: str) -> Response:
    """The same report as a spreadsheet."""
    report = await _report(factory, campaign_id)
    safe = "".join(c for c in campaign_id if c.isascii() and (c.isalnum() or c in "-_"))[:80]
    headers = {"Content-Disposition": f'attachment; filename="exemplars-{safe}.xlsx"'}
    return Response(_workbook(report), media_type=XLSX, headers=headers)
