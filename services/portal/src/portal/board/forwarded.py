"""Awards forwarded to the province with their dossiers (each document's SHA-256), and the board's webhook
subscriptions; read only."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.clients import awards
from portal.secretariat.common import Desk
from portal.web.deps import BoardReader

router = APIRouter(prefix="/board")


@router.get("")
async def board(request: Request, session: BoardReader) -> Response:
    """What the Union forwarded to the province, and where the board's webhooks point."""
    me = Desk(request, session)
    forwarded, hooks = await asyncio.gather(
        me.clients.desk.nominations(me.token, status="forwarded"), me.clients.notify.webhooks(me.token)
    )
    context = {
        "forwarded": forwarded,
        "hooks": hooks,
        "downloads": await me.portal.capabilities.offers(awards.GET_DOCUMENT),
    }
    return me.portal.pages.render(request, "board/board.html", context)


@router.get("/documents/{document_id}")
async def document(document_id: str, request: Request, session: BoardReader) -> Response:
    """A dossier document, once awards offers it (the page shows its hash to check it against)."""
    me = Desk(request, session)
    content = await me.clients.desk.document(me.token, document_id)
    return Response(content, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{document_id}"'})  # fmt: skip
