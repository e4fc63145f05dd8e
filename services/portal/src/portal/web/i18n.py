"""The message catalogue (gettext via Babel) and the Vietnamese formats of dates and money.

Every string a user reads is an English message id in the templates or in `_()` / `N_()` calls, translated
from `locale/<lang>/LC_MESSAGES/messages.po`, read at start-up (no compiled .mo file in the repository).
Adding English means adding `locale/en/LC_MESSAGES/messages.po`; no template changes.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "messages"
_active: dict[str, Translations] = {}


def po_file(locale: str) -> Path:
    """The catalogue file of one language."""
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(locale: str) -> Translations:
    """The compiled catalogue of `locale`, built in memory from its .po file."""
    with po_file(locale).open("rb") as source:
        catalog = read_po(source, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def activate(locale: str) -> Translations:
    """Make `locale` the language of `gettext` below (the portal serves one language per process)."""
    _active["current"] = translations(locale)
    return _active["current"]


def gettext(message: str, **values: Any) -> str:
    """The translation of `message`, with `%(name)s` placeholders filled from `values`."""
    current = _active.get("current")
    text = current.gettext(message) if current is not None else message
    return text % values if values else text


_ = gettext


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it yet (translated where it is shown)."""
    return message


TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def _parse(value: Any) -> date | datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value
    text = str(value)
    try:
        return (
            datetime.fromisoformat(text.replace("Z", "+00:00")) if "T" in text else date.fromisoformat(text)
        )
    except ValueError:
        return None


def local_date(value: Any) -> date | None:
    """The calendar day of a date or instant in Asia/Ho_Chi_Minh."""
    parsed = _parse(value)
    if isinstance(parsed, datetime):
        aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        return aware.astimezone(TIMEZONE).date()
    return parsed


def format_date(value: Any) -> str:
    """dd/mm/yyyy in Asia/Ho_Chi_Minh; '' for nothing."""
    day = local_date(value)
    return day.strftime("%d/%m/%Y") if day else ""


def format_datetime(value: Any) -> str:
    """dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh."""
    parsed = _parse(value)
    if not isinstance(parsed, datetime):
        return format_date(value)
    aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return aware.astimezone(TIMEZONE).strftime("%d/%m/%Y %H:%M")


def format_money(value: Any) -> str:
    """Vietnamese đồng with dots between thousands: 1170000 -> "1.170.000 đ"."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".") + " đ"


def today() -> date:
    """Today in Asia/Ho_Chi_Minh."""
    return datetime.now(TIMEZONE).date()
