"""Wires responsibility: the agreement catalogue, handler table, re-evaluation and routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from handover_common.service import build_service
from handover_contracts import Topics

from responsibility.domain import load_catalogue
from responsibility.entrypoints import agreements, api, assessments, disputes
from responsibility.entrypoints.access import ACCESS
from responsibility.service_layer.handlers import event_handlers
from responsibility.service_layer.reevaluation import reevaluation_task
from responsibility.settings import ResponsibilitySettings


def bootstrap(settings: ResponsibilitySettings | None = None) -> FastAPI:
    settings = settings or ResponsibilitySettings()
    catalogue = load_catalogue()  # validated at start-up: a broken agreement file stops us
    app = build_service(
        settings,
        migrations=Path(__file__).parent / "migrations",
        handlers=event_handlers(catalogue),
        topics=[Topics.PATIENT],
        routers=[api.router, agreements.router, assessments.router, disputes.router],
        access=ACCESS,
        background=[reevaluation_task(catalogue, settings.reevaluation_interval_seconds)],
    )
    app.state.catalogue = catalogue
    return app
