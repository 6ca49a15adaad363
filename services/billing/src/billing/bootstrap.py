"""Wires billing: settings, migrations, handler table, topics and routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from handover_common.service import build_service
from handover_contracts import Topics

from billing.entrypoints.api import router
from billing.service_layer.handlers import EVENT_HANDLERS
from billing.settings import BillingSettings


def bootstrap(settings: BillingSettings | None = None) -> FastAPI:
    return build_service(
        settings or BillingSettings(),
        migrations=Path(__file__).parent / "migrations",
        handlers=EVENT_HANDLERS,
        topics=[Topics.RESPONSIBILITY],
        routers=[router],
    )
