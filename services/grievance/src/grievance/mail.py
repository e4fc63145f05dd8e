"""Notices to a filer by e-mail: the address is sealed for notify alone (`thidua.party_mail`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from thidua.party_mail import seal_address

_EMAIL = re.compile(r"[^\s/;|,<>()\[\]]+@[^\s/;|,<>()\[\]]+\.[^\s/;|,<>()\[\]]+")


def address_of(identity: Mapping[str, Any]) -> str | None:
    """The filer's e-mail address: the `email` given, else the first address in `contact`."""
    given = identity.get("email")
    if isinstance(given, str) and given.strip():
        return given.strip()
    found = _EMAIL.search(str(identity.get("contact") or ""))
    return found.group() if found else None


@dataclass(frozen=True)
class PartyMail:
    """Seals one address per notice with notify's public key."""

    key_id: str
    public_key: str

    @classmethod
    def from_public_key(cls, key_id: str, public_key: str) -> PartyMail | None:
        """None when no key is configured (filers are then told on the tracking page only)."""
        return cls(key_id or "default", public_key) if public_key else None

    def seal(self, address: str, *, notice_id: str) -> str:
        """The sealed address for this notice."""
        return seal_address(address, public_key=self.public_key, key_id=self.key_id, notice_id=notice_id)
