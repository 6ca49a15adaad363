"""The operations dashboard (issue 12 section 3) on SQLite and PostgreSQL: care requests from
their lifecycle (today's three bugs), the municipality's own view, no patient identity, the
live stream and the system panels."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_batch, apply_once
from handover_common.kafka import start_producer
from handover_contracts import Envelope, dead_letter_topic, wrap
from handover_contracts.deadline_events import DeadlineMissed
from handover_contracts.events import (
    CareRequestAccepted,
    CareRequestAcknowledged,
    CareRequestCreated,
    CareRequestRejected,
    ComponentResponsibility,
    HomecareEnrolled,
    PartyRef,
    ResponsibilityDecided,
)
from notification.bootstrap import bootstrap
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings

from tests.support.identity import NURSE_2380, OPERATIONS, as_caller
from tests.support.kafka import eventually
from tests.support.people import patient_ref
from tests.support.statements import statements_sent

pytestmark = pytest.mark.integration
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = NotificationSettings(
        database_url=module_database_url,
        kafka_bootstrap_servers=broker.bootstrap_servers,
        dashboard_stream_seconds=0.1,
        dashboard_stream_max_seconds=0.5,
        dashboard_dead_letters_seconds=1.0,  # a letter written after a listing shows soon
        referral_url="http://127.0.0.1:9",  # nothing listens there: "unreachable"
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


def nurse(municipality: str) -> dict[str, str]:
    return as_caller(f"municipality:{municipality}", "municipal-nurse")


def deliver(client: TestClient, payload, at: datetime | None = None) -> Envelope:
    envelope = wrap(
        payload, producer="referral", partition_key=payload.patient_ref, correlation_id="c"
    )
    if at is not None:
        envelope = envelope.model_copy(update={"occurred_at": at})
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    assert apply_once(engine, "notification", envelope, EVENT_HANDLERS) == "applied"
    return envelope


def created(municipality: str, ref: str | None = None) -> CareRequestCreated:
    return CareRequestCreated(
        care_request_id=uuid.uuid4(),
        discharge_id=uuid.uuid4(),
        decision_id=uuid.uuid4(),
        patient_ref=ref or patient_ref(),
        municipality_code=municipality,
        components=["nursing"],
    )


def answer(kind, request: CareRequestCreated, **extra: Any):
    return kind(
        care_request_id=request.care_request_id,
        patient_ref=request.patient_ref,
        municipality_code=request.municipality_code,
        **extra,
    )


def board(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/v1/dashboard", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def unanswered(client: TestClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    waiting = board(client, headers)["care_requests"]["unanswered"]
    return {w["care_request_id"]: w for w in waiting}


def test_enrolled_and_rejected_requests_are_answered_in_the_municipalitys_view(client) -> None:
    """Bug 1: the answers are addressed to the region, so the municipality's view of its
    notices never saw them and listed both requests as unanswered."""
    enrolled, rejected = created("2361"), created("2361")
    for request in (enrolled, rejected):
        deliver(client, request)
    deliver(client, answer(CareRequestAccepted, enrolled))
    deliver(
        client,
        answer(HomecareEnrolled, enrolled, enrolled_on=date.today(), reason="discharged home"),
    )
    deliver(
        client,
        answer(CareRequestRejected, rejected, reason_code="patient_declined", reason_text="-"),
    )
    own = board(client, nurse("2361"))["care_requests"]
    assert own["unanswered"] == []
    assert own["by_municipality"] == {"2361": {"enrolled": 1, "rejected": 1}}


def test_an_unanswered_request_is_still_listed_after_24_hours(client) -> None:
    """Bug 2: the dashboard read a 24-hour window of notices, so the oldest unanswered
    request — the one that matters most — disappeared."""
    old = created("2362")
    deliver(client, old, at=NOW - timedelta(hours=30))
    deliver(client, created("2362"), at=NOW - timedelta(minutes=5))
    waiting = board(client, nurse("2362"))["care_requests"]
    first = waiting["unanswered"][0]
    assert first["care_request_id"] == str(old.care_request_id)
    assert first["overdue"] is True and first["age_minutes"] >= 30 * 60
    assert waiting["overdue"] == 1 and waiting["unanswered_total"] == 2
    assert waiting["by_age"]["1–3 days"] == 1 and waiting["by_age"]["under 1 h"] == 1


def test_an_acknowledged_request_is_unanswered_until_accepted(client) -> None:
    """Bug 3: an acknowledgement counted as an answer, so a request acknowledged but never
    accepted or rejected vanished from the list."""
    request = created("2363")
    deliver(client, request, at=NOW - timedelta(hours=3))
    deliver(client, answer(CareRequestAcknowledged, request), at=NOW - timedelta(hours=2))
    waiting = unanswered(client, nurse("2363"))
    listed = waiting[str(request.care_request_id)]
    assert listed["state"] == "acknowledged"
    assert listed["overdue"] is False  # acknowledged in time; only the answer is missing
    deliver(client, answer(CareRequestAccepted, request))
    assert str(request.care_request_id) not in unanswered(client, nurse("2363"))


def test_overdue_requests_come_first(client) -> None:
    recent_overdue, older_acknowledged = created("2364"), created("2364")
    deliver(client, older_acknowledged, at=NOW - timedelta(hours=5))
    acknowledged = answer(CareRequestAcknowledged, older_acknowledged)
    deliver(client, acknowledged, at=NOW - timedelta(hours=4))
    deliver(client, recent_overdue, at=NOW - timedelta(hours=2))
    order = list(unanswered(client, nurse("2364")))
    assert order == [str(recent_overdue.care_request_id), str(older_acknowledged.care_request_id)]


def missed(owed_by: str, ref: str) -> DeadlineMissed:
    return DeadlineMissed(
        rule_id="CR-ACK",
        owed_by=owed_by,
        subject="care-request",
        subject_id=str(uuid.uuid4()),
        patient_ref=ref,
        region_code="23",
        municipality_code=owed_by.split(":")[1],
        anchor_at=NOW - timedelta(days=2),
        due_at=NOW - timedelta(days=1),
        detected_at=NOW,
    )


def decided(municipality: str, ref: str) -> ResponsibilityDecided:
    party = PartyRef(kind="municipality", code=municipality)
    return ResponsibilityDecided(
        decision_id=uuid.uuid4(),
        discharge_id=uuid.uuid4(),
        patient_ref=ref,
        source_event_id=uuid.uuid4(),
        agreement_id="orebro-2024",
        agreement_version="1",
        decided_on=date.today(),
        municipality_code=municipality,
        components=[
            ComponentResponsibility(
                component="nursing", status="decided", responsible=party, rule_ids=["JH-1"]
            )
        ],
        rule_ids=["JH-1", "GEN-RES"],
    )


def test_a_municipality_sees_only_its_own_requests_alarms_and_decisions(client) -> None:
    mine, theirs = created("2365"), created("2366")
    deliver(client, mine)
    deliver(client, theirs)
    my_alarm, their_alarm = (
        missed("municipality:2365", mine.patient_ref),
        missed("municipality:2366", theirs.patient_ref),
    )
    deliver(client, my_alarm)
    deliver(client, their_alarm)
    deliver(client, decided("2365", mine.patient_ref))
    deliver(client, decided("2366", theirs.patient_ref))

    own = board(client, nurse("2365"))
    assert set(own["care_requests"]["by_municipality"]) == {"2365"}
    assert {w["municipality_code"] for w in own["care_requests"]["unanswered"]} == {"2365"}
    assert [a["subject_id"] for a in own["alarms"]["items"]] == [my_alarm.subject_id]
    assert {d["municipality_code"] for d in own["decisions"]} == {"2365"}
    assert own["system"] is None  # dead letters, lag, backlog and flow: operations only

    everything = board(client, OPERATIONS)
    shown = {w["care_request_id"] for w in everything["care_requests"]["unanswered"]}
    assert {str(mine.care_request_id), str(theirs.care_request_id)} <= shown
    alarms = {a["subject_id"] for a in everything["alarms"]["items"]}
    assert {my_alarm.subject_id, their_alarm.subject_id} <= alarms
    assert {"2365", "2366"} <= set(everything["care_requests"]["by_municipality"])


def test_a_region_sees_the_requests_it_sent(client) -> None:
    request = created("0114")  # a municipality of region 01
    deliver(client, request)
    region = board(client, as_caller("region:01", "hospital-unit"))["care_requests"]
    assert str(request.care_request_id) in {w["care_request_id"] for w in region["unanswered"]}
    other = board(client, as_caller("region:23", "hospital-unit"))["care_requests"]
    assert "0114" not in other["by_municipality"]


def test_decisions_show_their_rule_ids_and_events_are_counted_per_topic(client) -> None:
    ref = patient_ref()
    decision = decided("2367", ref)
    deliver(client, decision)
    shown = board(client, OPERATIONS)
    [listed] = [d for d in shown["decisions"] if d["decision_id"] == str(decision.decision_id)]
    assert listed["rule_ids"] == ["JH-1", "GEN-RES"]
    assert listed["components"][0]["rule_ids"] == ["JH-1"]
    chart = shown["system"]["events_per_minute"]
    assert len(chart["minutes"]) == 30
    assert chart["topics"]["handover.responsibility.v1"][-1] >= 1


def test_no_patient_identity_reaches_the_page_the_board_or_the_stream(client) -> None:
    ref = patient_ref()
    request = created("2368", ref)
    deliver(client, request)
    deliver(client, missed("municipality:2368", ref))
    deliver(client, decided("2368", ref))
    for headers in (OPERATIONS, nurse("2368")):
        text = client.get("/v1/dashboard", headers=headers).text
        assert str(request.care_request_id) in text and ref not in text
        assert ref not in stream_text(client, headers)
    assert "patient_ref" not in client.get("/dashboard").text


def stream_text(client: TestClient, headers: dict[str, str]) -> str:
    response = client.get(
        "/v1/dashboard/stream", headers={**headers, "Accept": "text/event-stream"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return str(response.text)


def boards_in(text: str) -> list[dict[str, Any]]:
    found = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        if "event: board" in lines:
            data = "\n".join(line[6:] for line in lines if line.startswith("data: "))
            found.append(json.loads(data))
    return found


def test_the_stream_sends_the_board_and_ends_for_a_reconnect(client) -> None:
    request = created("2369")
    deliver(client, request)
    text = stream_text(client, nurse("2369"))
    [first] = boards_in(text)  # nothing changed: one board, then heartbeats or nothing
    assert str(request.care_request_id) in {
        w["care_request_id"] for w in first["care_requests"]["unanswered"]
    }
    assert set(first["care_requests"]["by_municipality"]) == {"2369"}
    assert text.rstrip().endswith('data: {"reason": "reconnect"}')


def test_the_stream_wants_an_event_stream_client_and_a_token(client) -> None:
    refused = client.get("/v1/dashboard/stream", headers=NURSE_2380)
    assert refused.status_code == 406
    assert refused.json()["errors"][0]["rule"] == "ACCEPT-EVENT-STREAM"
    anonymous = client.get("/v1/dashboard/stream", headers={"Accept": "text/event-stream"})
    assert anonymous.status_code == 401


def test_operations_see_each_service_and_unreachable_ones_as_such(client) -> None:
    services = board(client, OPERATIONS)["system"]["services"]
    assert [s["service"] for s in services] == [
        "referral",
        "responsibility",
        "billing",
        "notification",
    ]


def test_a_replay_names_a_known_consumer_and_is_for_operations_only(client) -> None:
    path = "/v1/dashboard/dead-letters/{}/replay"
    assert client.post(path.format("nobody"), json={}, headers=OPERATIONS).status_code == 404
    assert client.post(path.format("billing"), json={}, headers=NURSE_2380).status_code == 403
    bad = client.post(path.format("billing"), json={"position": "x"}, headers=OPERATIONS)
    assert bad.status_code == 422


def test_the_page_is_served_with_its_script_and_reads_the_stream(client) -> None:
    page = client.get("/dashboard")
    assert page.status_code == 200
    assert "/v1/dashboard/stream" in page.text and "text/event-stream" in page.text
    assert "/*DASHBOARD_JS*/" not in page.text and "setInterval(refresh" not in page.text


async def dead_letter(bootstrap: str, consumer: str, detail: str) -> str:
    """A record on the consumer's dead-letter topic, as its consumer would leave it."""
    producer = await start_producer(bootstrap)
    try:
        sent = await producer.send_and_wait(
            dead_letter_topic(consumer),
            b'{"not": "an envelope"}',
            key=b"k",
            headers=[
                ("event_type", b"care-request.created"),
                ("dlq.reason", b"rejected"),
                ("dlq.detail", detail.encode()),
                ("dlq.topic", b"handover.care-request.v1"),
                ("dlq.partition", b"0"),
            ],
        )
    finally:
        await producer.stop()
    return f"{sent.partition}:{sent.offset}"


async def test_dead_letters_are_listed_with_their_reason_and_replayed_one_by_one(
    client, broker, module_database_url: str
) -> None:
    if module_database_url.startswith("postgres"):
        pytest.skip("the broker path does not depend on the database: once is enough")
    ref = patient_ref()
    position = await dead_letter(broker.bootstrap_servers, "billing", f"invalid for {ref}")

    def listed() -> dict[str, Any] | None:
        system = boards_in(stream_text(client, OPERATIONS))[-1]["system"]  # a live page reads
        [billing] = [d for d in system["dead_letters"] if d["consumer"] == "billing"]
        found = [d for d in billing.get("letters", []) if d["position"] == position]
        return found[0] if found else None

    await eventually(lambda: listed() is not None, timeout=30)
    letter = listed()
    assert letter is not None
    assert letter["reason"] == "rejected" and letter["event_type"] == "care-request.created"
    assert ref not in json.dumps(letter)
    replayed = client.post(
        "/v1/dashboard/dead-letters/billing/replay", json={"position": position}, headers=OPERATIONS
    )
    assert replayed.status_code == 200, replayed.text
    assert replayed.json() == {"consumer": "billing", "replayed": 1}


def test_a_batch_of_care_request_events_looks_its_rows_up_once_per_table_and_type(client) -> None:
    """Issue 11: a fetch's care-request events read the dashboard's and the follow-up
    figures' rows in one query per table and event type, not one per event — and an event
    still sees what an earlier one in the same batch kept (acknowledged right after created)
    or stored before."""
    engine = client.app.state.runtime.engine
    earlier = created("2365")
    deliver(client, earlier, at=NOW - timedelta(hours=5))
    fresh = [created("2365") for _ in range(3)]
    payloads = [
        *fresh,
        answer(CareRequestAcknowledged, fresh[0]),
        answer(CareRequestAcknowledged, earlier),
    ]
    batch = [
        wrap(p, producer="referral", partition_key=p.patient_ref, correlation_id="c").model_copy(
            update={"occurred_at": NOW - timedelta(hours=1)}
        )
        for p in payloads
    ]
    with statements_sent(engine) as statements:
        outcomes = apply_batch(engine, "notification", batch, EVENT_HANDLERS)
    assert outcomes == ["applied"] * 5
    reads = [s for s in statements if s.upper().startswith("SELECT")]
    for table in ("care_request_tracking", "followup_care_request"):
        # created ×3 and acknowledged ×2: one read each
        assert len([s for s in reads if f"FROM {table} " in f"{s} "]) == 2, table
    waiting = unanswered(client, nurse("2365"))
    states = {
        str(r.care_request_id): waiting[str(r.care_request_id)]["state"] for r in payloads[:3]
    }
    assert states[str(fresh[0].care_request_id)] == "acknowledged"
    assert [states[str(r.care_request_id)] for r in fresh[1:]] == ["created", "created"]
    assert waiting[str(earlier.care_request_id)]["state"] == "acknowledged"
