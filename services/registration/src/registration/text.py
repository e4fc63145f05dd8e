"""Vietnamese text helpers: NFC names and diacritic-free search keys ("nguyen thi" finds "Nguyễn Thị")."""

from __future__ import annotations

import unicodedata


def normalise_name(value: str) -> str:
    """The name in NFC with surrounding and repeated whitespace removed."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def search_key(value: str) -> str:
    """Lowercase text without diacritics (đ → d), whitespace collapsed, for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
