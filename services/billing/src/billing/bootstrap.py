"""Wires billing: settings, migrations, handler table, topics, routes and the price-book seed."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from handover_common.runtime import Runtime
from handover_common.service import build_service
from handover_contracts import Topics

from billing.adapters.price_book import seed_price_book
from billing.entrypoints.access import ACCESS
from billing.entrypoints.api import ROUTERS
from billing.service_layer.handlers import EVENT_HANDLERS
from billing.service_layer.reference import reference
from billing.settings import BillingSettings


def bootstrap(settings: BillingSettings | None = None) -> FastAPI:
    app = build_service(
        settings or BillingSettings(),
        migrations=Path(__file__).parent / "migrations",
        handlers=EVENT_HANDLERS,
        topics=[Topics.RESPONSIBILITY, Topics.WORK, Topics.PATIENT],
        routers=ROUTERS,
        access=ACCESS,
    )
    runtime: Runtime = app.state.runtime
    seed_price_book(runtime.engine, reference().price_book)  # once per database
    return app
