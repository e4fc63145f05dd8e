"""Checks of problem+json answers shared by the service tests."""

from __future__ import annotations

import httpx

# Letters only Vietnamese spells with (lower case): a detail without any of them is not Vietnamese.
VIETNAMESE_LETTERS = frozenset("ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")


def is_vietnamese(text: str) -> bool:
    """Whether `text` is written with Vietnamese diacritics."""
    return any(ch in VIETNAMESE_LETTERS for ch in text.casefold())


def assert_problem(answer: httpx.Response, status: int, slug: str, *, vietnamese: bool = True) -> None:
    """The answer is a problem+json of this status and stable type, its `detail` in Vietnamese."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    body = answer.json()
    assert body["type"].endswith("/" + slug), body
    if vietnamese:
        assert is_vietnamese(body.get("detail", "")), body
