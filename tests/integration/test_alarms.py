"""Notification's alarm store (issue 12 section 2): a deadline.missed event opens one alarm for
the organisation that owes the duty; deadline.met (late) and deadline.stopped clear it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_batch, apply_once
from handover_contracts import wrap
from handover_contracts.deadline_events import DeadlineMet, DeadlineMissed, DeadlineStopped
from notification.bootstrap import bootstrap
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings

from tests.support.identity import HOSPITAL_23, NURSE_2326, NURSE_2380, OPERATIONS
from tests.support.people import patient_ref
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration
DUE = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = NotificationSettings(
        database_url=module_database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


def facts(rule_id: str = "CR-ACK", owed_by: str = "municipality:2380") -> dict[str, object]:
    return {
        "rule_id": rule_id,
        "owed_by": owed_by,
        "subject": "care-request",
        "subject_id": str(uuid.uuid4()),
        "patient_ref": patient_ref(),
        "region_code": "23",
        "municipality_code": owed_by.split(":")[1] if owed_by.startswith("mun") else None,
        "anchor_at": DUE - timedelta(hours=24),
        "due_at": DUE,
    }


def deliver(client: TestClient, payload) -> str:
    envelope = wrap(
        payload, producer="referral", partition_key=payload.patient_ref, correlation_id="c"
    )
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    return apply_once(engine, "notification", envelope, EVENT_HANDLERS)


def open_keys(client: TestClient, headers: dict[str, str], state: str = "open") -> set[str]:
    answer = client.get("/v1/alarms", params={"state": state}, headers=headers)
    assert answer.status_code == 200, answer.text
    return {alarm["subject_id"] for alarm in answer.json()["items"]}


def test_a_missed_deadline_is_one_open_alarm_for_whoever_owes_it(client) -> None:
    missed = facts()
    deliver(client, DeadlineMissed(**missed, detected_at=DUE + timedelta(minutes=1)))
    again = DeadlineMissed(**missed, detected_at=DUE + timedelta(minutes=2))  # new event id
    deliver(client, again)
    mine = client.get("/v1/alarms", headers=NURSE_2380).json()["items"]
    assert [a["rule_id"] for a in mine if a["subject_id"] == missed["subject_id"]] == ["CR-ACK"]
    assert missed["subject_id"] not in open_keys(client, NURSE_2326)
    assert missed["subject_id"] not in open_keys(client, HOSPITAL_23)
    assert missed["subject_id"] in open_keys(client, OPERATIONS)


def test_met_late_clears_the_alarm_and_keeps_it_in_the_history(client) -> None:
    missed = facts(rule_id="LAW-ADM24", owed_by="region:23")
    deliver(client, DeadlineMissed(**missed, detected_at=DUE))
    assert missed["subject_id"] in open_keys(client, HOSPITAL_23)
    deliver(client, DeadlineMet(**missed, met_at=DUE + timedelta(hours=3), late=True))
    assert missed["subject_id"] not in open_keys(client, HOSPITAL_23)
    cleared = client.get("/v1/alarms", params={"state": "cleared"}, headers=HOSPITAL_23).json()
    [alarm] = [a for a in cleared["items"] if a["subject_id"] == missed["subject_id"]]
    assert alarm["cleared_reason"] == "met late"


def test_a_duty_that_ends_unmet_clears_its_alarm(client) -> None:
    missed = facts(rule_id="CR-ACUTE")
    deliver(client, DeadlineMissed(**missed, detected_at=DUE))
    deliver(client, DeadlineStopped(**missed, stopped_at=DUE + timedelta(hours=1)))
    assert missed["subject_id"] not in open_keys(client, NURSE_2380)
    assert missed["subject_id"] in open_keys(client, NURSE_2380, state="all")


def test_a_deadline_met_in_time_raises_nothing(client) -> None:
    met = facts()
    deliver(client, DeadlineMet(**met, met_at=DUE - timedelta(hours=1), late=False))
    assert met["subject_id"] not in open_keys(client, NURSE_2380, state="all")


def test_an_unknown_state_names_the_field(client) -> None:
    answer = client.get("/v1/alarms", params={"state": "sleeping"}, headers=NURSE_2380)
    assert answer.status_code == 422
    assert "state" in answer.text


def test_a_batch_of_deadline_events_reads_its_alarms_once(client) -> None:
    """Issue 11: a fetch's deadline events look their alarms up in one query, not one each
    (every discharge brings a deadline.met); an alarm raised earlier in the batch is cleared
    by a later event of it, and one raised before is cleared too."""
    engine = client.app.state.runtime.engine
    earlier, raised_and_met, in_time = facts(), facts(), facts()
    deliver(client, DeadlineMissed(**earlier, detected_at=DUE))
    payloads = [
        DeadlineMissed(**raised_and_met, detected_at=DUE),
        DeadlineMet(**raised_and_met, met_at=DUE + timedelta(hours=1), late=True),
        DeadlineStopped(**earlier, stopped_at=DUE + timedelta(hours=2)),
        DeadlineMet(**in_time, met_at=DUE - timedelta(hours=1), late=False),
    ]
    batch = [
        wrap(p, producer="referral", partition_key=p.patient_ref, correlation_id="c")
        for p in payloads
    ]
    with statements_sent(engine) as statements:
        assert apply_batch(engine, "notification", batch, EVENT_HANDLERS) == ["applied"] * 4
    reads = [s for s in statements if s.upper().startswith("SELECT")]
    assert len([s for s in reads if "FROM alarm " in f"{s} "]) == 3  # missed, met, stopped
    followed = [s for s in reads if "FROM followup_deadline " in f"{s} "]
    assert len(followed) == 3, "the follow-up figures' deadlines are read per type, not per event"
    everything = open_keys(client, NURSE_2380, state="all")
    assert {earlier["subject_id"], raised_and_met["subject_id"]} <= everything
    assert not {earlier["subject_id"], raised_and_met["subject_id"]} & open_keys(client, NURSE_2380)
    assert in_time["subject_id"] not in everything
