"""The member-association directory: associations and their officers (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from registration import messages as msg
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
            known = msg.known(msg.ASSOCIATION_KIND_NAMES)
            raise InvalidInput(msg.UNKNOWN_ASSOCIATION_KIND.format(kind=self.kind, known=known))
        if self.parent_id == self.id:
            raise InvalidInput(msg.OWN_PARENT)

    def update(self, changed: Association, *, expected_version: int) -> None:
        """Take the new directory details (the code stays), as the next version."""
        if expected_version != self.version:
            raise VersionConflict(
                msg.ASSOCIATION_VERSION.format(
                    code=self.code, version=self.version, expected=expected_version
                )
            )
        if changed.parent_id == self.id:
            raise InvalidInput(msg.OWN_PARENT)
        self.name, self.kind, self.parent_id = changed.name, changed.kind, changed.parent_id
        self.contact_emails, self.officers, self.active = (
            changed.contact_emails,
            changed.officers,
            changed.active,
        )
        self.version += 1
