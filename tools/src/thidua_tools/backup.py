"""`thidua backup` / `thidua restore`: every service database (state, outbox, inbox, files) dumped as
extended-JSON lines with its indexes, plus the broker definitions generated from the topology.

Each database is read inside one snapshot session where the server offers one (one point in time per
database); the manifest says which. Restoring replaces each database with the dump. Events published after
the dump are redelivered from the producers' outboxes as they were then, and the consumers' restored inboxes
drop what they had applied, so nothing is lost or doubled beyond what the dump's moment implies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bson import json_util
from thidua import mongo

MANIFEST = "manifest.json"
FORMAT = 1
INDEX_OPTIONS = ("unique", "sparse", "partialFilterExpression", "expireAfterSeconds", "name")


class BackupError(RuntimeError):
    """A dump that cannot be read or restored."""


async def _dump_database(database: Any, folder: Path, session: Any) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - a command-line dump, one task
    collections: dict[str, Any] = {}
    for name in sorted(await database.list_collection_names(session=session)):
        if name.startswith("system."):
            continue
        count = 0
        with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as out:
            async for doc in database[name].find({}, session=session).sort("_id", 1):
                out.write(json_util.dumps(doc, json_options=json_util.CANONICAL_JSON_OPTIONS) + "\n")
                count += 1
        indexes = [
            {"key": list(spec["key"].items()), **{k: spec[k] for k in INDEX_OPTIONS if k in spec}}
            async for spec in await database[name].list_indexes(session=session)
            if spec["name"] != "_id_"
        ]
        collections[name] = {"documents": count, "indexes": json.loads(json_util.dumps(indexes))}
    return collections


async def backup(mongo_url: str, databases: Mapping[str, str], out: Path) -> dict[str, Any]:
    """Dump every database (service -> database name) under `out`; returns the manifest."""
    out.mkdir(parents=True, exist_ok=False)  # noqa: ASYNC240 - a command-line dump, one task
    manifest: dict[str, Any] = {"format": FORMAT, "taken_at": datetime.now(UTC).isoformat(), "databases": {}}
    client = mongo.connect(mongo_url, app_name="thidua-backup")
    try:
        for service, name in databases.items():
            snapshot = True
            try:
                async with client.start_session(snapshot=True) as session:
                    collections = await _dump_database(client[name], out / service, session)
            except Exception as exc:  # a server without snapshot reads: one collection at a time
                if mongo.is_transient(exc) or "snapshot" not in str(exc).lower():
                    raise
                snapshot = False
                collections = await _dump_database(client[name], out / service, None)
            manifest["databases"][service] = {"name": name, "snapshot": snapshot, "collections": collections}
    finally:
        await mongo.close(client)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8")
    return manifest


def read_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder} holds no readable backup ({MANIFEST}): {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{folder}: backup format {manifest.get('format')!r} is not {FORMAT}")
    for service, entry in manifest["databases"].items():
        for collection, meta in entry["collections"].items():
            lines = (folder / service / f"{collection}.jsonl").read_text(encoding="utf-8").splitlines()
            if len(lines) != meta["documents"]:
                raise BackupError(f"{folder}: {service}/{collection} is incomplete")
    return dict(manifest)


async def restore(mongo_url: str, folder: Path, *, batch: int = 500) -> dict[str, int]:
    """Replace every database named in the backup with its dump; returns documents restored per service."""
    manifest = read_manifest(folder)  # checked whole before anything is dropped
    client = mongo.connect(mongo_url, app_name="thidua-restore")
    restored: dict[str, int] = {}
    try:
        for service, entry in manifest["databases"].items():
            database = client[entry["name"]]
            await client.drop_database(entry["name"])
            total = 0
            for collection, meta in entry["collections"].items():
                await database.create_collection(collection)
                docs: list[Any] = []
                with (folder / service / f"{collection}.jsonl").open(encoding="utf-8") as lines:
                    for line in lines:
                        docs.append(json_util.loads(line))
                        if len(docs) >= batch:
                            await database[collection].insert_many(docs, ordered=True)
                            total, docs = total + len(docs), []
                if docs:
                    await database[collection].insert_many(docs, ordered=True)
                    total += len(docs)
                for spec in json_util.loads(json.dumps(meta["indexes"])):
                    key = [(field, direction) for field, direction in spec.pop("key")]
                    await database[collection].create_index(key, **spec)
            restored[service] = total
    finally:
        await mongo.close(client)
    return restored
