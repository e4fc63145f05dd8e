"""Use case of evidence documents: stored with the SHA-256 of their content, computed on arrival."""

from __future__ import annotations

import hashlib

from thidua.contracts.base import new_id

from awards.domain import Actor
from awards.nomination import EvidenceDocument
from awards.uow import AwardsUnitOfWork


async def store_document(
    uow: AwardsUnitOfWork,
    *,
    association_id: str,
    filename: str | None,
    media_type: str | None,
    content: bytes,
    actor: Actor,
) -> EvidenceDocument:
    """Store an evidence file for the actor's association; a dossier item may then name it by id."""
    actor.ensure_may_act_for(association_id)
    document = EvidenceDocument(
        id=new_id(),
        association_id=association_id,
        filename=filename or "document",
        media_type=media_type or "application/octet-stream",
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    await uow.documents.add_with_content(document, content)
    return document
