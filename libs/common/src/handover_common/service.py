"""One call that turns a service's parts into a running FastAPI app."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request

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
    background: Sequence[BackgroundTask] = (),
) -> FastAPI:
    configure_logging(settings.service_name, settings.log_level)
    url = settings.resolved_database_url()
    upgrade(url, migrations)
    runtime = Runtime(settings, make_engine(url), handlers, topics, background)
    return create_app(runtime, routers, f"Handover {settings.service_name}")


def unit_of_work(request: Request) -> UnitOfWork:
    runtime: Runtime = request.app.state.runtime
    return UnitOfWork(runtime.engine, runtime.name)


UoW = Annotated[UnitOfWork, Depends(unit_of_work)]
