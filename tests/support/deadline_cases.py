"""Stays with deadlines, a clock the tests move and the deadline events referral published:
for the deadline watch's tests (issue 12 section 2, issue 11)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from referral.bootstrap import bootstrap
from referral.settings import ReferralSettings
from sqlalchemy import Engine

from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23
from tests.support.outbox import published
from tests.support.people import synthetic_personnummer

ADMITTED = datetime(2026, 11, 12, 7, 30, tzinfo=UTC)
READY_SENT = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)  # Wednesday 10:30 in Sweden
PAY_DUE = datetime(2026, 11, 20, 23, 0, tzinfo=UTC)  # day 0 + 2 free days (LAW-PAY)
SIP_DUE = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)  # LAW-SIP3: the end of Saturday


class MovableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def ready_stay(client: TestClient, index: int) -> tuple[str, str]:
    """Admitted (notice in time) and ready for discharge with a SIP needed: (stay, patient)."""
    stay = f"VT-{uuid.uuid4().hex[:8]}"
    admission = {
        "stay_id": stay,
        "patient": {
            "personnummer": synthetic_personnummer(index),
            "registered_municipality_code": "2380",
        },
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": iso(ADMITTED),
        "notice_sent_at": iso(ADMITTED + timedelta(hours=5)),
    }
    assert client.post("/v1/admissions", json=admission).status_code == 202
    readiness = {
        "ready_at": iso(READY_SENT - timedelta(hours=1)),
        "notice_sent_at": iso(READY_SENT),
        "sip_needed": True,
    }
    assert client.post(f"/v1/stays/{stay}/ready", json=readiness).status_code == 202
    case = client.get(f"/v1/stays/{stay}/deadlines")
    assert case.status_code == 200, case.text
    return stay, case.json()["patient_ref"]


def call_sip(client: TestClient, stay: str, called: datetime) -> None:
    body = {
        "stay_id": stay,
        "called_at": iso(called),
        "meeting_at": iso(called + timedelta(days=1)),
        "invited": ["municipality:2380", "region:23"],
    }
    response = client.post("/v1/sip-meetings", json=body, headers=HEALTH_CENTRE_23)
    assert response.status_code == 201, response.text


def events(engine: Engine, patient: str, event_type: str, rule: str) -> list[dict[str, Any]]:
    return [p for p in published(engine, patient, event_type) if p["rule_id"] == rule]


@contextmanager
def referral_swept_by_hand(database_url: str, bootstrap_servers: str) -> Iterator[TestClient]:
    """Referral whose own watch sleeps an hour between sweeps: the tests sweep themselves."""
    settings = ReferralSettings(
        database_url=database_url,
        kafka_bootstrap_servers=bootstrap_servers,
        deadline_watch_seconds=3600,
    )
    with TestClient(bootstrap(settings), headers=HOSPITAL_23) as running:
        yield running


@contextmanager
def moved_clock(client: TestClient) -> Iterator[MovableClock]:
    """The app's clock, at READY_SENT until a test moves it."""
    moving = MovableClock(READY_SENT)
    client.app.state.clock = moving  # type: ignore[attr-defined]
    yield moving
    del client.app.state.clock  # type: ignore[attr-defined]
