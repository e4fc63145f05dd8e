"""Form values in and out: nested field names (`individuals.0.full_name`), and service problems turned into
messages beside the fields they concern."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from portal import text
from portal.clients.base import ServiceError
from starlette.datastructures import FormData, UploadFile

FORM = "__form__"
Errors = dict[str, list[str]]


def values(
    form: FormData, *, skip: Iterable[str] = ("csrf_token", "form_token", "website")
) -> dict[str, str]:
    """The text fields of a form, stripped (files left out)."""
    skipped = set(skip)
    return {
        key: str(value).strip()
        for key, value in form.multi_items()
        if key not in skipped and not isinstance(value, UploadFile)
    }


def rows(data: Mapping[str, str], prefix: str) -> list[tuple[int, dict[str, str]]]:
    """`prefix.N.field` values grouped per N (with N), in order; all-blank rows are dropped."""
    grouped: dict[int, dict[str, str]] = defaultdict(dict)
    for key, value in data.items():
        head, _, rest = key.partition(".")
        if head != prefix or "." not in rest:
            continue
        index, _, name = rest.partition(".")
        if index.isdigit():
            grouped[int(index)][name] = value
    return [(i, grouped[i]) for i in sorted(grouped) if any(v for v in grouped[i].values())]


def renumbered(prefix: str, kept: list[int], fields: Iterable[str]) -> dict[str, str]:
    """Service field paths (`prefix.<position sent>.f`) back to the form's (`prefix.<row on the form>.f`)."""
    return {f"{prefix}.{sent}.{f}": f"{prefix}.{row}.{f}" for sent, row in enumerate(kept) for f in fields}


def lines(value: str) -> list[str]:
    """One entry per non-blank line of a text area."""
    return [line.strip() for line in value.splitlines() if line.strip()]


def problem_errors(
    exc: ServiceError, *, known: Iterable[str], rename: Mapping[str, str] | None = None
) -> Errors:
    """The problem as messages per form field; what no field shows goes to the form's own alert."""
    fields, renamed = set(known), dict(rename or {})
    out: Errors = defaultdict(list)
    for error in exc.field_errors():
        name = ".".join(error.loc)
        name = renamed.get(name, name)
        target = name if name in fields else _nearest(name, fields)
        out[target or FORM].append(text.field_message(error.kind))
    if not out or exc.slug != "validation-failed":
        out[FORM].insert(0, text.problem_message(exc.slug))
    return dict(out)


def _nearest(name: str, fields: set[str]) -> str | None:
    """A field for a nested location (`plan.individuals.0` → `individuals.0.full_name` is not guessed)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in fields:
            return candidate
        parts = parts[1:]
    return None


def int_or_none(value: str | None) -> int | None:
    """An integer from a text field, or None when blank or not a number."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def message(errors: Errors, name: str, value: str) -> None:
    """Add one message for a field."""
    errors.setdefault(name, []).append(value)


def any_errors(errors: Mapping[str, Any]) -> bool:
    """True when some field or the form has a message."""
    return any(errors.values())
