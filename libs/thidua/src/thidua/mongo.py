"""The one module that knows the MongoDB driver (motor today; PyMongo's async client tomorrow).

Every driver type and error other modules need is re-exported from here, so switching drivers means
editing this file only.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from gridfs.errors import NoFile
from motor.motor_asyncio import (
    AsyncIOMotorClient,
    AsyncIOMotorClientSession,
    AsyncIOMotorCollection,
    AsyncIOMotorDatabase,
    AsyncIOMotorGridFSBucket,
)
from pymongo import ASCENDING, DESCENDING, IndexModel, ReplaceOne, UpdateOne
from pymongo.errors import (
    ConnectionFailure,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

from thidua.logging import get_logger

Client = AsyncIOMotorClient[dict[str, Any]]
Database = AsyncIOMotorDatabase[dict[str, Any]]
Collection = AsyncIOMotorCollection[dict[str, Any]]
Session = AsyncIOMotorClientSession
Document = dict[str, Any]
GridFSBucket = AsyncIOMotorGridFSBucket


def gridfs_bucket(database: Database, *, name: str = "fs") -> GridFSBucket:
    """A GridFS bucket for uploaded files (plan documents, evidence) in a service's database."""
    return AsyncIOMotorGridFSBucket(database, bucket_name=name)


__all__ = [
    "ASCENDING",
    "DESCENDING",
    "Client",
    "Collection",
    "ConnectionFailure",
    "Database",
    "Document",
    "DuplicateKeyError",
    "GridFSBucket",
    "IndexModel",
    "NoFile",
    "OperationFailure",
    "PyMongoError",
    "ReplaceOne",
    "ServerSelectionTimeoutError",
    "Session",
    "UpdateOne",
    "connect",
    "ensure_indexes",
    "gridfs_bucket",
    "in_transaction",
    "is_transient",
    "ping",
]

T = TypeVar("T")
log = get_logger(__name__)


def connect(url: str, *, app_name: str = "thidua", timeout_ms: int = 5000) -> Client:
    """Open a client; nothing is sent until the first operation."""
    return AsyncIOMotorClient(
        url,
        appname=app_name,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        tz_aware=True,
    )


async def ping(client: Client) -> None:
    """Raise if the server does not answer."""
    await client.admin.command("ping")


def is_transient(exc: BaseException) -> bool:
    """True for errors the server labels as safe to retry the whole transaction (or its commit)."""
    if isinstance(exc, PyMongoError):
        return exc.has_error_label("TransientTransactionError") or exc.has_error_label(
            "UnknownTransactionCommitResult"
        )
    return False


async def in_transaction(
    client: Client,
    work: Callable[[Session], Awaitable[T]],
    *,
    attempts: int = 7,
    backoff_s: float = 0.01,
) -> T:
    """Run `work(session)` in one transaction; retry the whole of it on transient errors.

    `work` must be safe to run again: every write goes through the session, so an aborted
    attempt leaves nothing behind.
    """
    for attempt in range(1, attempts + 1):
        async with await client.start_session() as session:
            open_transaction = False
            try:
                session.start_transaction(
                    read_concern=ReadConcern("snapshot"), write_concern=WriteConcern("majority")
                )
                open_transaction = True
                result = await work(session)
                await session.commit_transaction()
                return result
            except BaseException as exc:
                if open_transaction:
                    try:
                        await session.abort_transaction()
                    except PyMongoError:
                        pass
                if attempt < attempts and is_transient(exc):
                    # exponential with jitter, so contending writers spread out instead of colliding again
                    delay = backoff_s * 2 ** (attempt - 1) * random.uniform(0.5, 1.5)
                    log.info(
                        "mongo.transaction_retry", attempt=attempt, delay_s=round(delay, 3), error=repr(exc)
                    )
                    await asyncio.sleep(delay)
                    continue
                raise
    raise AssertionError("unreachable")  # pragma: no cover


async def ensure_indexes(database: Database, specs: Mapping[str, Sequence[IndexModel]]) -> None:
    """Create the given indexes per collection; idempotent, run at every start."""
    for collection, indexes in specs.items():
        for index in indexes:
            try:
                await database[collection].create_indexes([index])
            except OperationFailure as exc:
                if exc.code not in _INDEX_CONFLICT_CODES:
                    raise
                await _replace_index(database, collection, index)


_INDEX_CONFLICT_CODES = {85, 86}  # IndexOptionsConflict, IndexKeySpecsConflict


async def _replace_index(database: Database, collection: str, index: IndexModel) -> None:
    """An index changed options (e.g. a retention setting): adjust a TTL in place, else rebuild it."""
    spec = index.document
    if "expireAfterSeconds" in spec:
        try:
            await database.command(
                "collMod",
                collection,
                index={"name": spec["name"], "expireAfterSeconds": spec["expireAfterSeconds"]},
            )
            return
        except OperationFailure:
            pass
    log.warning("mongo.index_rebuilt", collection=collection, index=spec["name"])
    await database[collection].drop_index(spec["name"])
    await database[collection].create_indexes([index])
