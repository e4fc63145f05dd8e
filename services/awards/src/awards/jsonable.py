"""Records as JSON values, field for field: how they are stored and how the API answers them (stdlib only).

Dates and times are ISO 8601 (`date.isoformat()`), enums their value, fractions `"4/5"`, tuples lists. A field
declared `field(default=None, metadata=LATER)` is left out while it is None: it appears once it has a value
(an objection, a council result, a publication...), as the documents always had it.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from fractions import Fraction
from typing import Any

LATER = {"omit_while_none": True}


def jsonable(value: Any) -> Any:
    """`value` (a record, or anything inside one) as JSON-compatible Python values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not (f.metadata.get("omit_while_none") and getattr(value, f.name) is None)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    return value
