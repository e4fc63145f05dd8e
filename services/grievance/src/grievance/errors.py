"""The broken rules of the grievance service (stdlib only): each a `DomainError` with a stable `slug`.

The edge (`grievance.api.edge`) maps each class to its HTTP status once; use cases only raise these.
"""

from __future__ import annotations

from typing import Any

from grievance import messages as msg


class DomainError(Exception):
    """An action breaks a rule; `slug` is the stable problem type, the message is Vietnamese."""

    slug = "grievance-rule"
    extra: dict[str, Any] | None = None


class InvalidTransition(DomainError):
    """The action is not allowed in the case's current status."""

    slug = "invalid-transition"


class GrievanceNotFound(DomainError):
    """No such case."""

    slug = "not-found"

    def __init__(self, grievance_id: str) -> None:
        super().__init__(msg.NO_GRIEVANCE)
        self.grievance_id = grievance_id


class AttachmentNotFound(DomainError):
    """No such attachment on this case, or its stored file is missing."""

    slug = "not-found"

    def __init__(self, attachment_id: str, *, text: str = msg.NO_ATTACHMENT) -> None:
        super().__init__(text)
        self.attachment_id = attachment_id


class TrackingNotFound(DomainError):
    """No case with this tracking code and secret (the two are never told apart)."""

    slug = "not-found"

    def __init__(self, text: str = msg.NO_TRACKING) -> None:
        super().__init__(text)


class NotAllowed(DomainError):
    """The caller may not see or do this (another filer's case, a sealed file, intake closed)."""

    slug = "forbidden"

    def __init__(self, text: str, *, slug: str | None = None) -> None:
        super().__init__(text)
        if slug is not None:
            self.slug = slug


class ConcurrencyConflict(DomainError):
    """Someone else changed the case meanwhile."""

    slug = "conflict"

    def __init__(self, grievance_id: str) -> None:
        super().__init__(msg.CHANGED_MEANWHILE)
        self.grievance_id = grievance_id


class TooManyAttachments(InvalidTransition):
    """The case already holds the most attachments a case may have (a cap against abuse)."""

    slug = "too-many-attachments"

    def __init__(self, *, max_per_case: int) -> None:
        super().__init__(msg.TOO_MANY_ATTACHMENTS.format(max_per_case=max_per_case))
        self.extra = {"max_per_case": max_per_case}
