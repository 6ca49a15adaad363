"""Issue 12 section 2: the deadline watch publishes deadline.missed when a deadline passes
unmet and deadline.met (late) or deadline.stopped when it ends, once each, through referral's
outbox; notification turns them into alarms for the organisation that must act. The clock is
the app's (moved by the tests) and the sweep is called directly: nothing sleeps."""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_common.kafka import EMBEDDED_SESSION_TIMEOUT_MS, make_consumer
from handover_common.tables import OutboxMessage
from handover_contracts import Envelope, decode
from notification.bootstrap import bootstrap as notification
from notification.service_layer.handlers import EVENT_HANDLERS as NOTIFICATION_HANDLERS
from notification.settings import NotificationSettings
from referral.service_layer.deadline_watch import sweep
from referral.service_layer.deadline_watch.cases import STAY, CaseRef, changeable_cases
from referral.service_layer.deadlines import case_of_referral, case_of_stay, cases_of
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from tests.support.databases import fresh_database
from tests.support.deadline_cases import (
    PAY_DUE,
    READY_SENT,
    SIP_DUE,
    call_sip,
    events,
    failing_to_publish,
    iso,
    ready_stay,
)
from tests.support.identity import HOSPITAL_23, NURSE_2380
from tests.support.kafka import unique
from tests.support.people import discharge_body
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration
watch = importlib.import_module("referral.service_layer.deadline_watch.sweep")  # the module

DEADLINE_TOPIC = "handover.deadline.v1"


@pytest.fixture(scope="module")
def alarms(module_database_url: str, broker, tmp_path_factory) -> Iterator[TestClient]:
    """Notification on a database of its own, of the same kind as referral's."""
    kind = "postgres" if module_database_url.startswith("postgresql") else "sqlite"
    with fresh_database(kind, Path(tmp_path_factory.mktemp("notification"))) as url:
        settings = NotificationSettings(
            database_url=url, kafka_bootstrap_servers=broker.bootstrap_servers
        )
        with TestClient(notification(settings)) as running:
            yield running


def test_a_deadline_passing_unmet_is_published_once_and_met_late_once(
    client, engine, clock
) -> None:
    stay, patient = ready_stay(client, 9501)
    clock.now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)  # LAW-SIP3 pending
    sweep(engine, clock())
    assert not events(engine, patient, "deadline.missed", "LAW-SIP3")

    clock.now = SIP_DUE + timedelta(hours=1)  # past the SIP's due time
    sweep(engine, clock())
    [missed] = events(engine, patient, "deadline.missed", "LAW-SIP3")
    assert (missed["owed_by"], missed["subject"], missed["subject_id"]) == (
        "region:23",
        "stay",
        stay,
    )
    assert (missed["due_at"], missed["region_code"]) == (iso(SIP_DUE), "23")

    assert sweep(engine, clock()) == 0  # a second sweep: nothing twice
    assert len(events(engine, patient, "deadline.missed", "LAW-SIP3")) == 1

    call_sip(client, stay, SIP_DUE + timedelta(hours=2))  # called, late
    clock.now = SIP_DUE + timedelta(hours=3)
    sweep(engine, clock())
    sweep(engine, clock())
    [met] = events(engine, patient, "deadline.met", "LAW-SIP3")
    assert (met["late"], met["met_at"]) == (True, iso(SIP_DUE + timedelta(hours=2)))
    assert len(events(engine, patient, "deadline.missed", "LAW-SIP3")) == 1


def test_the_payment_clock_alarms_the_municipality_and_the_sip_not_called_ends_it(
    client, engine, clock
) -> None:
    """LAW-PAY: missed when the free days end (the municipality pays from then); the SIP not
    called by its due time means the hospital did not meet its duties: the clock stops."""
    _, patient = ready_stay(client, 9502)
    clock.now = PAY_DUE + timedelta(hours=1)
    sweep(engine, clock())
    [started] = events(engine, patient, "deadline.missed", "LAW-PAY")
    assert (started["owed_by"], started["municipality_code"]) == ("municipality:2380", "2380")
    assert started["anchor_at"] == iso(READY_SENT)

    clock.now = SIP_DUE + timedelta(hours=1)
    sweep(engine, clock())
    [stopped] = events(engine, patient, "deadline.stopped", "LAW-PAY")
    assert stopped["stopped_at"] == iso(SIP_DUE)
    assert not events(engine, patient, "deadline.met", "LAW-PAY")
    sweep(engine, clock())
    assert len(events(engine, patient, "deadline.stopped", "LAW-PAY")) == 1


def test_a_missed_deadline_reaches_the_topic_once(client, engine, clock, broker) -> None:
    stay, patient = ready_stay(client, 9503)
    clock.now = SIP_DUE + timedelta(hours=1)
    sweep(engine, clock())
    sweep(engine, clock())
    on_topic = asyncio.run(_read_topic(broker.bootstrap_servers, patient, stay))
    # first seen after the SIP fell due unmet: the payment clock ended there (no alarm for it)
    mine = [e for e in on_topic if e.payload["subject_id"] == stay]  # the other database's run
    assert sorted((e.event_type, e.payload["rule_id"]) for e in mine) == [
        ("deadline.met", "LAW-ADM24"),  # the admission notice, in time: counted once
        ("deadline.missed", "LAW-SIP3"),
        ("deadline.stopped", "LAW-PAY"),
    ]


async def _read_topic(bootstrap_servers: str, patient: str, stay: str) -> list[Envelope]:
    """Everything about the patient on the deadline topic, read until quiet."""
    consumer = make_consumer(
        bootstrap_servers, unique("deadline-alarms"), [DEADLINE_TOPIC], EMBEDDED_SESSION_TIMEOUT_MS
    )
    await consumer.start()
    seen: list[Envelope] = []
    quiet, waited = 0, 0
    try:
        while quiet < 4 and waited < 60:
            batch = await consumer.getmany(timeout_ms=500)
            records = [r for part in batch.values() for r in part]
            waited += 1
            found = [decode(r.value) for r in records if r.key == patient.encode()]
            seen += [e for e in found if e.payload["subject_id"] == stay]
            quiet = quiet + 1 if not records and seen else 0
    finally:
        await consumer.stop()
    return seen


def test_an_alarm_reaches_the_owing_municipality_and_clears_when_met_late(
    client, engine, clock, alarms
) -> None:
    """End to end: referral's outbox → notification's handlers → GET /v1/alarms."""
    stay, patient = ready_stay(client, 9504)
    call_sip(client, stay, READY_SENT + timedelta(hours=4))  # in time: the clock runs
    clock.now = PAY_DUE + timedelta(hours=1)
    sweep(engine, clock())
    _deliver(engine, alarms, patient)
    mine = _alarms(alarms, NURSE_2380, "open")
    assert [(a["rule_id"], a["audience"]) for a in mine if a["subject_id"] == stay] == [
        ("LAW-PAY", "municipality:2380")
    ]
    assert stay not in {a["subject_id"] for a in _alarms(alarms, HOSPITAL_23, "open")}

    _discharge(client, stay, patient, iso(PAY_DUE + timedelta(hours=20)))
    clock.now = PAY_DUE + timedelta(hours=21)
    sweep(engine, clock())
    [met] = events(engine, patient, "deadline.met", "LAW-PAY")
    assert met["late"] is True
    _deliver(engine, alarms, patient)
    assert stay not in {a["subject_id"] for a in _alarms(alarms, NURSE_2380, "open")}
    cleared = [a for a in _alarms(alarms, NURSE_2380, "cleared") if a["subject_id"] == stay]
    assert [a["cleared_reason"] for a in cleared] == ["met late"]


def _discharge(client: TestClient, stay: str, patient: str, discharged_at: str) -> None:
    body = discharge_body(9504, stay_id=stay, sip_needed=True, discharged_at=discharged_at)
    response = client.post("/v1/discharges", json=body)
    assert response.status_code == 202, response.text
    assert response.json()["patient_ref"] == patient


def _deliver(engine: Engine, alarms: TestClient, patient: str) -> None:
    """Apply referral's deadline events about the patient to notification, once each."""
    target = alarms.app.state.runtime.engine  # type: ignore[attr-defined]
    with Session(engine) as session:
        rows = session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.partition_key == patient)
            .where(col(OutboxMessage.event_type).startswith("deadline."))
            .order_by(col(OutboxMessage.id))
        )
        for row in rows:
            apply_once(target, "notification", decode(row.body), NOTIFICATION_HANDLERS)


def _alarms(alarms: TestClient, headers: dict[str, str], state: str) -> list[dict[str, Any]]:
    response = alarms.get("/v1/alarms", params={"state": state, "limit": 500}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]  # type: ignore[no-any-return]


def test_cases_read_together_are_each_as_read_alone(client, engine, clock) -> None:
    """A sweep reads its cases a chunk at a time (`cases_of`) to find the few with something to
    publish (issue 11): each case must come out exactly as it reads alone — nothing of one
    case's stay, referrals, SIP or home municipality in another's."""
    quiet, _ = ready_stay(client, 9531)
    called, patient = ready_stay(client, 9532)
    call_sip(client, called, READY_SENT + timedelta(hours=3))
    discharged_at = iso(PAY_DUE + timedelta(hours=20))
    body = discharge_body(9532, stay_id=called, sip_needed=True, discharged_at=discharged_at)
    on_stay = client.post("/v1/discharges", json=body)
    assert on_stay.status_code == 202, on_stay.text
    alone = client.post("/v1/discharges", json=discharge_body(9533))
    assert alone.status_code == 202, alone.text

    with Session(engine) as session:
        refs = changeable_cases(session, READY_SENT - timedelta(days=30))
        stays = [ref.id for ref in refs if ref.kind == STAY]
        referrals = [uuid.UUID(ref.id) for ref in refs if ref.kind != STAY]
        together = cases_of(session, stays=stays, referrals=referrals)
        assert {quiet, called} <= together.stays.keys()
        assert uuid.UUID(alone.json()["discharge_id"]) in together.referrals
        for stay in stays:
            assert together.stays[stay] == case_of_stay(session, stay)
        for referral in referrals:
            assert together.referrals[referral] == case_of_referral(session, referral)
    timeline = together.stays[called].timeline
    assert timeline.patient_ref == patient and len(timeline.referrals) == 1
    assert timeline.stay is not None and timeline.stay.sip_called_at is not None
    assert together.stays[quiet].timeline.referrals == ()
    assert together.stays[quiet].timeline.stay.sip_called_at is None  # type: ignore[union-attr]


def test_a_case_that_fails_to_publish_holds_no_other_back(client, engine, clock) -> None:
    """A sweep publishes a chunk's changed cases in one transaction; when one case fails, that
    transaction rolls back and each case is published alone: the failing one is left for the
    next sweep, the others go out now, once (issue 11)."""
    failing, failing_patient = ready_stay(client, 9541)
    _, fine_patient = ready_stay(client, 9542)
    clock.now = SIP_DUE + timedelta(hours=1)
    with failing_to_publish(failing):
        sweep(engine, clock())
    assert len(events(engine, fine_patient, "deadline.missed", "LAW-SIP3")) == 1
    assert not events(engine, failing_patient, "deadline.missed", "LAW-SIP3")

    sweep(engine, clock())
    assert len(events(engine, failing_patient, "deadline.missed", "LAW-SIP3")) == 1
    assert len(events(engine, fine_patient, "deadline.missed", "LAW-SIP3")) == 1


def test_a_sweep_claims_its_changed_cases_together_and_each_once(client, engine, clock) -> None:
    """What a sweep publishes for many cases is claimed with one statement per transaction,
    not one per deadline (each claim and its re-read held SQLite's writer ~4 ms, issue 11);
    every deadline still goes out once, and a repeated sweep claims nothing."""
    patients = [ready_stay(client, index)[1] for index in (9551, 9552, 9553)]
    clock.now = SIP_DUE + timedelta(hours=1)
    with statements_sent(engine) as statements:
        assert sweep(engine, clock()) >= len(patients)
        assert sweep(engine, clock()) == 0
    claims = [s for s in statements if s.upper().startswith("INSERT INTO DEADLINE_PUBLICATION")]
    assert len(claims) == 1
    for patient in patients:
        assert len(events(engine, patient, "deadline.missed", "LAW-SIP3")) == 1


def test_changes_judged_from_a_stale_read_are_claimed_once(client, engine, clock) -> None:
    """A sweep publishes what it judged at its read, outside the transaction that claims it: a
    change judged twice (a repeat, another replica's sweep) is claimed by the first to commit,
    and the second publishes nothing of it (issue 11)."""
    cases = [ready_stay(client, index) for index in (9561, 9562)]
    clock.now = SIP_DUE + timedelta(hours=1)
    refs = [CaseRef(STAY, stay) for stay, _ in cases]
    rules = watch.load_rule_book()
    first = watch._with_changes(engine, refs, rules, clock(), watch.Judged())
    again = watch._with_changes(engine, refs, rules, clock(), watch.Judged())
    assert [ref for ref, _ in first] == refs
    claimed = watch.Judged()
    watch._publish(engine, first, clock(), claimed)
    assert claimed.published == sum(len(changes) for _, changes in first) > 0
    stale = watch.Judged()
    watch._publish(engine, again, clock(), stale)
    assert (stale.published, stale.failed) == (0, set())
    for _, patient in cases:
        assert len(events(engine, patient, "deadline.missed", "LAW-SIP3")) == 1


def test_one_deadline_in_two_cases_of_a_transaction_is_published_once(
    client, engine, clock
) -> None:
    """A referral can be read as a case of its own and within its stay's (an alarm of either
    kept open): both carry its deadlines, and one transaction may claim both — once."""
    stay, patient = ready_stay(client, 9571)
    clock.now = SIP_DUE + timedelta(hours=1)
    rules = watch.load_rule_book()
    [(ref, changes)] = watch._with_changes(
        engine, [CaseRef(STAY, stay)], rules, clock(), watch.Judged()
    )
    twin = CaseRef("referral", str(uuid.uuid4()))
    published = watch._claim_all(engine, [(ref, changes), (twin, changes)], clock())
    assert published == len(changes)
    assert len(events(engine, patient, "deadline.missed", "LAW-SIP3")) == 1


def test_no_alarm_after_the_final_outcome_from_a_read_made_before_it(client, engine, clock) -> None:
    """A sweep that read a deadline as missed publishes after another published it met (two
    sweeps at once: a lease that moved, a sweep run by hand): no alarm that nothing clears."""
    stay, patient = ready_stay(client, 9572)
    clock.now = SIP_DUE + timedelta(hours=1)
    rules = watch.load_rule_book()
    stale = watch._with_changes(engine, [CaseRef(STAY, stay)], rules, clock(), watch.Judged())
    call_sip(client, stay, SIP_DUE + timedelta(minutes=30))  # late, but before the other sweep
    sweep(engine, clock())
    [met] = events(engine, patient, "deadline.met", "LAW-SIP3")
    assert met["late"] is True
    watch._publish(engine, stale, clock(), watch.Judged())
    assert not events(engine, patient, "deadline.missed", "LAW-SIP3")
    assert sweep(engine, clock()) == 0
