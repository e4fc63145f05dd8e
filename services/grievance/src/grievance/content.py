"""The letter's content and attachments: the redacted verifier copy, evidence in clear, identity sealed.

An attachment that shows the filer is encrypted with the identity vault (the case id and attachment id as
associated data) into the `sealed` GridFS bucket; its file name, media type, size and hash are sealed on its
record too. Other evidence goes in clear to the `evidence` bucket with its SHA-256 recorded.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from thidua import mongo

from grievance import messages as msg
from grievance.deps import Deps, append_audit, hash_secret, load, open_identity
from grievance.errors import (
    AttachmentNotFound,
    GrievanceNotFound,
    NotAllowed,
    TooManyAttachments,
    TrackingNotFound,
)
from grievance.intake import SUMMARY_AD
from grievance.redaction import placeholder_for, redact
from grievance.uow import EVIDENCE_BUCKET, GRIEVANCES, SEALED_BUCKET, GrievanceUnitOfWork


@dataclass(frozen=True)
class Upload:
    """A received file, already read within the size limit."""

    filename: str
    media_type: str
    content: bytes
    shows_identity: bool


async def uploader_of(
    uow: GrievanceUnitOfWork, *, grievance_id: str, officer: str | None, secret: str | None
) -> str:
    """Who may attach: a grievance officer, or the filer holding the tracking secret while at intake."""
    if officer is not None:
        return officer
    doc = await uow.grievances.document(grievance_id)
    if doc is None or not hmac.compare_digest(doc.get("secret_hash", ""), hash_secret(secret or "")):
        raise TrackingNotFound(msg.NO_UPLOAD_TARGET)
    if doc.get("status") != "received":
        raise NotAllowed(msg.UPLOAD_AFTER_INTAKE)
    return "filer"


def evidence_view(record: dict[str, Any]) -> dict[str, Any]:
    """An attachment as officers and verifiers see it; a sealed one shows only that it is sealed."""
    if record["shows_identity"]:
        return {"id": record["_id"], "sealed": True, "uploaded_at": record["uploaded_at"]}
    keys = ("filename", "media_type", "size_bytes", "sha256", "uploaded_at")
    return {"id": record["_id"], "sealed": False} | {k: record[k] for k in keys}


async def page_attachments(
    uow: GrievanceUnitOfWork, *, grievance_id: str, offset: int = 0, limit: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """A page of the case's attachments, oldest first, and how many there are (`limit` 0: all of them);
    GrievanceNotFound for an unknown case."""
    if await uow.grievances.document(grievance_id) is None:
        raise GrievanceNotFound(grievance_id)
    query = {"grievance_id": grievance_id}
    total = await uow.attachments.count_documents(query, session=uow.session)
    cursor = uow.attachments.find(query, session=uow.session).sort([("uploaded_at", 1), ("_id", 1)])
    cursor = cursor.skip(offset).limit(limit)
    return [evidence_view(r) async for r in cursor], total


async def list_attachments(uow: GrievanceUnitOfWork, *, grievance_id: str) -> list[dict[str, Any]]:
    """Every attachment of the case, oldest first (GrievanceNotFound for an unknown case)."""
    items, _ = await page_attachments(uow, grievance_id=grievance_id)
    return items


async def verifier_copy(
    uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> dict[str, Any]:
    """The letter with the filer masked and the attachments that do not show them; every read is audited."""
    doc = await uow.grievances.document(grievance_id)
    if doc is None:
        raise GrievanceNotFound(grievance_id)
    placeholder = placeholder_for(doc["kind"])
    identity = await open_identity(uow, grievance_id=grievance_id, deps=deps)
    content, masked = redact(raw_summary(doc, deps), identity, placeholder=placeholder)
    del identity
    attachments = [a for a in await list_attachments(uow, grievance_id=grievance_id) if not a["sealed"]]
    details = {"masked": masked, "attachments": [a["id"] for a in attachments]}
    await append_audit(
        uow, grievance_id=grievance_id, action="verifier_copy_read", actor=actor, details=details
    )
    return {
        "grievance_id": grievance_id,
        "tracking_code": doc["tracking_code"],
        "kind": doc["kind"],
        "placeholder": placeholder,
        "content": content,
        "attachments": attachments,
    }


def raw_summary(doc: dict[str, Any], deps: Deps) -> str:
    """The letter's text in clear (sealed at rest; a case stored before sealing keeps its clear text)."""
    sealed = doc.get("summary_sealed")
    if sealed is None:
        return str(doc.get("summary", ""))
    return str(deps.vault.open(sealed, grievance_id=SUMMARY_AD.format(doc["_id"]))["summary"])


async def read_summary(
    uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> dict[str, Any]:
    """The letter's text as the filer wrote it: grievance officers only; every read is audited."""
    doc = await uow.grievances.document(grievance_id)
    if doc is None:
        raise GrievanceNotFound(grievance_id)
    await append_audit(uow, grievance_id=grievance_id, action="summary_read", actor=actor, details={})
    return {"grievance_id": grievance_id, "summary": raw_summary(doc, deps)}


async def read_filer(
    uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> dict[str, Any]:
    """Open the sealed filer identity; every read is audited."""
    await load(uow, grievance_id)
    await append_audit(uow, grievance_id=grievance_id, action="filer_read", actor=actor, details={})
    return await open_identity(uow, grievance_id=grievance_id, deps=deps)


async def store(
    bucket: mongo.GridFSBucket, upload: Upload, *, grievance_id: str, deps: Deps
) -> dict[str, Any]:
    """Write the file to its bucket (sealed or in clear) and return the record to insert."""
    aid = uuid.uuid4().hex
    sha256 = hashlib.sha256(upload.content).hexdigest()
    record: dict[str, Any] = {
        "_id": aid,
        "grievance_id": grievance_id,
        "shows_identity": upload.shows_identity,
        "uploaded_at": datetime.now(UTC).isoformat(),
    }
    if not upload.shows_identity:
        await bucket.upload_from_stream_with_id(aid, aid, upload.content, metadata={"sha256": sha256})
        meta = {
            "filename": upload.filename,
            "media_type": upload.media_type,
            "size_bytes": len(upload.content),
        }
        return record | meta | {"sha256": sha256}
    key_id, nonce, ciphertext = deps.vault.seal_bytes(upload.content, associated=f"{grievance_id}:{aid}")
    metadata = {"key_id": key_id, "nonce": base64.b64encode(nonce).decode()}
    await bucket.upload_from_stream_with_id(aid, aid, ciphertext, metadata=metadata)
    secret = {"filename": upload.filename, "media_type": upload.media_type, "sha256": sha256}
    return record | {"sealed_meta": deps.vault.seal(secret, grievance_id=f"{grievance_id}:{aid}")}


async def record_attachment(
    uow: GrievanceUnitOfWork, record: dict[str, Any], *, actor: str, max_per_case: int
) -> dict[str, Any]:
    """Insert the attachment's record and audit it (no file name: it may name the filer)."""
    gid = record["grievance_id"]
    case = await uow.grievances.document(gid)
    if case is None:
        raise GrievanceNotFound(gid)
    if int(case.get("attachment_count", 0)) >= max_per_case:
        raise TooManyAttachments(max_per_case=max_per_case)
    # counted on the case itself, so two uploads racing for the last place conflict and one retries
    await uow.database[GRIEVANCES].update_one(
        {"_id": gid}, {"$inc": {"attachment_count": 1}}, session=uow.session
    )
    await uow.attachments.insert_one(record, session=uow.session)
    details: dict[str, Any] = {"attachment_id": record["_id"], "shows_identity": record["shows_identity"]}
    if not record["shows_identity"]:
        details["sha256"] = record["sha256"]
    await append_audit(uow, grievance_id=gid, action="attachment_added", actor=actor, details=details)
    return evidence_view(record)


async def find_record(uow: GrievanceUnitOfWork, *, grievance_id: str, attachment_id: str) -> dict[str, Any]:
    """The attachment's record on this case, or AttachmentNotFound."""
    query = {"_id": attachment_id, "grievance_id": grievance_id}
    record: dict[str, Any] | None = await uow.attachments.find_one(query, session=uow.session)
    if record is None:
        raise AttachmentNotFound(attachment_id)
    return record


async def read_file(bucket: mongo.GridFSBucket, attachment_id: str) -> tuple[bytes, dict[str, Any]]:
    """The stored bytes and GridFS metadata; AttachmentNotFound when the file is missing."""
    try:
        stream = await bucket.open_download_stream(attachment_id)
    except mongo.NoFile as exc:
        raise AttachmentNotFound(attachment_id, text=msg.ATTACHMENT_FILE_MISSING) from exc
    content: bytes = await stream.read()
    return content, dict(stream.metadata or {})


async def read_evidence(
    uow: GrievanceUnitOfWork, bucket: mongo.GridFSBucket, *, grievance_id: str, attachment_id: str
) -> tuple[dict[str, Any], bytes]:
    """An attachment that does not show the filer: its record and bytes (NotAllowed for a sealed one)."""
    record = await find_record(uow, grievance_id=grievance_id, attachment_id=attachment_id)
    if record["shows_identity"]:
        text = msg.SEALED_ATTACHMENT.format(grievance_id=grievance_id, attachment_id=attachment_id)
        raise NotAllowed(text, slug="sealed-attachment")
    body, _meta = await read_file(bucket, attachment_id)
    return record, body


async def read_sealed(
    uow: GrievanceUnitOfWork,
    bucket: mongo.GridFSBucket,
    *,
    grievance_id: str,
    attachment_id: str,
    deps: Deps,
    actor: str,
) -> tuple[dict[str, Any], bytes]:
    """An identity attachment decrypted (its sealed metadata and bytes); the read is audited."""
    record = await find_record(uow, grievance_id=grievance_id, attachment_id=attachment_id)
    if not record["shows_identity"]:
        raise AttachmentNotFound(attachment_id)
    associated = f"{grievance_id}:{attachment_id}"
    ciphertext, metadata = await read_file(bucket, str(record.get("file_id", attachment_id)))
    nonce = base64.b64decode(str(metadata.get("nonce", "")))
    content = deps.vault.open_bytes(str(metadata.get("key_id", "")), nonce, ciphertext, associated=associated)
    meta = deps.vault.open(record["sealed_meta"], grievance_id=associated)
    details = {"attachment_id": attachment_id}
    await append_audit(
        uow, grievance_id=grievance_id, action="sealed_attachment_read", actor=actor, details=details
    )
    return meta, content


def buckets(database: mongo.Database) -> tuple[mongo.GridFSBucket, mongo.GridFSBucket]:
    """(evidence in clear, sealed identity files)."""
    return mongo.gridfs_bucket(database, name=EVIDENCE_BUCKET), mongo.gridfs_bucket(
        database, name=SEALED_BUCKET
    )
