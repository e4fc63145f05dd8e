"""`thidua grievance reseal`: after a key rotation, re-encrypt every sealed record with the active key.

Sealed are: filers' identities (`filers`), letters' texts (`grievances.summary_sealed`; a case stored before
texts were sealed is sealed now, its shown text redacted), attachments' sealed names (`sealed_meta`) and
identity files (the `sealed` GridFS bucket). Each record is rewritten on its own, guarded by the key id it
was read with, so the command can be stopped and run again: what is already under the active key is
skipped. A file is re-encrypted into a new GridFS file, its record pointed at it, then the old one removed;
files no record points at (an earlier run stopped between those steps) are removed at the end.
"""

from __future__ import annotations

import asyncio
import base64
import sys
import uuid
from typing import Any, TextIO

from thidua import mongo
from thidua.settings import Environment

from grievance.deps import build_deps
from grievance.intake import SUMMARY_AD
from grievance.redaction import placeholder_for, redact
from grievance.settings import GrievanceSettings
from grievance.uow import ATTACHMENTS, FILERS, GRIEVANCES, SEALED_BUCKET
from grievance.vault import IdentityVault


class Progress:
    """One line per batch and per finished step: `step: done/total`."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def show(self, step: str, done: int, total: int) -> None:
        self.out.write(f"{step}: {done}/{total} re-sealed\n")
        self.out.flush()


async def _filers(db: mongo.Database, vault: IdentityVault, progress: Progress) -> int:
    query = {"key_id": {"$ne": vault.active_key_id}}
    total, done = await db[FILERS].count_documents(query), 0
    async for doc in db[FILERS].find(query):
        fresh = vault.seal(vault.open(doc, grievance_id=doc["_id"]), grievance_id=doc["_id"])
        done += (
            await db[FILERS].update_one({"_id": doc["_id"], "key_id": doc["key_id"]}, {"$set": fresh})
        ).modified_count
        if done % 100 == 0:
            progress.show("filers", done, total)
    progress.show("filers", done, total)
    return done


async def _summary_of(db: mongo.Database, vault: IdentityVault, doc: dict[str, Any]) -> dict[str, Any]:
    """The new sealed text (and, for a case stored in clear, its redacted copy)."""
    sealed = doc.get("summary_sealed")
    ad = SUMMARY_AD.format(doc["_id"])
    if sealed is not None:
        return {"summary_sealed": vault.seal(vault.open(sealed, grievance_id=ad), grievance_id=ad)}
    filer = await db[FILERS].find_one({"_id": doc["_id"]})
    identity = vault.open(filer, grievance_id=doc["_id"]) if filer else {}
    text = str(doc.get("summary", ""))
    shown, _ = redact(text, identity, placeholder=placeholder_for(doc["kind"]))
    return {"summary_sealed": vault.seal({"summary": text}, grievance_id=ad), "summary": shown}


async def _summaries(db: mongo.Database, vault: IdentityVault, progress: Progress) -> int:
    stale = {"summary_sealed.key_id": {"$exists": True, "$ne": vault.active_key_id}}
    clear = {"summary_sealed": {"$exists": False}, "summary": {"$exists": True}}
    query = {"$or": [stale, clear]}
    total, done = await db[GRIEVANCES].count_documents(query), 0
    async for doc in db[GRIEVANCES].find(query):
        guard = {"_id": doc["_id"], "summary_sealed": doc.get("summary_sealed", {"$exists": False})}
        change = await _summary_of(db, vault, doc)
        done += (await db[GRIEVANCES].update_one(guard, {"$set": change})).modified_count
        if done % 100 == 0:
            progress.show("letters", done, total)
    progress.show("letters", done, total)
    return done


async def _attachment_names(db: mongo.Database, vault: IdentityVault, progress: Progress) -> int:
    query = {"sealed_meta.key_id": {"$exists": True, "$ne": vault.active_key_id}}
    total, done = await db[ATTACHMENTS].count_documents(query), 0
    async for doc in db[ATTACHMENTS].find(query):
        ad = f"{doc['grievance_id']}:{doc['_id']}"
        fresh = vault.seal(vault.open(doc["sealed_meta"], grievance_id=ad), grievance_id=ad)
        guard = {"_id": doc["_id"], "sealed_meta.key_id": doc["sealed_meta"]["key_id"]}
        done += (await db[ATTACHMENTS].update_one(guard, {"$set": {"sealed_meta": fresh}})).modified_count
    progress.show("attachment names", done, total)
    return done


async def _reseal_file(
    db: mongo.Database, bucket: mongo.GridFSBucket, vault: IdentityVault, record: dict[str, Any]
) -> bool:
    old_id = str(record.get("file_id", record["_id"]))
    stream = await bucket.open_download_stream(old_id)
    ciphertext: bytes = await stream.read()
    meta = dict(stream.metadata or {})
    if meta.get("key_id") == vault.active_key_id:
        return False
    ad = f"{record['grievance_id']}:{record['_id']}"
    plain = vault.open_bytes(
        str(meta["key_id"]), base64.b64decode(str(meta["nonce"])), ciphertext, associated=ad
    )
    key_id, nonce, sealed = vault.seal_bytes(plain, associated=ad)
    new_id = f"{record['_id']}.{uuid.uuid4().hex[:8]}"
    metadata = {"key_id": key_id, "nonce": base64.b64encode(nonce).decode(), "attachment_id": record["_id"]}
    await bucket.upload_from_stream_with_id(new_id, new_id, sealed, metadata=metadata)
    await db[ATTACHMENTS].update_one(
        {"_id": record["_id"], "file_id": record.get("file_id")}, {"$set": {"file_id": new_id}}
    )
    await bucket.delete(old_id)
    return True


async def _files(db: mongo.Database, vault: IdentityVault, progress: Progress) -> int:
    bucket = mongo.gridfs_bucket(db, name=SEALED_BUCKET)
    records = await db[ATTACHMENTS].find({"shows_identity": True}).to_list(None)
    done = 0
    for number, record in enumerate(records, start=1):
        done += await _reseal_file(db, bucket, vault, record)
        if number % 20 == 0:
            progress.show("identity files", done, len(records))
    progress.show("identity files", done, len(records))
    current = {
        str(r.get("file_id", r["_id"]))
        for r in await db[ATTACHMENTS].find({"shows_identity": True}).to_list(None)
    }
    async for orphan in db[f"{SEALED_BUCKET}.files"].find({"_id": {"$nin": sorted(current)}}, {"_id": 1}):
        await bucket.delete(orphan["_id"])
    return done


async def reseal(
    database: mongo.Database, vault: IdentityVault, *, out: TextIO = sys.stderr
) -> dict[str, int]:
    """Re-encrypt every sealed record of the grievance database with the vault's active key."""
    progress = Progress(out)
    return {
        "filers": await _filers(database, vault, progress),
        "letters": await _summaries(database, vault, progress),
        "attachment_names": await _attachment_names(database, vault, progress),
        "identity_files": await _files(database, vault, progress),
    }


class _OperatorSettings(GrievanceSettings):
    """The operator runs reseal against the local dev system unless THIDUA_ENV says otherwise."""

    env: Environment = "dev"


async def _main() -> int:
    settings = _OperatorSettings()
    client = mongo.connect(settings.mongodb_url)
    try:
        done = await reseal(client[settings.database_name], build_deps(settings).vault)
    finally:
        await mongo.close(client)
    print(f"re-sealed with key {settings.identity_active_key_id!r}: {done}")
    return 0


def main() -> int:
    """Entry point of `thidua grievance reseal`."""
    return asyncio.run(_main())
