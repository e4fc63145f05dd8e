"""A hash-chained audit log per case: each entry carries the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

GENESIS = "0" * 64


def entry_hash(entry: Mapping[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the entry without its own hash."""
    body = {k: v for k, v in entry.items() if k not in ("hash", "_id")}
    return hashlib.sha256(
        json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()


def chain_entry(
    *,
    grievance_id: str,
    seq: int,
    prev_hash: str,
    action: str,
    actor: str,
    at: str,
    details: Mapping[str, Any],
) -> dict[str, Any]:
    """A new entry linked to `prev_hash`."""
    entry: dict[str, Any] = {
        "grievance_id": grievance_id,
        "seq": seq,
        "prev_hash": prev_hash,
        "action": action,
        "actor": actor,
        "at": at,
        "details": dict(details),
    }
    entry["hash"] = entry_hash(entry)
    return entry


def verify_chain(entries: Sequence[Mapping[str, Any]]) -> int | None:
    """The seq of the first broken entry, or None when the chain is intact."""
    previous = GENESIS
    for expected_seq, entry in enumerate(entries, start=1):
        if entry.get("seq") != expected_seq or entry.get("prev_hash") != previous:
            return expected_seq
        if entry_hash(entry) != entry.get("hash"):
            return expected_seq
        previous = str(entry["hash"])
    return None
