"""Stays with deadlines, a clock the tests move and the deadline events referral published:
for the deadline watch's tests (issue 12 section 2, issue 11)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.support.identity import HEALTH_CENTRE_23
from tests.support.outbox import published
from tests.support.people import admission_body

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


def admit(
    client: TestClient,
    index: int,
    notice_after: timedelta = timedelta(hours=5),
    admitted: datetime = ADMITTED,
) -> str:
    """A stay admitted, its admission notice sent ``notice_after`` (in time by default)."""
    body = admission_body(
        index, admitted_at=iso(admitted), notice_sent_at=iso(admitted + notice_after)
    )
    response = client.post("/v1/admissions", json=body)
    assert response.status_code == 202, response.text
    return str(body["stay_id"])


def ready(client: TestClient, stay: str, **extra: Any) -> None:
    """The readiness notice sent at READY_SENT."""
    body = {"ready_at": iso(READY_SENT - timedelta(hours=1)), "notice_sent_at": iso(READY_SENT)}
    response = client.post(f"/v1/stays/{stay}/ready", json={**body, **extra})
    assert response.status_code == 202, response.text


def ready_stay(client: TestClient, index: int) -> tuple[str, str]:
    """Admitted (notice in time) and ready for discharge with a SIP needed: (stay, patient)."""
    stay = admit(client, index)
    ready(client, stay, sip_needed=True)
    case = client.get(f"/v1/stays/{stay}/deadlines")
    assert case.status_code == 200, case.text
    return stay, case.json()["patient_ref"]


def call_sip(client: TestClient, stay: str, called: datetime) -> None:
    """The fixed care contact in regional outpatient care calls the SIP (issue 9's route)."""
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
def moved_clock(client: TestClient) -> Iterator[MovableClock]:
    """The app's clock, at READY_SENT until a test moves it."""
    moving = MovableClock(READY_SENT)
    client.app.state.clock = moving  # type: ignore[attr-defined]
    yield moving
    del client.app.state.clock  # type: ignore[attr-defined]


SWEEP: Any = importlib.import_module("referral.service_layer.deadline_watch.sweep")  # the module
"""Not the package's ``sweep`` (the function): its private ``_inserted`` is patched below."""


@contextmanager
def failing_to_publish(stay: str) -> Iterator[None]:
    """A transaction that claims a deadline of this stay's case fails after writing its claims
    (so they roll back with it), meanwhile."""
    original = SWEEP._inserted

    def inserted(uow: Any, claims: list[dict[str, Any]]) -> Any:
        claimed = original(uow, claims)
        if any(claim["case_id"] == stay for claim in claims):
            raise RuntimeError("this case cannot be published")
        return claimed

    SWEEP._inserted = inserted
    try:
        yield
    finally:
        SWEEP._inserted = original
