"""Redact a filer's identity from letter content before it goes to verifiers or is published (LTC Điều 56).

Matching ignores case and Vietnamese diacritics ("Nguyễn Văn A" = "NGUYEN VAN A" = "nguyen van a"), treats any
run of white space, or a hyphen, between words as one space ("Nguyễn-Văn-An"), and lets phone numbers carry
separators and any national prefix ("0912 345 678" = "+84 912.345.678" = "84912345678"). A name is also
found as initials ("N.V.An", "N. V. An", "Nguyễn V. An"), with a form of address ("Ông An", "bà Văn An",
"anh An"), and by its last two words or surname and given name ("Văn An", "Nguyễn An"). An address is found
whole and by each of its comma-separated parts of three words or more (a house and street, a ward), but not
by a part that names only a province or district. A match of a whole identity value inside a longer word
masks the whole word, so no fragment of it is left beside the placeholder; the shorter name forms match
whole words only. Overlapping matches are merged into one placeholder. Pure: no I/O, nothing stored or
logged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
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


_SEP = r"(?:\s+|\s*[-\u2010\u2013_]\s*)"  # between words: white space or a hyphen
_HONORIFICS = ("ong", "ba", "anh", "chi", "co", "chu", "bac", "em", "cu", "thay")
_BROAD_AREAS = ("tinh", "thanh pho", "tp", "quan", "huyen", "thi xa", "viet nam")
_WORD_START, _WORD_END = r"(?<![\w])", r"(?![\w])"


def _pattern(value: str) -> str:
    folded = fold(value)
    if _is_phone(folded):
        return _phone_pattern(folded)
    return _SEP.join(re.escape(token) for token in folded.split())


def _phone_pattern(folded: str) -> str:
    """The number with or without its prefix: 0, 84, +84, (+84); separators anywhere."""
    digits = "".join(c for c in folded if c.isdigit())
    if digits.startswith("84") and len(digits) >= 11:
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = digits[1:]
    prefix = r"(?:(?:\(?\+?\s*84\)?|0)" + _PHONE_SEPARATORS + ")?"
    return r"(?<![\d+])" + prefix + _PHONE_SEPARATORS.join(re.escape(d) for d in digits) + r"(?!\d)"


def _name_patterns(name: str) -> list[str]:
    """Initials, forms of address and two-word forms of a name (whole words only)."""
    tokens = [re.escape(t) for t in fold(name).replace("-", " ").split() if t.isalpha()]
    if len(tokens) < 2:
        return []
    given, others = tokens[-1], tokens[:-1]
    initials = "".join(rf"(?:{t}{_SEP}|{t[0]}(?:\.\s*|{_SEP})?)" for t in others) + given
    honorific = rf"(?:{'|'.join(_HONORIFICS)})\s+(?:(?:{'|'.join(others)})\s+){{0,2}}{given}"
    patterns = [initials, honorific]
    if len(tokens) >= 3:
        patterns += [f"{others[-1]}{_SEP}{given}", f"{others[0]}{_SEP}{given}"]
    return [_WORD_START + p + _WORD_END for p in patterns]


def _address_parts(address: str) -> list[str]:
    """Comma-separated parts of three words or more that do not name only a province or district."""
    parts = [p.strip() for p in re.split(r"[,;]", address)]
    return [p for p in parts if len(fold(p).split()) >= 3 and not fold(p).startswith(_BROAD_AREAS)]


def _patterns(identity: Mapping[str, Any]) -> list[tuple[str, bool]]:
    """(regex over the folded text, widen to whole words) for every identity value and form."""
    values = identity_values(identity)
    address = identity.get("address")
    if isinstance(address, str):
        values += [v for v in _address_parts(address) if v not in values]
    found = [(_pattern(v), True) for v in values]
    name = identity.get("name")
    if isinstance(name, str):
        found += [(p, False) for p in _name_patterns(name)]
    return found


def _is_phone(folded: str) -> bool:
    digits = sum(c.isdigit() for c in folded)
    return digits >= 6 and all(c.isdigit() or c in " +.-()" for c in folded)


def _spans(text: str, identity: Mapping[str, Any]) -> list[tuple[int, int]]:
    """Merged spans of the original text to mask, widened to whole words where the pattern asks."""
    folded, origin = _folded_with_origin(text)
    found: list[tuple[int, int]] = []
    for pattern, widen in _patterns(identity):
        for match in re.finditer(pattern, folded):
            if match.group().strip():
                start, end = origin[match.start()], origin[match.end() - 1] + 1
                while text[start].isspace():
                    start += 1
                while text[end - 1].isspace():
                    end -= 1
                found.append(_widen(text, start, end) if widen else (start, end))
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
    spans = _spans(text, identity)
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts.append(text[last:start])
        parts.append(placeholder)
        last = end
    parts.append(text[last:])
    return "".join(parts), len(spans)
