"""Security headers on every response of every API."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thidua.http.docs import DOCS_PATHS

API_POLICY = "default-src 'none'; frame-ancestors 'none'"
# Swagger UI and ReDoc: scripts and styles from this process only (their pages carry one inline script).
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; frame-ancestors 'none'"
)
_COMMON: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)
HSTS = (b"strict-transport-security", b"max-age=31536000; includeSubDomains")


class SecurityHeadersMiddleware:
    """Adds the headers a route did not set itself; `no-store` for answers to authenticated requests."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        policy = DOCS_POLICY if path.startswith(DOCS_PATHS) else API_POLICY
        authenticated = any(key == b"authorization" for key, _ in scope.get("headers", ()))

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {key.lower() for key, _ in headers}
                wanted = [*_COMMON, (b"content-security-policy", policy.encode())]
                if self.hsts:
                    wanted.append(HSTS)
                if authenticated:
                    wanted.append((b"cache-control", b"no-store"))
                headers += [(key, value) for key, value in wanted if key not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
