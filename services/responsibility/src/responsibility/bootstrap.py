"""Wires responsibility: settings, migrations, handler table, topics and routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from handover_common.service import build_service
from handover_contracts import Topics

from responsibility.entrypoints.api import router
from responsibility.service_layer.handlers import EVENT_HANDLERS
from responsibility.settings import ResponsibilitySettings


def bootstrap(settings: ResponsibilitySettings | None = None) -> FastAPI:
    return build_service(
        settings or ResponsibilitySettings(),
        migrations=Path(__file__).parent / "migrations",
        handlers=EVENT_HANDLERS,
        topics=[Topics.PATIENT],
        routers=[router],
    )
