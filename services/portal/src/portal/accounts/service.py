"""Use cases of local accounts: sign in (argon2, throttled per username and address), change a password,
create or update an account (administration)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from portal.accounts.domain import (
    Account,
    AccountError,
    ThrottlePolicy,
    User,
    check_account,
    check_new_password,
)
from portal.accounts.store import AccountStore, AttemptStore, now

_hasher = PasswordHasher()
# Compared against when the username is unknown, so both paths cost one argon2 verification.
_DUMMY_HASH = _hasher.hash("no such account: constant-time refusal")


class SignInRefused(Exception):
    """Sign-in refused: `reason` is `invalid` (wrong name or password) or `locked` (throttled)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Throttles:
    """The two throttles of the sign-in form."""

    user: ThrottlePolicy
    address: ThrottlePolicy


async def hash_password(password: str) -> str:
    """An argon2id hash (computed off the event loop: it is deliberately slow)."""
    return await asyncio.to_thread(_hasher.hash, password)


async def _verify(password_hash: str, password: str) -> bool:
    def run() -> bool:
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(run)


class Accounts:
    """Sign-in, password change and administration over the account and attempt stores."""

    def __init__(self, *, accounts: AccountStore, attempts: AttemptStore, throttles: Throttles) -> None:
        self.accounts, self.attempts, self.throttles = accounts, attempts, throttles

    async def sign_in(self, username: str, password: str, *, address: str) -> User:
        """The user, or SignInRefused; a locked username or address is refused before the password is read."""
        username = username.strip().lower()
        keys = ((f"user:{username}", self.throttles.user), (f"addr:{address}", self.throttles.address))
        moment = now()
        records = [await self.attempts.get(key) for key, _ in keys]
        if any(record.locked(moment) for record in records):
            raise SignInRefused("locked")
        account = await self.accounts.get(username) if username else None
        ok = await _verify(account.password_hash if account else _DUMMY_HASH, password)
        if account is None or not ok or not account.active:
            for (key, policy), record in zip(keys, records, strict=True):
                keep = policy.window + policy.lockout
                await self.attempts.put(key, record.after_failure(policy, moment), keep=keep)
            raise SignInRefused("invalid")
        await self.attempts.clear(keys[0][0])
        return account.user

    async def change_password(self, user: User, *, current: str, new: str) -> None:
        """Replace the password after checking the current one; AccountError or SignInRefused otherwise."""
        account = await self.accounts.get(user.username)
        if account is None or not await _verify(account.password_hash, current):
            raise SignInRefused("invalid")
        check_new_password(new, username=user.username)
        await self.accounts.set_password(user.username, await hash_password(new))

    async def put_account(self, user: User, *, password: str) -> bool:
        """Create or update an account (administration); True when it was new."""
        check_account(user.username, user.roles, user.association_id)
        check_new_password(password, username=user.username)
        account = Account(user=user, password_hash=await hash_password(password))
        return await self.accounts.put(account)


def throttles(*, user_failures: int, address_failures: int, window_s: int, lockout_s: int) -> Throttles:
    """The throttles from the settings' numbers."""
    window, lockout = timedelta(seconds=window_s), timedelta(seconds=lockout_s)
    return Throttles(
        user=ThrottlePolicy(user_failures, window, lockout),
        address=ThrottlePolicy(address_failures, window, lockout),
    )


__all__ = ["AccountError", "Accounts", "SignInRefused", "Throttles", "hash_password", "throttles"]
