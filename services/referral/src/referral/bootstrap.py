"""Wires referral: settings, migrations, handler table, topics and routes."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from handover_common.service import build_service
from handover_contracts import Topics

from referral.entrypoints import deadlines
from referral.entrypoints.access import ACCESS
from referral.entrypoints.care_requests import changes
from referral.entrypoints.care_requests.answers import router as answers
from referral.entrypoints.follow_up import homecare, medication, sip
from referral.entrypoints.intake import bulk
from referral.entrypoints.intake.routes import router
from referral.entrypoints.stays import routes as stays
from referral.service_layer.handlers import EVENT_HANDLERS
from referral.settings import ReferralSettings

FOLLOW_UP = [homecare.router, medication.router, sip.router]  # issue 9: after the handover


def bootstrap(settings: ReferralSettings | None = None) -> FastAPI:
    return build_service(
        settings or ReferralSettings(),
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
    )
