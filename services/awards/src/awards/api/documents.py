"""Routes: evidence documents, hashed on arrival so a dossier item can be checked against its content."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from thidua.http.files import TOO_LARGE_RESPONSE, read_upload

from awards import documents
from awards.api.deps import Association, Run, Settings, actor_of, view
from awards.api.problems import ERRORS

router = APIRouter(tags=["documents"])


@router.post("/documents", status_code=201, responses=TOO_LARGE_RESPONSE)
async def upload_document(
    principal: Association,
    run: Run,
    cfg: Settings,
    file: Annotated[UploadFile, File()],
    association_id: Annotated[str, Form()],
) -> dict[str, Any]:
    """Store an evidence file for the caller's association; the answer carries its SHA-256."""
    actor = actor_of(principal)
    with ERRORS.answering():  # refused before the file is read
        actor.ensure_may_act_for(association_id)
    content = await read_upload(file, limit=cfg.document_max_bytes)
    stored = await run(
        lambda uow: documents.store_document(
            uow,
            association_id=association_id,
            filename=file.filename,
            media_type=file.content_type,
            content=content,
            actor=actor,
        )
    )
    answer = view(stored)
    return {"document_id": answer.pop("id"), **answer}
