"""The FastAPI shell every service shares: lifespan, /health, /ready, /metrics, correlation,
and documentation that works offline (/docs, /redoc, /asyncapi.json: docs.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field

from handover_common import tracing
from handover_common.access.audit_api import router as audit_router
from handover_common.access.guard import Guard, authorise
from handover_common.access.rules import check_complete
from handover_common.docs import DESCRIPTION, asyncapi_router, install_docs
from handover_common.errors import install_error_handlers
from handover_common.middleware import Correlate, LimitBodies
from handover_common.openapi import install_openapi
from handover_common.runtime import Runtime


def create_app(runtime: Runtime, routers: Sequence[APIRouter], title: str, guard: Guard) -> FastAPI:
    """The service's app; it refuses to start if any route lacks an access rule."""
    settings = runtime.settings
    tracing.configure(runtime.name, settings.otel_exporter, settings.otel_endpoint)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()
            tracing.flush(runtime.name)

    app = FastAPI(
        title=title,
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # FastAPI's pages load Swagger UI and ReDoc from a CDN: install_docs
        redoc_url=None,
    )
    app.state.runtime = runtime
    app.state.guard = guard
    install_error_handlers(app)
    install_docs(app)
    app.include_router(_operations_router(runtime))
    app.include_router(asyncapi_router())
    for router in [*routers, audit_router]:
        app.include_router(router, dependencies=[Depends(authorise)])
    install_openapi(app, guard.table)
    check_complete(app, guard.table)
    app.add_middleware(Correlate, service=runtime.name)
    limits = runtime.settings
    app.add_middleware(  # the outer one
        LimitBodies, limit=limits.max_body_bytes, batch_limit=limits.max_batch_body_bytes
    )
    return app


class Readiness(BaseModel):
    ready: bool
    checks: dict[str, bool] = Field(description="each dependency: does it answer")


def _operations_router(runtime: Runtime) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        """Liveness: the process answers (nothing else is checked)."""
        return {"status": "ok", "service": runtime.name}

    @router.get(
        "/ready",
        response_model=Readiness,
        responses={503: {"model": Readiness, "description": "a dependency does not answer"}},
    )
    async def ready() -> JSONResponse:
        """Readiness: 200 when the database and the broker answer, else 503 naming the check
        that failed (``{"ready": false, "checks": {...}}``)."""
        checks = await runtime.readiness()
        status = 200 if all(checks.values()) else 503
        return JSONResponse({"ready": status == 200, "checks": checks}, status_code=status)

    @router.get("/metrics", response_class=PlainTextResponse)
    async def metrics() -> Response:
        """Prometheus metrics, in the text exposition format."""
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
