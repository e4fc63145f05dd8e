"""Accounts, sessions and the login throttle as plain rules (stdlib only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

ROLES = frozenset({"association", "secretariat", "council", "board", "grievance_officer"})
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD = 10


class AccountError(ValueError):
    """An account or password that breaks a rule; `code` names the rule (for the message catalogue)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class User:
    """Who is signed in: what the pages and the access tokens need."""

    username: str
    name: str
    roles: tuple[str, ...]
    association_id: str | None = None

    def has(self, role: str) -> bool:
        """True when the user holds `role`."""
        return role in self.roles


@dataclass(frozen=True)
class Account:
    """A local account: the user plus the password hash."""

    user: User
    password_hash: str
    active: bool = True
    password_changed_at: datetime | None = None


def check_account(username: str, roles: tuple[str, ...], association_id: str | None) -> None:
    """Raise AccountError unless the username and roles make a valid account."""
    if not USERNAME.fullmatch(username):
        raise AccountError("invalid-username")
    if not roles or not set(roles) <= ROLES:
        raise AccountError("invalid-roles")
    if "association" in roles and not association_id:
        raise AccountError("association-required")


def check_new_password(password: str, *, username: str) -> None:
    """Raise AccountError for a password that is too short or is the username."""
    if len(password) < MIN_PASSWORD:
        raise AccountError("password-too-short")
    if password.casefold() == username.casefold():
        raise AccountError("password-is-username")


@dataclass(frozen=True)
class ThrottlePolicy:
    """How many failed sign-ins a key (a username, a client address) may have in a window before a lock."""

    limit: int
    window: timedelta
    lockout: timedelta


@dataclass
class Attempts:
    """Failed sign-ins of one key since `window_start`, and the end of a lock-out if one holds."""

    failures: int = 0
    window_start: datetime | None = None
    locked_until: datetime | None = None

    def locked(self, now: datetime) -> bool:
        """True while a lock-out holds."""
        return self.locked_until is not None and now < self.locked_until

    def after_failure(self, policy: ThrottlePolicy, now: datetime) -> Attempts:
        """The record after one more failure: a new window when the last expired, a lock at the limit."""
        fresh = self.window_start is None or now - self.window_start >= policy.window
        failures = 1 if fresh else self.failures + 1
        start = now if fresh else self.window_start
        locked = now + policy.lockout if failures >= policy.limit else self.locked_until
        return Attempts(failures=failures, window_start=start, locked_until=locked)
