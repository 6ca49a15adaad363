"""One call that turns a service's parts into a running FastAPI app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request

from handover_common.access.audit_api import COMMON_ACCESS
from handover_common.access.guard import Guard
from handover_common.access.rules import AccessTable, merged
from handover_common.access.tokens import TokenVerifier
from handover_common.app import create_app
from handover_common.db import make_engine
from handover_common.inbox import HandlerTable
from handover_common.logs import configure_logging
from handover_common.migrate import upgrade
from handover_common.runtime import BackgroundTask, Runtime
from handover_common.settings import ServiceSettings
from handover_common.unit_of_work import UnitOfWork


def build_service(
    settings: ServiceSettings,
    *,
    migrations: Path,
    handlers: HandlerTable,
    topics: Sequence[str],
    routers: Sequence[APIRouter],
    access: AccessTable,
    background: Sequence[BackgroundTask] = (),
) -> FastAPI:
    settings.refuse_unsafe()
    configure_logging(settings.service_name, settings.log_level)
    url = settings.resolved_database_url()
    if settings.migrate_on_start:
        upgrade(url, migrations)
    engine = make_engine(url, pre_ping=settings.database_pre_ping)
    runtime = Runtime(settings, engine, handlers, topics, background)
    guard = Guard(verifier(settings), merged(COMMON_ACCESS, access))
    return create_app(runtime, routers, f"Handover {settings.service_name}", guard)


def verifier(settings: ServiceSettings) -> TokenVerifier:
    jwks_url, issuer = settings.token_source()
    return TokenVerifier(jwks_url, issuer, settings.auth_audience, settings.auth_algorithms)


async def unit_of_work(request: Request) -> UnitOfWork:
    runtime: Runtime = request.app.state.runtime
    return UnitOfWork(runtime.engine, runtime.name)


UoW = Annotated[UnitOfWork, Depends(unit_of_work)]
