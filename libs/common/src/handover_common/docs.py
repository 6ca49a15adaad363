"""The service's documentation without internet (issue 14): hospital networks are closed.

* ``/docs`` (Swagger UI) and ``/redoc`` load their scripts and styles from the service itself
  (``/docs-assets/…``), the packaged copy of the ``fastapi-offline`` package (MIT; Swagger UI
  is Apache-2.0, ReDoc MIT), never from a CDN; no Google fonts, no online validator badge.
* ``/asyncapi.json`` is the AsyncAPI 3.0 document of the events every service exchanges
  (``handover_contracts.asyncapi``, the same as the committed ``libs/contracts/asyncapi.json``),
  next to ``/openapi.json``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from handover_contracts.asyncapi import build_asyncapi

ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS_URL = "/docs-assets"
ASYNCAPI_URL = "/asyncapi.json"
DESCRIPTION = (
    "The events the services exchange over Kafka (topics, keys, headers, payloads, who "
    f"publishes and who consumes) are in the [AsyncAPI 3.0 document]({ASYNCAPI_URL[1:]})."
)


def install_docs(app: FastAPI) -> None:
    """Swagger UI at /docs and ReDoc at /redoc from the packaged assets; the app must be made
    with ``docs_url=None, redoc_url=None`` (FastAPI's own pages load from a CDN)."""
    assert app.docs_url is None and app.redoc_url is None, "FastAPI's CDN pages are on"
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"
    parameters: dict[str, Any] = {**(app.swagger_ui_parameters or {}), "validatorUrl": None}

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{oauth2_redirect}",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters=parameters,
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )


@cache
def _asyncapi() -> bytes:
    return json.dumps(build_asyncapi(), ensure_ascii=False).encode()


def asyncapi_router() -> APIRouter:
    router = APIRouter(tags=["documentation"])

    @router.get(
        ASYNCAPI_URL,
        summary="The events: AsyncAPI 3.0",
        responses={200: {"description": "The AsyncAPI 3.0 document of every service's events"}},
    )
    async def asyncapi() -> Response:
        """Topics, messages (the envelope with each event's payload), the Kafka key and
        headers, and which service publishes and which consumes each topic."""
        return Response(_asyncapi(), media_type="application/json")

    return router
