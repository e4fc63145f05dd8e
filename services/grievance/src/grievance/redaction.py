"""Redact a filer's identity from letter content before it goes to verifiers or is published (LTC Điều 56).

Matching ignores case and Vietnamese diacritics ("Nguyễn Văn A" = "NGUYEN VAN A" = "nguyen van a"), treats any
run of white space as one space, and lets phone numbers carry separators ("0912 345 678" = "0912.345.678").
A match inside a longer word masks the whole word, so no fragment of an identity value is left beside the
placeholder. Overlapping matches are merged into one placeholder. Pure: no I/O, nothing stored or logged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

DENOUNCER = "[người tố cáo]"
COMPLAINANT = "[người khiếu nại]"
MIN_ALNUM = 2  # shorter values (an initial) would mask every such letter in the text
_PHONE_SEPARATORS = r"[\s.\-()]*"
_LIST_SEPARATORS = re.compile(r"[/;|]")
_CONTACT_TOKENS = re.compile(r"[^\s/;|,<>()]+@[^\s/;|,<>()]+|\+?\d(?:[\s.\-()]*\d){5,}")  # e-mails; 6+ digits


def placeholder_for(kind: str) -> str:
    """The placeholder a letter of this kind uses for its filer."""
    return COMPLAINANT if kind == "complaint" else DENOUNCER


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form (đ -> d), for comparison only."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    decomposed = unicodedata.normalize("NFD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _folded_with_origin(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each folded character, the index of the original character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in _fold_char(char):
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


def identity_values(identity: Mapping[str, Any]) -> list[str]:
    """The string values of a sealed identity worth masking (long enough to be identifying).

    A value that lists several contacts ("0912 345 678 / an@example.vn") is masked whole and by parts: each
    item of the list, and each e-mail address or long number (phone, personal id) in it, since a letter or a
    conclusion may quote one of them alone.
    """
    whole = {str(v).strip() for v in identity.values() if isinstance(v, str | int) and str(v).strip()}
    values = set(whole)
    for value in whole:
        values.update(part.strip() for part in _LIST_SEPARATORS.split(value))
        values.update(match.group().strip() for match in _CONTACT_TOKENS.finditer(value))
    return sorted((v for v in values if sum(c.isalnum() for c in v) >= MIN_ALNUM), key=lambda v: (-len(v), v))


def _pattern(value: str) -> str:
    folded = fold(value)
    if _is_phone(folded):
        return _PHONE_SEPARATORS.join(re.escape(d) for d in folded if d.isdigit() or d == "+")
    return r"\s+".join(re.escape(token) for token in folded.split())


def _is_phone(folded: str) -> bool:
    digits = sum(c.isdigit() for c in folded)
    return digits >= 6 and all(c.isdigit() or c in " +.-()" for c in folded)


def _spans(text: str, values: Iterable[str]) -> list[tuple[int, int]]:
    """Merged spans of the original text to mask, each widened to whole words."""
    folded, origin = _folded_with_origin(text)
    found: list[tuple[int, int]] = []
    for value in values:
        for match in re.finditer(_pattern(value), folded):
            if match.end() > match.start():
                start, end = origin[match.start()], origin[match.end() - 1] + 1
                found.append(_widen(text, start, end))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    return start, end


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.combining(char) != 0


def redact(text: str, identity: Mapping[str, Any], *, placeholder: str = DENOUNCER) -> tuple[str, int]:
    """The text with every identity value replaced by `placeholder`, and how many spans were masked."""
    spans = _spans(text, identity_values(identity))
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(placeholder)
        last = end
    parts.append(text[last:])
    return "".join(parts), len(spans)
