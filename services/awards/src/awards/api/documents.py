"""Routes: evidence documents, hashed on arrival so a dossier item can be checked against its content."""

from __future__ import annotations

import hashlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, UploadFile
from thidua.contracts.base import new_id
from thidua.http.problems import Problem
from thidua.uow import UnitOfWorkFactory

from awards.api.deps import Association, ensure_own_association, uows
from awards.repository import DOCUMENTS
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["documents"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
MAX_BYTES = 8 * 1024 * 1024


class TooLarge(Problem):
    """413: the document is larger than the service stores."""

    status, title, slug = 413, "Payload Too Large", "payload-too-large"


@router.post("/documents", status_code=201)
async def upload_document(
    principal: Association,
    factory: Uows,
    file: Annotated[UploadFile, File()],
    association_id: Annotated[str, Form()],
) -> dict[str, Any]:
    """Store an evidence file for the caller's association; the answer carries its SHA-256."""
    ensure_own_association(principal, association_id)
    content = await file.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise TooLarge(f"Documents are limited to {MAX_BYTES} bytes.")
    doc = {
        "_id": new_id(),
        "association_id": association_id,
        "filename": file.filename or "document",
        "media_type": file.content_type or "application/octet-stream",
        "size_bytes": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    await factory.run(lambda uow: uow.repo.insert(DOCUMENTS, doc | {"content": content}))
    return {"document_id": doc["_id"], **{k: v for k, v in doc.items() if k != "_id"}}
