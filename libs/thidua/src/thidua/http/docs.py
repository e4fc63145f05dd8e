"""API documentation without a CDN: Swagger UI and ReDoc served from the installed `fastapi-offline` assets.

A provincial network may be offline; FastAPI's default `/docs` loads its scripts from a CDN and is blank
there. These routes serve the same pages with the scripts from this process. In production they, with
`/openapi.json` and `/metrics`, can move to an internal port (`THIDUA_INTERNAL_PORT`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import Mount

ASSETS = Path(fastapi_offline.__file__).parent / "static"
ASSETS_PATH = "/docs-assets"
DOCS_PATHS = ("/docs", "/redoc", ASSETS_PATH)


def docs_router(*, title: str, openapi: Callable[[], dict[str, Any]]) -> APIRouter:
    """`/openapi.json`, `/docs` (Swagger UI), `/redoc` and their assets, all from this process."""
    router = APIRouter(include_in_schema=False)

    @router.get("/openapi.json")
    async def openapi_json() -> JSONResponse:
        return JSONResponse(openapi())

    @router.get("/docs")
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title} — tài liệu API",
            swagger_js_url=f"{ASSETS_PATH}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS_PATH}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS_PATH}/favicon.png",
        )

    @router.get("/redoc")
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{title} — tài liệu API",
            redoc_js_url=f"{ASSETS_PATH}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS_PATH}/favicon.png",
            with_google_fonts=False,
        )

    router.routes.append(Mount(ASSETS_PATH, app=StaticFiles(directory=ASSETS), name="docs-assets"))
    return router
