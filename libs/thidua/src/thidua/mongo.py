"""The one module that knows the MongoDB driver: PyMongo's native asyncio client (`AsyncMongoClient`).

Every driver type and error other modules need is re-exported from here, so no other module imports
`pymongo` or `gridfs`. (The design card named motor; motor reached end of life on 2026-05-14 and runs every
call through a thread pool. PyMongo's async API is its successor from the same maintainers.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from gridfs import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo import (
    ASCENDING,
    DESCENDING,
    AsyncMongoClient,
    IndexModel,
    InsertOne,
    ReplaceOne,
    UpdateOne,
    monitoring,
)
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import (
    BulkWriteError,
    ConnectionFailure,
    DuplicateKeyError,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
)
from pymongo.read_concern import ReadConcern
from pymongo.write_concern import WriteConcern

from thidua.logging import get_logger

Client = AsyncMongoClient[dict[str, Any]]
Database = AsyncDatabase[dict[str, Any]]
Collection = AsyncCollection[dict[str, Any]]
Session = AsyncClientSession
Document = dict[str, Any]
GridFSBucket = AsyncGridFSBucket


def gridfs_bucket(database: Database, *, name: str = "fs") -> GridFSBucket:
    """A GridFS bucket for uploaded files (plan documents, evidence) in a service's database."""
    return AsyncGridFSBucket(database, bucket_name=name)


__all__ = [
    "ASCENDING",
    "DESCENDING",
    "BulkWriteError",
    "Client",
    "Collection",
    "CommandCounter",
    "ConnectionFailure",
    "Database",
    "Document",
    "DuplicateKeyError",
    "GridFSBucket",
    "IndexModel",
    "InsertOne",
    "NoFile",
    "OperationFailure",
    "PyMongoError",
    "ReplaceOne",
    "ServerSelectionTimeoutError",
    "Session",
    "UpdateOne",
    "close",
    "connect",
    "ensure_indexes",
    "gridfs_bucket",
    "in_transaction",
    "is_transient",
    "ping",
]

T = TypeVar("T")
log = get_logger(__name__)


class CommandCounter(monitoring.CommandListener):
    """Counts the commands a client sends, by name: its round trips to the server (tests, benchmarks)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()  # "insert inbox": command and collection

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.counts[event.command_name] += 1
        target = event.command.get(event.command_name)
        self.targets[f"{event.command_name} {target}" if isinstance(target, str) else event.command_name] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass

    @property
    def total(self) -> int:
        """Commands sent since the last reset."""
        return sum(self.counts.values())

    def reset(self) -> None:
        """Start counting again from zero."""
        self.counts.clear()
        self.targets.clear()


def connect(
    url: str, *, app_name: str = "thidua", timeout_ms: int = 5000, counter: CommandCounter | None = None
) -> Client:
    """Open a client; nothing is sent until the first operation. A `counter` counts its commands."""
    return AsyncMongoClient(
        url,
        appname=app_name,
        serverSelectionTimeoutMS=timeout_ms,
        connectTimeoutMS=timeout_ms,
        tz_aware=True,
        event_listeners=[counter] if counter else [],
    )


async def close(client: Client) -> None:
    """Close a client's connections (a coroutine with the async driver)."""
    await client.close()


async def ping(client: Client) -> None:
    """Raise if the server does not answer."""
    await client.admin.command("ping")


def is_transient(exc: BaseException) -> bool:
    """True for errors the server labels as safe to retry: the whole transaction, or only its commit."""
    if isinstance(exc, PyMongoError):
        return exc.has_error_label("TransientTransactionError") or exc.has_error_label(
            "UnknownTransactionCommitResult"
        )
    return False


async def in_transaction(client: Client, work: Callable[[Session], Awaitable[T]]) -> T:
    """Run `work(session)` in one transaction, with the driver's own retry rules.

    A `TransientTransactionError` (a write conflict, a lost connection before the commit) aborts the
    attempt and runs `work` again: every write goes through the session, so nothing of the aborted attempt
    remains. An unknown commit result (`UnknownTransactionCommitResult`: the connection dropped while the
    server was committing) retries only the commit, never `work`, so ids minted inside `work` are not
    minted twice. The driver backs off between attempts and gives up after its time limit (120 s).
    """
    async with client.start_session() as session:
        return await session.with_transaction(
            work, read_concern=ReadConcern("snapshot"), write_concern=WriteConcern("majority")
        )


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
