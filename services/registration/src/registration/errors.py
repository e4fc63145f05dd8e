"""The base of every broken business rule (stdlib only)."""

from __future__ import annotations


class DomainError(Exception):
    """A broken business rule; `slug` is the stable problem type the API answers with."""

    slug = "rule-violated"


class NotFoundError(DomainError):
    """No such campaign, association or registration."""

    slug = "not-found"


class OutOfScope(DomainError):
    """The caller's association is not the one the resource belongs to."""

    slug = "forbidden"


class DuplicateCode(DomainError):
    """Another campaign or association already uses this code."""

    slug = "duplicate-code"


class InvalidInput(DomainError):
    """Well-formed input that no rule accepts (unknown kind, period ending before it starts...)."""

    slug = "invalid-input"


class CampaignNotLaunched(DomainError):
    """Registrations are only taken for launched campaigns."""

    slug = "campaign-not-launched"


class DeadlinePassed(DomainError):
    """The registration deadline has passed and the association has no open late window."""

    slug = "registration-deadline-passed"


class AlreadyRegistered(DomainError):
    """An association registers once per campaign."""

    slug = "already-registered"


class VersionConflict(DomainError):
    """The caller changed a version other than the current one (stale `If-Match`)."""

    slug = "version-conflict"


class InvalidState(DomainError):
    """The registration's status does not allow this change (e.g. amending a withdrawn one)."""

    slug = "invalid-state"
