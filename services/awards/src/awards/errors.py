"""Broken rules of the awards service (stdlib only); `slug` is the stable problem type the API answers with.

The texts are Vietnamese, from `awards.messages`. Which status each class answers with is decided once, at
the edge (`awards.api.problems`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class DomainError(Exception):
    """A broken business rule; `extra` holds the problem's extension members (JSON values)."""

    slug = "rule-violated"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.extra: Mapping[str, Any] = extra


class NotFoundError(DomainError):
    """No such nomination, session, decision, award, exemplar or conference (or not for this caller)."""

    slug = "not-found"


class NotPermitted(DomainError):
    """The caller may not do this to this resource."""

    slug = "forbidden"


class OutOfScope(NotPermitted):
    """The resource belongs to another association."""


class NotOnRoster(NotPermitted):
    """Only a member on the session's roster votes."""


class NotConferringAuthority(NotPermitted):
    """Only the authority that conferred an award cancels it (L22 Điều 93 k8)."""


class StateConflict(DomainError):
    """The resource's current state does not allow this."""

    slug = "conflict"


class DisclosureClosed(StateConflict):
    """Objections are received only while the disclosure window is open."""

    slug = "disclosure-window-closed"


class NominationsNotReady(StateConflict):
    """Some nominations cannot go to the council or be decided; `nominations` says which and why."""

    slug = "nominations-not-ready"

    def __init__(self, detail: str, nominations: Sequence[Mapping[str, str]]) -> None:
        super().__init__(detail, nominations=list(nominations))


class SessionClosed(StateConflict):
    """The council session is closed."""

    slug = "session-closed"


class NotOnAgenda(StateConflict):
    """The nomination is not on the session's agenda."""

    slug = "not-on-agenda"


class Recused(StateConflict):
    """A member from the nominee's own association does not vote on it."""

    slug = "recused"


class AlreadyVoted(StateConflict):
    """A member votes once per nomination."""

    slug = "already-voted"


class AwardAlreadyCancelled(StateConflict):
    """The award is already cancelled."""

    slug = "award-cancelled"


class NotDisclosable(StateConflict):
    """A rejected or incomplete nomination is not put on the public list."""

    slug = "not-disclosable"


class NominationClosed(StateConflict):
    """A nomination past the dossier stage takes no supplement."""

    slug = "nomination-closed"


class InvalidInput(DomainError):
    """Well-formed input that no rule accepts."""

    slug = "unprocessable"


class UnknownAwardType(InvalidInput):
    """No title or form of commendation has this code under the rule set in force."""

    slug = "unknown-award-type"


class NoRuleSet(InvalidInput, LookupError):
    """No rule set (implementing decree) is in force on the given date."""

    slug = "no-rule-set"


class DocumentMismatch(InvalidInput):
    """Dossier items name uploaded documents that do not exist, are another association's or differ."""

    slug = "document-mismatch"

    def __init__(self, detail: str, documents: Sequence[Mapping[str, str]]) -> None:
        super().__init__(detail, documents=list(documents))


class UnreadableFile(InvalidInput):
    """An import file that is neither a UTF-8 CSV nor an XLSX workbook with a header row."""

    slug = "unreadable-file"
