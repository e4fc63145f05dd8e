"""Records in and out of MongoDB documents: mapping only, no rules, every call in the unit's session.

A record is written as `awards.jsonable` gives it, its `id` stored as `_id`; it is read back through
pydantic's dataclass support (ISO dates become dates, nested dicts records), ignoring fields it does not know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter
from thidua import mongo

from awards.jsonable import jsonable

R = TypeVar("R")


class Documents(Generic[R]):
    """The documents of one collection as records of one type."""

    kind: type[R]

    def __init__(self, collection: mongo.Collection, session: mongo.Session) -> None:
        self.collection, self.session = collection, session
        self._adapter: TypeAdapter[R] = _adapter(self.kind)

    def key(self, record: R) -> str:
        """The document id of a record (its `id`, unless a subclass says otherwise)."""
        return str(getattr(record, "id"))  # noqa: B009 -- records without `id` override `key`

    def to_document(self, record: R) -> mongo.Document:
        """The document of a record."""
        doc: dict[str, Any] = jsonable(record)
        doc.pop("id", None)
        return {"_id": self.key(record), **doc}

    def to_record(self, doc: Mapping[str, Any]) -> R:
        """The record of a document."""
        return self._adapter.validate_python(
            {"id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}
        )

    async def get(self, record_id: str) -> R | None:
        """The record with this id, or None."""
        doc = await self.collection.find_one({"_id": record_id}, session=self.session)
        return None if doc is None else self.to_record(doc)

    async def get_many(self, record_ids: Sequence[str]) -> dict[str, R]:
        """The records with these ids (those that exist), by id, in one round trip."""
        if not record_ids:
            return {}
        ids = list(dict.fromkeys(record_ids))
        cursor = self.collection.find({"_id": {"$in": ids}}, session=self.session).batch_size(len(ids))
        return {str(doc["_id"]): self.to_record(doc) async for doc in cursor}

    async def find(self, query: Mapping[str, Any], *, limit: int = 500) -> list[R]:
        """Records matching an equality query on indexed fields, in insertion order."""
        cursor = self.collection.find(dict(query), session=self.session).limit(limit)
        return [self.to_record(doc) async for doc in cursor]

    async def add(self, record: R) -> None:
        """Store a new record; a duplicate id raises `DuplicateKeyError`."""
        await self.collection.insert_one(self.to_document(record), session=self.session)

    async def add_many(self, records: Sequence[R]) -> None:
        """Store new records with one bulk insert; a duplicate id raises (and the transaction aborts)."""
        if records:
            docs = [self.to_document(record) for record in records]
            await self.collection.insert_many(docs, ordered=True, session=self.session)

    async def put(self, record: R) -> None:
        """Store a record, replacing the one with its id if any."""
        doc = self.to_document(record)
        await self.collection.replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self.session)

    async def save(self, record: R) -> None:
        """Store the changed record in place of the one read."""
        doc = self.to_document(record)
        await self.collection.replace_one({"_id": doc["_id"]}, doc, session=self.session)

    async def save_many(self, records: Sequence[R]) -> None:
        """Store several changed records in place of those read, with one bulk write."""
        if records:
            docs = [self.to_document(record) for record in records]
            replaces = [mongo.ReplaceOne({"_id": doc["_id"]}, doc) for doc in docs]
            await self.collection.bulk_write(replaces, ordered=True, session=self.session)


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]
