"""Wires notification: it listens to every topic."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from handover_common.service import build_service
from handover_contracts import ALL_TOPICS

from notification.entrypoints import alarms, dashboard, delivery, followup
from notification.entrypoints.access import ACCESS
from notification.entrypoints.api import router
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings

CAPABILITIES = (alarms, dashboard, delivery, followup)


def bootstrap(settings: NotificationSettings | None = None) -> FastAPI:
    return build_service(
        settings or NotificationSettings(),
        migrations=Path(__file__).parent / "migrations",
        handlers=EVENT_HANDLERS,
        topics=ALL_TOPICS,
        routers=[router, *(c.router for c in CAPABILITIES)],
        access=ACCESS,
        background=[task for c in CAPABILITIES for task in c.BACKGROUND],
    )
