"""Wires referral: settings, migrations, handler table, topics, routes and the deadline
watch."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from fastapi import FastAPI
from handover_common.service import build_service
from handover_contracts import Topics

from referral.entrypoints import deadlines
from referral.entrypoints.access import ACCESS
from referral.entrypoints.care_requests import changes
from referral.entrypoints.care_requests.answers import router as answers
from referral.entrypoints.deadline_watch import AppClock, deadline_watch_task
from referral.entrypoints.follow_up import homecare, medication, sip
from referral.entrypoints.intake import bulk
from referral.entrypoints.intake.routes import router
from referral.entrypoints.intake.writer import IntakeWriter
from referral.entrypoints.stays import routes as stays
from referral.service_layer.handlers import EVENT_HANDLERS
from referral.settings import ReferralSettings

FOLLOW_UP = [homecare.router, medication.router, sip.router]  # issue 9: after the handover


def bootstrap(settings: ReferralSettings | None = None) -> FastAPI:
    settings = settings or ReferralSettings()
    clock = AppClock()  # the deadline watch judges at the app's clock, as the routes do
    watch = deadline_watch_task(
        settings.deadline_watch_seconds,
        timedelta(days=settings.deadline_watch_lookback_days),
        timedelta(seconds=settings.deadline_watch_full_seconds),
        clock,
    )
    clock.app = build_service(
        settings,
        migrations=Path(__file__).parent / "migrations",
        handlers=EVENT_HANDLERS,
        topics=[Topics.RESPONSIBILITY],
        routers=[
            router,
            bulk.router,
            answers,
            stays.router,
            changes.router,
            deadlines.router,
            *FOLLOW_UP,
        ],
        access=ACCESS,
        background=[watch],
    )
    clock.app.state.intake_writer = IntakeWriter(clock.app.state.runtime, settings.intake_group_max)
    return clock.app
