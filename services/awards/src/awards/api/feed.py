"""The Atom 1.0 feed (RFC 4287) of published exemplary models for the Union's website and journal."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime

from awards.exemplar_records import PublicExemplar

ATOM = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
FEED_ID = "urn:thidua:exemplars"
FEED_TITLE = "Điển hình tiên tiến — Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
PUBLISHER = "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh"
ET.register_namespace("", ATOM)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _when(value: datetime | None) -> str:
    return (value or datetime.now(UTC)).isoformat()


def _entry(feed: ET.Element, item: PublicExemplar) -> None:
    entry = _sub(feed, "entry")
    _sub(entry, "id", f"urn:thidua:exemplar:{item.id}")
    _sub(entry, "title", item.title or item.name)
    _sub(entry, "updated", _when(item.published_at))
    _sub(entry, "published", _when(item.published_at))
    _sub(_sub(entry, "author"), "name", f"{item.name} — {item.unit}")
    _sub(entry, "category", term=item.field_of_work)
    if item.public_url:
        _sub(entry, "link", rel="alternate", href=item.public_url)
    _sub(entry, "summary", item.summary or "", type="text")
    _sub(entry, "content", item.story or "", type="text")


def atom_feed(items: Sequence[PublicExemplar], *, self_url: str) -> bytes:
    """An Atom feed of published models, UTF-8, `xml:lang="vi"`."""
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "vi"})
    _sub(feed, "id", FEED_ID)
    _sub(feed, "title", FEED_TITLE)
    latest = max((i.published_at for i in items if i.published_at), default=None)
    _sub(feed, "updated", _when(latest))
    _sub(_sub(feed, "author"), "name", PUBLISHER)
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    for item in items:
        _entry(feed, item)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
