"""Accent-insensitive matching for Vietnamese: "nguyen van an" finds "Nguyễn Văn An"."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics (đ → d), white space collapsed."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(bare.casefold().split())


def matches(haystack: str, needle: str) -> bool:
    """True when `needle` (folded) occurs in `haystack` (folded); an empty needle matches everything."""
    wanted = fold(needle)
    return not wanted or wanted in fold(haystack)
