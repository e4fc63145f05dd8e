"""`Idempotency-Key` for creating POSTs: same key and body → the stored response; other body → 409.

Records live in the service's own database (collection `idempotency`), keyed by a hash of the verified
caller (the token's `sub` and association, so a refreshed token still replays; an unverifiable token is
not recorded at all and the route answers 401), the method, the path and the key, and expire after the
configured retention. Anonymous callers must send a high-entropy key (≥ 32 characters of `A-Za-z0-9_-`,
e.g. a UUID without dashes) and their records are scoped to their client address too, so one caller can
never be served another's answer. Only final answers are stored (not 5xx, 401, 403, 408 or 429), and a
route can name response fields that must never be stored (`Idempotency-Omit`: e.g. a tracking secret): a
replay then answers without them.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thidua import auth
from thidua.http.problems import BadRequest, Conflict, Problem, ServiceUnavailable, problem_response
from thidua.logging import get_logger
from thidua.mongo import (
    ASCENDING,
    Collection,
    Database,
    Document,
    DuplicateKeyError,
    IndexModel,
    PyMongoError,
    ensure_indexes,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
COLLECTION = "idempotency"
MAX_KEY_LENGTH = 200
MIN_ANONYMOUS_KEY_LENGTH = 32
OMIT_HEADER = "Idempotency-Omit"
"""A response header a route sets to list top-level JSON fields that must not be stored (removed here)."""
_OMIT = OMIT_HEADER.lower().encode("latin-1")
_STRONG_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NOT_FINAL = frozenset({401, 403, 408, 429})
_KEY_HEADER = IDEMPOTENCY_HEADER.lower().encode("latin-1")
_STORED_HEADERS = frozenset({b"content-type", b"location", b"etag"})

DbProvider = Callable[[], Database | None]
VerifierProvider = Callable[[], "auth.Verifier | None"]
log = get_logger(__name__)


def idempotency_indexes(retention_hours: int) -> dict[str, list[IndexModel]]:
    """Index spec for `ensure_indexes`: records expire `retention_hours` after creation."""
    ttl = IndexModel([("created_at", ASCENDING)], expireAfterSeconds=retention_hours * 3600, name="ttl")
    return {COLLECTION: [ttl]}


async def ensure_idempotency_indexes(*, db: Database, retention_hours: int) -> None:
    """Create the idempotency TTL index (idempotent; run at start)."""
    await ensure_indexes(db, idempotency_indexes(retention_hours))


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())  # hash of hashes: no ambiguity between parts
    return digest.hexdigest()


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


def record_id(scope: Scope, key: str, *, caller: str) -> str:
    """The record's `_id`: the verified caller, method, path and key."""
    return _sha256(caller.encode(), scope["method"].encode(), scope["path"].encode(), key.encode())


def anonymous_caller(scope: Scope, key: str) -> str:
    """The namespace of a caller without a token: its client address, and a key nobody can guess."""
    if len(key) < MIN_ANONYMOUS_KEY_LENGTH or not _STRONG_KEY.match(key):
        raise BadRequest(
            f"Khi không đăng nhập, {IDEMPOTENCY_HEADER} phải dài ít nhất {MIN_ANONYMOUS_KEY_LENGTH} ký tự "
            "chữ, số, '-' hoặc '_' (ví dụ một UUID).",
            slug="idempotency-key-weak",
        )
    client = scope.get("client") or ("", 0)
    return f"anonymous:{client[0]}"


async def verified_caller(scope: Scope, verifier: auth.Verifier | None) -> str | None:
    """`principal:<sub>:<association>` for a valid bearer token; None when it cannot be verified."""
    raw = _header(scope, b"authorization")
    if raw is None or verifier is None:
        return None
    scheme, _, credentials = raw.decode("latin-1").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    try:
        principal = await verifier.verify(credentials.strip())
    except Problem:
        return None
    return f"principal:{principal.sub}:{principal.association_id or ''}"


def _without_omitted(body: bytes, omitted: list[str]) -> bytes:
    """The stored copy of a JSON body without the fields the route named."""
    if not omitted:
        return body
    try:
        document = json.loads(body)
    except ValueError:
        return b""
    if isinstance(document, dict):
        for name in omitted:
            document.pop(name, None)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


@dataclass
class _Captured:
    """The inner app's response, held back until it is stored."""

    messages: list[Message] = field(default_factory=list)
    status: int = 500
    headers: list[list[str]] = field(default_factory=list)
    body: bytearray = field(default_factory=bytearray)
    omitted: list[str] = field(default_factory=list)

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            raw = list(message.get("headers", ()))
            self.status = message["status"]
            self.headers = [
                [k.decode("latin-1"), v.decode("latin-1")] for k, v in raw if k.lower() in _STORED_HEADERS
            ]
            self.omitted = [
                name.strip()
                for k, v in raw
                if k.lower() == _OMIT
                for name in v.decode("latin-1").split(",")
                if name.strip()
            ]
            message = {**message, "headers": [(k, v) for k, v in raw if k.lower() != _OMIT]}
        self.messages.append(message)
        if message["type"] == "http.response.body":
            self.body.extend(message.get("body", b""))


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes, receive: Receive) -> Receive:
    delivered = False

    async def replay() -> Message:
        nonlocal delivered
        if delivered:
            return await receive()  # then wait for the disconnect, as the server would
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


async def _replay_response(record: Document, send: Send) -> None:
    body = bytes(record.get("body", b""))
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in record.get("headers", [])]
    headers += [(b"content-length", str(len(body)).encode()), (REPLAYED_HEADER.lower().encode(), b"true")]
    await send({"type": "http.response.start", "status": record["status"], "headers": headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class IdempotencyMiddleware:
    """Pure ASGI middleware; only POSTs with an `Idempotency-Key` header are buffered and recorded."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        get_db: DbProvider,
        get_verifier: VerifierProvider = lambda: None,
        lease_s: float = 60.0,
    ) -> None:
        self.app = app
        self.get_db = get_db
        self.get_verifier = get_verifier
        self.lease_s = lease_s  # an in-progress claim older than this was abandoned (crash): take it over

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_key = _header(scope, _KEY_HEADER) if scope["type"] == "http" else None
        db = self.get_db() if raw_key is not None and scope["method"] == "POST" else None
        if raw_key is None or db is None:
            await self.app(scope, receive, send)
            return
        key = raw_key.decode("latin-1").strip()
        try:
            if _header(scope, b"authorization") is None:
                caller = anonymous_caller(scope, key)
            else:
                verified = await verified_caller(scope, self.get_verifier())
                if verified is None:  # the route refuses it (401); nothing is recorded under a bad token
                    await self.app(scope, receive, send)
                    return
                caller = verified
            await self._handle(scope, receive, send, key=key, caller=caller, collection=db[COLLECTION])
        except Problem as problem:
            await problem_response(problem, instance=scope["path"])(scope, receive, send)

    async def _handle(
        self, scope: Scope, receive: Receive, send: Send, *, key: str, caller: str, collection: Collection
    ) -> None:
        if not 0 < len(key) <= MAX_KEY_LENGTH:
            raise BadRequest(
                f"{IDEMPOTENCY_HEADER} phải dài từ 1 đến {MAX_KEY_LENGTH} ký tự.",
                slug="idempotency-key-invalid",
            )
        body = await _read_body(receive)
        if body is None:
            return  # the client left before sending its body
        rid, body_hash = record_id(scope, key, caller=caller), hashlib.sha256(body).hexdigest()
        existing = await self._claim(collection=collection, rid=rid, body_hash=body_hash, scope=scope)
        if existing is not None:
            await _answer_existing(existing, body_hash=body_hash, send=send)
            return
        await self._run_and_store(scope, _replaying(body, receive), send, collection=collection, rid=rid)

    async def _claim(
        self, *, collection: Collection, rid: str, body_hash: str, scope: Scope
    ) -> Document | None:
        """None when this request now owns the key; else the record that another request holds."""
        try:
            for _ in range(3):
                if await self._try_claim(collection=collection, rid=rid, body_hash=body_hash, scope=scope):
                    return None
                existing = await collection.find_one({"_id": rid})
                if existing is None:
                    continue  # released or expired between our two calls: try again
                if not self._abandoned(existing, body_hash):
                    return existing
                if await self._take_over(collection, existing):
                    return None
        except PyMongoError as exc:
            log.warning("idempotency.store_unavailable", error=type(exc).__name__)
            raise ServiceUnavailable(
                "Kho lưu khóa chống gửi trùng không phản hồi; hãy thử lại.", headers={"Retry-After": "1"}
            ) from exc
        raise _in_progress()

    async def _try_claim(self, *, collection: Collection, rid: str, body_hash: str, scope: Scope) -> bool:
        record = {
            "_id": rid,
            "state": "in_progress",
            "request_hash": body_hash,
            "method": scope["method"],
            "path": scope["path"],
            "lease_until": time.time() + self.lease_s,
            "created_at": datetime.now(UTC),
        }
        try:
            await collection.insert_one(record)
        except DuplicateKeyError:
            return False
        return True

    def _abandoned(self, record: Document, body_hash: str) -> bool:
        return (
            record.get("state") == "in_progress"
            and record.get("request_hash") == body_hash
            and float(record.get("lease_until", 0)) < time.time()
        )

    async def _take_over(self, collection: Collection, record: Document) -> bool:
        result = await collection.update_one(
            {"_id": record["_id"], "state": "in_progress", "lease_until": record["lease_until"]},
            {"$set": {"lease_until": time.time() + self.lease_s}},
        )
        log.info("idempotency.abandoned_claim_taken_over", taken=result.matched_count == 1)
        return result.matched_count == 1

    async def _run_and_store(
        self, scope: Scope, receive: Receive, send: Send, *, collection: Collection, rid: str
    ) -> None:
        captured = _Captured()
        try:
            await self.app(scope, receive, captured.send)
        except BaseException:
            await _release(collection, rid)
            raise
        if captured.status < 500 and captured.status not in _NOT_FINAL:
            await _store(collection, rid, captured)
        else:
            await _release(collection, rid)  # not a final answer (server error, auth, rate): retry may differ
        for message in captured.messages:
            await send(message)


async def _answer_existing(record: Document, *, body_hash: str, send: Send) -> None:
    if record.get("request_hash") != body_hash:
        log.info("idempotency.key_reused")
        raise Conflict(
            f"{IDEMPOTENCY_HEADER} này đã được dùng cho một yêu cầu có nội dung khác.",
            slug="idempotency-key-reused",
        )
    if record.get("state") != "done":
        raise _in_progress()
    log.info("idempotency.replayed", status=record.get("status"))
    await _replay_response(record, send)


def _in_progress() -> Conflict:
    return Conflict(
        f"Yêu cầu có {IDEMPOTENCY_HEADER} này vẫn đang được xử lý; hãy thử lại sau giây lát.",
        slug="idempotency-in-progress",
        headers={"Retry-After": "1"},
    )


async def _store(collection: Collection, rid: str, captured: _Captured) -> None:
    update: dict[str, Any] = {
        "state": "done",
        "status": captured.status,
        "headers": captured.headers,
        "body": _without_omitted(bytes(captured.body), captured.omitted),
        "completed_at": datetime.now(UTC),
    }
    try:
        await collection.update_one({"_id": rid}, {"$set": update})
    except PyMongoError as exc:  # the answer still goes out; a retry after the lease re-runs the request
        log.warning("idempotency.store_failed", error=type(exc).__name__)


async def _release(collection: Collection, rid: str) -> None:
    try:
        await collection.delete_one({"_id": rid})
    except PyMongoError as exc:
        log.warning("idempotency.release_failed", error=type(exc).__name__)
