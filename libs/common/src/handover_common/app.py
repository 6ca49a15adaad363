"""The FastAPI shell every service shares: lifespan, /health, /ready, /metrics, correlation."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from handover_common.access.audit_api import router as audit_router
from handover_common.access.guard import Guard, authorise, route_template
from handover_common.access.rules import check_complete
from handover_common.context import correlation_id
from handover_common.errors import ERROR_RESPONSES, install_error_handlers
from handover_common.metrics import HTTP_LATENCY, HTTP_REQUESTS
from handover_common.runtime import Runtime

CORRELATION_HEADER = "X-Correlation-ID"


def create_app(runtime: Runtime, routers: Sequence[APIRouter], title: str, guard: Guard) -> FastAPI:
    """The service's app; it refuses to start if any route lacks an access rule."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(title=title, version="1.0.0", lifespan=lifespan)
    app.state.runtime = runtime
    app.state.guard = guard
    install_error_handlers(app)
    app.include_router(_operations_router(runtime))
    for router in [*routers, audit_router]:
        app.include_router(router, dependencies=[Depends(authorise)], responses=ERROR_RESPONSES)
    check_complete(app, guard.table)
    _install_middleware(app, runtime.name)
    _limit_bodies(app, runtime.settings.max_body_bytes)
    return app


def _operations_router(runtime: Runtime) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok", "service": runtime.name}

    @router.get("/ready")
    async def ready() -> JSONResponse:
        checks = await runtime.readiness()
        status = 200 if all(checks.values()) else 503
        return JSONResponse({"ready": status == 200, "checks": checks}, status_code=status)

    @router.get("/metrics")
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router


def _limit_bodies(app: FastAPI, limit: int) -> None:
    @app.middleware("http")
    async def refuse_large_bodies(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        declared = request.headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > limit:
            body = {
                "detail": "request rejected",
                "errors": [
                    {
                        "field": "body",
                        "rule": "BODY-SIZE",
                        "message": f"a request body is at most {limit} bytes",
                    }
                ],
            }
            return JSONResponse(body, status_code=413)
        return await call_next(request)


def _install_middleware(app: FastAPI, service: str) -> None:
    @app.middleware("http")
    async def correlate(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        correlation = request.headers.get(CORRELATION_HEADER) or str(uuid.uuid4())
        correlation_id.set(correlation)
        started = time.perf_counter()
        response = await call_next(request)
        route = route_template(request)
        HTTP_REQUESTS.labels(service, request.method, route, response.status_code).inc()
        HTTP_LATENCY.labels(service, route).observe(time.perf_counter() - started)
        response.headers[CORRELATION_HEADER] = correlation
        return response
