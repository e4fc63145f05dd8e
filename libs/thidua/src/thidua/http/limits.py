"""Request-body limits: refuse a body that is too large before reading it, or as soon as it grows too large.

A declared `Content-Length` over the limit is answered 413 at once, before authentication and before a
single body byte is read. A body without a length (chunked) is counted as it streams and cut off at the
limit. Multipart uploads have their own, larger ceiling; each upload route then applies its own limit.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thidua.http.problems import BadRequest, Problem, problem_response
from thidua.logging import get_logger

log = get_logger(__name__)


class PayloadTooLarge(Problem):
    """413: the request body is larger than this endpoint accepts."""

    status, title, slug = 413, "Payload Too Large", "payload-too-large"


def too_large(limit: int) -> PayloadTooLarge:
    """The problem for a body over `limit` bytes (Vietnamese detail, the limit as a member)."""
    return PayloadTooLarge(
        f"Nội dung gửi lên vượt quá giới hạn {limit:,} byte.".replace(",", "."), max_bytes=limit
    )


class _Exceeded(Exception):
    """Raised from `receive` once the streamed body passes the limit."""


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


class BodyLimitMiddleware:
    """Pure ASGI middleware enforcing `max_body_bytes` (JSON and forms) and `max_upload_bytes` (multipart)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, scope: Scope) -> int:
        """The ceiling for this request, chosen by its content type."""
        content_type = (_header(scope, b"content-type") or b"").lower()
        return self.max_upload_bytes if content_type.startswith(b"multipart/") else self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                bad = BadRequest("Tiêu đề Content-Length không hợp lệ.", slug="bad-content-length")
                await problem_response(bad, instance=scope["path"])(scope, receive, send)
                return
            if int(declared) > limit:
                log.info("http.body_refused", declared=int(declared), limit=limit, path=scope["path"])
                await problem_response(too_large(limit), instance=scope["path"])(scope, receive, send)
                return
        await self._counted(scope, receive, send, limit=limit)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, *, limit: int) -> None:
        seen = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    exceeded = True
                    raise _Exceeded
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # whatever the app makes of the cut-off body, the answer is 413
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            log.info("http.body_refused", streamed=seen, limit=limit, path=scope["path"])
            await problem_response(too_large(limit), instance=scope["path"])(scope, receive, send)
