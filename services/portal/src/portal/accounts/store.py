"""The portal's own records in MongoDB: accounts, web sessions, sign-in attempts, rate-limit counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from thidua import mongo

from portal.accounts.domain import Account, Attempts, User

ACCOUNTS, SESSIONS, ATTEMPTS, COUNTERS, OIDC_STATES = (
    "accounts", "sessions", "login_attempts", "rate_counters", "oidc_states",
)  # fmt: skip

INDEXES: dict[str, list[mongo.IndexModel]] = {
    SESSIONS: [
        mongo.IndexModel([("expires_at", mongo.ASCENDING)], name="ttl", expireAfterSeconds=0),
        mongo.IndexModel([("username", mongo.ASCENDING)], name="by_user"),
    ],
    ATTEMPTS: [mongo.IndexModel([("expires_at", mongo.ASCENDING)], name="ttl", expireAfterSeconds=0)],
    COUNTERS: [mongo.IndexModel([("expires_at", mongo.ASCENDING)], name="ttl", expireAfterSeconds=0)],
    OIDC_STATES: [mongo.IndexModel([("expires_at", mongo.ASCENDING)], name="ttl", expireAfterSeconds=0)],
}


def now() -> datetime:
    """The current instant (UTC)."""
    return datetime.now(UTC)


def _user_doc(user: User) -> dict[str, Any]:
    return {"name": user.name, "roles": list(user.roles), "association_id": user.association_id}


def _user(doc: dict[str, Any]) -> User:
    return User(
        username=str(doc.get("username") or doc["_id"]),
        name=str(doc.get("name") or ""),
        roles=tuple(doc.get("roles") or ()),
        association_id=doc.get("association_id"),
    )


class AccountStore:
    """Local accounts, keyed by username."""

    def __init__(self, database: mongo.Database) -> None:
        self._accounts = database[ACCOUNTS]

    async def get(self, username: str) -> Account | None:
        """The account, or None."""
        doc = await self._accounts.find_one({"_id": username})
        if doc is None:
            return None
        return Account(
            user=_user(doc),
            password_hash=str(doc["password_hash"]),
            active=bool(doc.get("active", True)),
            password_changed_at=doc.get("password_changed_at"),
        )

    async def put(self, account: Account) -> bool:
        """Create or replace an account; True when it was new."""
        doc = _user_doc(account.user) | {
            "password_hash": account.password_hash,
            "active": account.active,
            "password_changed_at": account.password_changed_at or now(),
        }
        result = await self._accounts.update_one({"_id": account.user.username}, {"$set": doc}, upsert=True)
        return result.upserted_id is not None

    async def set_password(self, username: str, password_hash: str) -> None:
        """Replace the password hash."""
        await self._accounts.update_one(
            {"_id": username}, {"$set": {"password_hash": password_hash, "password_changed_at": now()}}
        )

    async def all(self) -> list[User]:
        """Every account's user, by username."""
        return [_user(d) async for d in self._accounts.find({}).sort("_id", mongo.ASCENDING)]


@dataclass(frozen=True)
class StoredSession:
    """A web session as stored: who, its CSRF token, when it ends; `tokens` for an external provider."""

    key: str
    user: User
    csrf: str
    created_at: datetime
    last_seen: datetime
    expires_at: datetime
    provider_token: str | None = None
    provider_token_expires_at: datetime | None = None


class SessionStore:
    """Server-side sessions, keyed by the SHA-256 of the cookie value (the cookie alone is useless here)."""

    def __init__(self, database: mongo.Database) -> None:
        self._sessions = database[SESSIONS]

    async def create(self, session: StoredSession) -> None:
        """Store a new session."""
        doc = _user_doc(session.user) | {
            "_id": session.key,
            "username": session.user.username,
            "csrf": session.csrf,
            "created_at": session.created_at,
            "last_seen": session.last_seen,
            "expires_at": session.expires_at,
            "provider_token": session.provider_token,
            "provider_token_expires_at": session.provider_token_expires_at,
        }
        await self._sessions.insert_one(doc)

    async def get(self, key: str) -> StoredSession | None:
        """The session, or None (also when expired but not yet swept by the TTL index)."""
        doc = await self._sessions.find_one({"_id": key})
        if doc is None or doc["expires_at"] <= now():
            return None
        return StoredSession(
            key=key,
            user=_user(doc),
            csrf=str(doc["csrf"]),
            created_at=doc["created_at"],
            last_seen=doc["last_seen"],
            expires_at=doc["expires_at"],
            provider_token=doc.get("provider_token"),
            provider_token_expires_at=doc.get("provider_token_expires_at"),
        )

    async def touch(self, key: str, *, seen: datetime) -> None:
        """Record activity (keeps an idle session alive)."""
        await self._sessions.update_one({"_id": key}, {"$set": {"last_seen": seen}})

    async def delete(self, key: str) -> None:
        """End one session."""
        await self._sessions.delete_one({"_id": key})

    async def delete_user(self, username: str, *, keep: str | None = None) -> None:
        """End every session of a user (after a password change), except `keep`."""
        query: dict[str, Any] = {"username": username}
        if keep:
            query["_id"] = {"$ne": keep}
        await self._sessions.delete_many(query)


class AttemptStore:
    """Failed sign-ins per key (`user:<name>`, `addr:<ip>`)."""

    def __init__(self, database: mongo.Database) -> None:
        self._attempts = database[ATTEMPTS]

    async def get(self, key: str) -> Attempts:
        """The key's record (empty when none)."""
        doc = await self._attempts.find_one({"_id": key})
        if doc is None:
            return Attempts()
        return Attempts(
            failures=int(doc["failures"]),
            window_start=doc["window_start"],
            locked_until=doc.get("locked_until"),
        )

    async def put(self, key: str, attempts: Attempts, *, keep: timedelta) -> None:
        """Store the key's record; it is swept `keep` after its last change."""
        doc = {
            "failures": attempts.failures,
            "window_start": attempts.window_start,
            "locked_until": attempts.locked_until,
            "expires_at": now() + keep,
        }
        await self._attempts.update_one({"_id": key}, {"$set": doc}, upsert=True)

    async def clear(self, key: str) -> None:
        """Forget the key's failures (after a successful sign-in)."""
        await self._attempts.delete_one({"_id": key})


class CounterStore:
    """Fixed-window counters (public-form rate limits): one document per key and window."""

    def __init__(self, database: mongo.Database) -> None:
        self._counters = database[COUNTERS]

    async def hit(self, key: str, *, window_s: int) -> int:
        """Count one hit in the current window and return the window's count."""
        moment = now()
        bucket = int(moment.timestamp()) // window_s
        doc_id = f"{key}:{bucket}"
        expires = datetime.fromtimestamp((bucket + 1) * window_s, tz=UTC)
        await self._counters.update_one(
            {"_id": doc_id}, {"$inc": {"count": 1}, "$setOnInsert": {"expires_at": expires}}, upsert=True
        )
        doc = await self._counters.find_one({"_id": doc_id})
        return int(doc["count"]) if doc else 1
