"""LAW-ADM24: the admission notice reaches the municipality and primary care — the region
where the patient is listed — as one notice per audience (notification, both databases)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_contracts import wrap
from handover_contracts.stay_events import PatientAdmitted
from notification.adapters.orm import NoticeRow
from notification.bootstrap import bootstrap
from notification.domain.actions import notices_for
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings
from sqlalchemy import Engine
from sqlmodel import Session, select

from tests.support.identity import HEALTH_CENTRE_23, NURSE_2380, as_caller
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration
ADMITTED = datetime(2026, 11, 12, 7, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = NotificationSettings(
        database_url=module_database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


def admitted(municipality: str = "2380", region: str = "23") -> PatientAdmitted:
    return PatientAdmitted(
        stay_id="VT-1",
        patient_ref=patient_ref(),
        region_code=region,
        registered_municipality_code=municipality,
        hospital_unit="Östersunds sjukhus, medicin avd 5",
        admitted_at=ADMITTED,
        notice_sent_at=ADMITTED,
    )


def deliver(client: TestClient, payload: PatientAdmitted) -> uuid.UUID:
    envelope = wrap(
        payload, producer="referral", partition_key=payload.patient_ref, correlation_id="c"
    )
    engine: Engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    assert apply_once(engine, "notification", envelope, EVENT_HANDLERS) == "applied"
    assert apply_once(engine, "notification", envelope, EVENT_HANDLERS) == "duplicate"
    return envelope.event_id


def notices(client: TestClient, event_id: uuid.UUID) -> dict[str, str | None]:
    engine: Engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        rows = session.exec(select(NoticeRow).where(NoticeRow.event_id == event_id))
        return {row.audience: row.action for row in rows}


def test_the_admission_notice_reaches_the_municipality_and_the_listing_region(client) -> None:
    event = admitted()
    found = notices(client, deliver(client, event))
    assert set(found) == {"municipality:2380", "region:23"}
    assert "LAW-ADM24" in str(found["municipality:2380"])
    assert "LAW-ADM24" in str(found["region:23"])
    for headers in (NURSE_2380, HEALTH_CENTRE_23):
        recent = client.get("/v1/events/recent", headers=headers, params={"limit": 1000})
        assert event.patient_ref in {n["patient_ref"] for n in recent.json()["items"]}


def test_a_visitor_is_noticed_by_the_region_of_their_home_county(client) -> None:
    """A patient registered in Stockholm (0180) admitted in Jämtland is listed at home."""
    event = admitted(municipality="0180", region="23")
    found = notices(client, deliver(client, event))
    assert set(found) == {"municipality:0180", "region:01"}
    recent = client.get("/v1/events/recent", headers=as_caller("region:01", "health-centre"))
    assert event.patient_ref in {n["patient_ref"] for n in recent.json()["items"]}


def test_other_events_still_have_one_notice() -> None:
    payload = {"municipality_code": "2380", "patient_ref": patient_ref()}
    assert [n.audience for n in notices_for("care-request.created", payload)] == [
        "municipality:2380"
    ]
