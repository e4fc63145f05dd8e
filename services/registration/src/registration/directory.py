"""The member-association directory: associations and their officers (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from registration.errors import InvalidInput, VersionConflict
from registration.text import normalise_name

ASSOCIATION_KINDS = ("member_association", "collective_member")


@dataclass(frozen=True)
class Officer:
    """An officer of an association who receives its notices."""

    full_name: str
    user_id: str | None = None
    position: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass
class Association:
    """A member association or collective member in the directory."""

    id: str
    code: str
    name: str
    kind: str
    parent_id: str | None = None
    contact_emails: tuple[str, ...] = ()
    officers: tuple[Officer, ...] = ()
    active: bool = True
    version: int = 1

    def __post_init__(self) -> None:
        self.name = normalise_name(self.name)
        self.officers = tuple(replace(o, full_name=normalise_name(o.full_name)) for o in self.officers)
        if self.kind not in ASSOCIATION_KINDS:
            raise InvalidInput(
                f"Unknown association kind {self.kind!r}; known: {', '.join(ASSOCIATION_KINDS)}."
            )
        if self.parent_id == self.id:
            raise InvalidInput("An association cannot be its own parent.")

    def update(self, changed: Association, *, expected_version: int) -> None:
        """Take the new directory details (the code stays), as the next version."""
        if expected_version != self.version:
            raise VersionConflict(
                f"Association {self.code} is at version {self.version}, not {expected_version}."
            )
        if changed.parent_id == self.id:
            raise InvalidInput("An association cannot be its own parent.")
        self.name, self.kind, self.parent_id = changed.name, changed.kind, changed.parent_id
        self.contact_emails, self.officers, self.active = (
            changed.contact_emails,
            changed.officers,
            changed.active,
        )
        self.version += 1
