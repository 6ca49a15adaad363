"""Issue 12 section 1 on SQLite and PostgreSQL: webhooks to a real receiver on loopback —
signatures, application acknowledgements, resends within the limit, catch-up after downtime,
a patient's messages in order — and the feed."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_common.tables import AuditEntry
from handover_contracts import wrap
from handover_contracts.envelope import utcnow
from handover_contracts.events import CareRequestCreated
from notification.adapters.delivery_tables import (
    DeliveryAttemptRow,
    DeliveryRow,
    SubscriptionRow,
)
from notification.adapters.secret_box import SEALED, SecretBox, opens_stored, seal_stored
from notification.bootstrap import bootstrap
from notification.entrypoints import sealing
from notification.service_layer.delivery import policy_of
from notification.service_layer.delivery_worker import Sender, deliver_due, delivery_worker
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings
from sqlmodel import Session, col, select

from tests.support.identity import OPERATIONS, as_caller
from tests.support.people import patient_ref
from tests.support.webhook_receiver import Receiver

pytestmark = pytest.mark.integration
CREATED = "care-request.created"
ORGS = iter(range(2401, 2499))  # a municipality of its own for each test


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = NotificationSettings(
        database_url=module_database_url,
        kafka_bootstrap_servers=broker.bootstrap_servers,
        delivery_worker=False,  # the tests drive the worker themselves, on their clock
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@dataclasses.dataclass
class World:
    client: TestClient
    clock: Clock
    http: httpx.Client
    code: str  # the test's municipality
    nurse: dict[str, str]
    subscriptions: list[str] = dataclasses.field(default_factory=list)

    @property
    def engine(self):
        return self.client.app.state.runtime.engine  # type: ignore[attr-defined]

    def tick(self) -> int:
        settings = self.client.app.state.runtime.settings  # type: ignore[attr-defined]
        sender = Sender(self.http, policy_of(settings), SecretBox(settings.webhook_secret_key))
        return deliver_due(self.engine, sender, self.clock.now)

    def ticks(self, every: timedelta = timedelta(minutes=5)) -> int:
        """Rounds until nothing more is sent; the requests made."""
        made = 0
        for _ in range(10):
            if not (sent := self.tick()):
                return made
            made += sent
            self.clock.now += every
        raise AssertionError("the worker never settled")

    def subscribe(self, receiver: Receiver, event_types=(CREATED,)) -> str:
        answer = self.client.post(
            "/v1/subscriptions",
            json={"url": receiver.url, "event_types": list(event_types)},
            headers=self.nurse,
        )
        assert answer.status_code == 201, answer.text
        receiver.secret = answer.json()["secret"]
        self.subscriptions.append(str(answer.json()["id"]))
        return self.subscriptions[-1]

    def event(self, ref: str | None = None) -> CareRequestCreated:
        payload = CareRequestCreated(
            care_request_id=uuid.uuid4(),
            discharge_id=uuid.uuid4(),
            decision_id=uuid.uuid4(),
            patient_ref=ref or patient_ref(),
            municipality_code=self.code,
            components=["nursing"],
        )
        envelope = wrap(
            payload, producer="referral", partition_key=payload.patient_ref, correlation_id="c"
        )
        assert apply_once(self.engine, "notification", envelope, EVENT_HANDLERS) == "applied"
        return payload

    def ack(self, message_id: str, outcome: str = "ok", **more: str) -> httpx.Response:
        body = {"outcome": outcome, **more}
        answer: httpx.Response = self.client.post(
            f"/v1/deliveries/{message_id}/acknowledgement", json=body, headers=self.nurse
        )
        return answer

    def deliveries(self, subscription_id: str) -> list[DeliveryRow]:
        query = select(DeliveryRow).where(DeliveryRow.subscription_id == uuid.UUID(subscription_id))
        with Session(self.engine) as session:
            return list(session.exec(query.order_by(col(DeliveryRow.notice_id))))

    def open_alarms(self) -> list[dict[str, Any]]:
        answer = self.client.get("/v1/alarms", headers=OPERATIONS)
        items: list[dict[str, Any]] = answer.json()["items"]
        return items


@pytest.fixture
def world(client: TestClient) -> Iterator[World]:
    clock = Clock()
    client.app.state.clock = clock  # type: ignore[attr-defined]
    code = str(next(ORGS))
    with httpx.Client(timeout=5) as http:
        world = World(
            client, clock, http, code, as_caller(f"municipality:{code}", "municipal-nurse")
        )
        yield world
    for subscription in world.subscriptions:  # the next tests' rounds send nothing of this one
        client.delete(f"/v1/subscriptions/{subscription}", headers=world.nurse)


@pytest.fixture
def receiver(world: World) -> Iterator[Receiver]:
    running = Receiver(clock=lambda: world.clock.now.timestamp()).start()
    yield running
    running.stop()


def test_subscribing_shows_the_secret_once_and_refuses_what_breaks_a_rule(world) -> None:
    client, nurse = world.client, world.nurse
    bad = client.post(
        "/v1/subscriptions", json={"url": "ftp://x", "event_types": ["nope"]}, headers=nurse
    )
    assert bad.status_code == 422
    assert {(e["field"], e["rule"]) for e in bad.json()["errors"]} == {
        ("url", "SUBSCRIPTION-URL"),
        ("event_types.0", "SUBSCRIPTION-EVENT-TYPE"),
    }
    twice = {"url": "https://example.org/in", "event_types": [CREATED, CREATED]}
    answer = client.post("/v1/subscriptions", json=twice, headers=nurse)
    assert answer.json()["errors"][0]["rule"] == "SUBSCRIPTION-EVENT-TYPES"
    made = client.post(
        "/v1/subscriptions", json={**twice, "event_types": [CREATED]}, headers=nurse
    ).json()
    assert made["secret"].startswith("whsec_")
    assert made["organisation"] == f"municipality:{world.code}"
    own = client.get("/v1/subscriptions", headers=nurse).json()["items"]
    assert [s["id"] for s in own] == [made["id"]] and "secret" not in own[0]
    other = as_caller("municipality:2380", "municipal-nurse")
    assert made["id"] not in {
        s["id"] for s in client.get("/v1/subscriptions", headers=other).json()["items"]
    }
    assert made["id"] in {
        s["id"] for s in client.get("/v1/subscriptions", headers=OPERATIONS).json()["items"]
    }
    assert client.delete(f"/v1/subscriptions/{made['id']}", headers=other).status_code == 404
    assert client.delete(f"/v1/subscriptions/{made['id']}", headers=nurse).status_code == 204
    assert client.get("/v1/subscriptions", headers=nurse).json()["items"] == []


def test_a_signed_message_acknowledged_in_the_answer_is_delivered_once(world, receiver) -> None:
    subscription = world.subscribe(receiver)
    event = world.event()
    assert world.tick() == 1
    (got,) = receiver.received
    assert receiver.refused == []  # the signature and timestamp checked out
    assert got.body["patient_ref"] == event.patient_ref
    assert got.body["care_request_id"] == str(event.care_request_id)
    assert got.headers["handover-message-id"] == got.body["message_id"]
    assert got.headers["handover-subscription"] == subscription
    (delivery,) = world.deliveries(subscription)
    assert (delivery.state, delivery.outcome) == ("delivered", "ok")
    assert world.tick() == 0  # nothing more to send
    feed = world.client.get("/v1/feed", headers=world.nurse).json()["items"]
    assert got.body in feed  # the same message, the same id and sequence, in the feed


def stored_secret(world: World, subscription: str) -> str:
    with Session(world.engine) as session:
        return session.get_one(SubscriptionRow, uuid.UUID(subscription)).secret


def test_the_secret_is_stored_sealed_and_the_messages_are_signed_with_it(world, receiver) -> None:
    subscription = world.subscribe(receiver)
    stored = stored_secret(world, subscription)
    assert stored.startswith(SEALED) and receiver.secret not in stored
    world.event()
    assert world.tick() == 1
    assert len(receiver.received) == 1 and receiver.refused == []


def test_a_secret_stored_before_sealing_is_sealed_and_still_signs(world, receiver) -> None:
    subscription = world.subscribe(receiver)
    with Session(world.engine) as session:  # as a row written before secrets were sealed
        session.get_one(SubscriptionRow, uuid.UUID(subscription)).secret = receiver.secret
        session.commit()
    world.event()
    assert world.tick() == 1 and receiver.refused == []  # a plain one still signs
    settings = world.client.app.state.runtime.settings
    assert seal_stored(world.engine, SecretBox(settings.webhook_secret_key)) == 1
    assert stored_secret(world, subscription).startswith(SEALED)
    assert seal_stored(world.engine, SecretBox(settings.webhook_secret_key)) == 0
    world.event()
    assert world.tick() == 1
    assert len(receiver.received) == 2 and receiver.refused == []


def test_a_key_that_does_not_open_the_secret_sends_nothing_and_claims_nothing(
    world, receiver
) -> None:
    subscription = world.subscribe(receiver)
    world.event()
    settings = world.client.app.state.runtime.settings
    wrong = Sender(world.http, policy_of(settings), SecretBox("another key" * 4))
    assert not opens_stored(world.engine, wrong.secrets)
    assert deliver_due(world.engine, wrong, world.clock.now) == 0
    (delivery,) = world.deliveries(subscription)
    assert delivery.claimed_until is None and receiver.received == []
    assert world.tick() == 1 and receiver.refused == []  # the right key: it goes at once


def test_secrets_unsealed_for_a_rollback_and_sealed_again(world, receiver, monkeypatch) -> None:
    subscription = world.subscribe(receiver)
    monkeypatch.setenv("DATABASE_URL", world.engine.url.render_as_string(hide_password=False))
    assert sealing.main(["unseal"]) == 0
    assert stored_secret(world, subscription) == receiver.secret
    assert sealing.main(["seal"]) == 0
    assert stored_secret(world, subscription).startswith(SEALED)
    world.event()
    assert world.tick() == 1 and receiver.refused == []


def test_a_tampered_or_replayed_request_is_refused_by_the_receiver(world, receiver) -> None:
    world.subscribe(receiver)
    world.event()
    world.tick()
    (got,) = receiver.received
    body = json.dumps(got.body, separators=(",", ":")).encode()  # as sent: compact JSON
    assert receiver.verify(got.headers, body) is None
    assert receiver.verify(got.headers, body.replace(b"nursing", b"x") + b" ") is not None
    world.clock.advance(minutes=6)  # the same request later: outside the replay window
    assert receiver.verify(got.headers, body) == "timestamp outside the replay window"


def test_an_acknowledgement_by_api_settles_the_delivery_and_a_repeat_changes_nothing(
    world, receiver
) -> None:
    receiver.reply = None  # the receiver answers 202 and acknowledges later
    subscription = world.subscribe(receiver)
    world.event()
    world.tick()
    (delivery,) = world.deliveries(subscription)
    assert delivery.state == "awaiting-acknowledgement"
    message_id = str(delivery.message_id)
    refused = world.ack(message_id, "fatal-error")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    other = world.client.post(
        f"/v1/deliveries/{message_id}/acknowledgement",
        json={"outcome": "ok"},
        headers=as_caller("municipality:2380", "municipal-nurse"),
    )
    assert other.status_code == 404
    first = world.ack(message_id)
    assert first.status_code == 200 and first.json()["state"] == "delivered"
    again = world.ack(message_id, "fatal-error", reason="late second thoughts")
    assert again.json() == first.json()
    assert world.tick() == 0


def test_without_an_acknowledgement_it_is_resent_twice_then_operations_are_alarmed(
    world, receiver
) -> None:
    receiver.reply = None
    subscription = world.subscribe(receiver)
    world.event()
    assert world.tick() == 1
    world.clock.advance(minutes=14)
    assert world.tick() == 0  # the acknowledgement has 15 minutes
    for _ in range(2):
        world.clock.advance(minutes=1, seconds=1)
        assert world.tick() == 1
        world.clock.advance(minutes=14)
    world.clock.advance(minutes=1, seconds=1)
    assert world.tick() == 0
    ids = {r.message_id for r in receiver.received}
    assert len(receiver.received) == 3 and len(ids) == 1  # one message, resent twice
    assert [r.headers["handover-transmission"] for r in receiver.received] == ["1", "2", "3"]
    (delivery,) = world.deliveries(subscription)
    assert delivery.state == "exhausted"
    alarms = [a for a in world.open_alarms() if a["subject_id"] in ids]
    assert len(alarms) == 1 and alarms[0]["kind"] == "delivery"
    assert alarms[0]["audience"] == "operations"
    assert world.ack(ids.pop()).json()["state"] == "delivered"  # a late ok still counts
    assert not [a for a in world.open_alarms() if a["subject_id"] == str(delivery.message_id)]


def test_a_transient_error_is_resent_and_a_fatal_one_alarms_operations(world, receiver) -> None:
    receiver.reply = {"outcome": "transient-error", "reason": "database busy"}
    subscription = world.subscribe(receiver)
    world.event()
    assert world.tick() == 1
    (delivery,) = world.deliveries(subscription)
    assert delivery.state == "pending" and delivery.outcome == "transient-error"
    receiver.reply = {"outcome": "fatal-error", "reason": "unknown patient"}
    assert world.tick() == 0  # after a back-off
    world.clock.advance(seconds=11)
    assert world.tick() == 1
    (delivery,) = world.deliveries(subscription)
    assert (delivery.state, delivery.reason) == ("failed", "unknown patient")
    (alarm,) = [a for a in world.open_alarms() if a["subject_id"] == str(delivery.message_id)]
    assert "unknown patient" in alarm["summary"]


def test_a_patients_next_message_waits_for_the_acknowledgement_of_the_one_before(
    world, receiver
) -> None:
    receiver.reply = None
    subscription = world.subscribe(receiver)
    first, other = world.event(), world.event()
    second = world.event(first.patient_ref)
    assert world.tick() == 2
    sent = [r.body["care_request_id"] for r in receiver.received]
    assert sent == [str(first.care_request_id), str(other.care_request_id)]
    assert world.tick() == 0  # the patient's second message waits
    head = world.deliveries(subscription)[0]
    assert world.ack(str(head.message_id)).status_code == 200
    assert world.tick() == 1
    assert receiver.received[-1].body["care_request_id"] == str(second.care_request_id)


def test_a_receiver_down_for_an_hour_gets_everything_afterwards_in_order_once(
    world, receiver
) -> None:
    subscription = world.subscribe(receiver)
    receiver.stop()
    a, b = patient_ref(), patient_ref()
    events = [world.event(ref) for ref in (a, b, a, a, b)]
    for _ in range(13):  # an hour of rounds, every five minutes
        world.tick()
        world.clock.advance(minutes=5)
    assert receiver.received == []
    with Session(world.engine) as session:
        attempts = session.exec(select(DeliveryAttemptRow)).all()
        ours = {d.id for d in world.deliveries(subscription)}
        assert len([t for t in attempts if t.delivery_id in ours and not t.taken]) >= 13
    unreachable = [a for a in world.open_alarms() if a["subject_id"] == subscription]
    assert len(unreachable) == 1
    receiver.start()  # on the same port
    world.ticks()
    handled = [r.body for r in receiver.handled]
    assert len(receiver.received) == len(handled) == 5  # each once
    for ref in (a, b):
        expected = [str(e.care_request_id) for e in events if e.patient_ref == ref]
        assert [m["care_request_id"] for m in handled if m["patient_ref"] == ref] == expected
    assert all(d.state == "delivered" for d in world.deliveries(subscription))
    assert not [a for a in world.open_alarms() if a["subject_id"] == subscription]


def test_the_feed_pages_through_the_organisations_own_notices_in_order(world) -> None:
    a = patient_ref()
    events = [world.event(ref) for ref in (a, patient_ref(), a)]
    world.tick()  # numbers the feed
    elsewhere = as_caller("municipality:2380", "municipal-nurse")
    theirs = world.client.get("/v1/feed", headers=elsewhere).json()["items"]
    assert not {e.patient_ref for e in events} & {i["patient_ref"] for i in theirs}
    seen, after = [], 0
    while page := world.client.get(
        "/v1/feed", params={"after": after, "limit": 2}, headers=world.nurse
    ).json():
        if not page["items"]:
            break
        seen += page["items"]
        after = page["next_after"]
    assert [i["care_request_id"] for i in seen] == [str(e.care_request_id) for e in events]
    assert [i["sequence"] for i in seen] == sorted({i["sequence"] for i in seen})
    with Session(world.engine) as session:
        audited = session.exec(
            select(AuditEntry).where(
                AuditEntry.patient_ref == a, AuditEntry.route == "GET /v1/feed"
            )
        ).all()
        assert audited
    bad = world.client.get("/v1/feed", params={"after": -1}, headers=world.nurse)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "after"


def test_the_background_worker_sends_with_the_system_clock(world, receiver) -> None:
    world.client.app.state.clock = utcnow
    receiver.clock = lambda: utcnow().timestamp()
    world.subscribe(receiver)
    event = world.event()
    runtime = world.client.app.state.runtime
    fast = runtime.settings.model_copy(update={"delivery_worker": True})

    async def run_until_received() -> None:
        task = asyncio.create_task(delivery_worker(dataclasses.replace(runtime, settings=fast)))
        try:
            for _ in range(200):
                if receiver.received:
                    return
                await asyncio.sleep(0.05)
        finally:
            task.cancel()

    asyncio.run(run_until_received())
    assert [r.body["patient_ref"] for r in receiver.received] == [event.patient_ref]


def test_the_worker_seals_the_secrets_stored_plain_as_it_starts(world, receiver) -> None:
    subscription = world.subscribe(receiver)
    with Session(world.engine) as session:  # as a row written before secrets were sealed
        session.get_one(SubscriptionRow, uuid.UUID(subscription)).secret = receiver.secret
        session.commit()
    runtime = world.client.app.state.runtime
    off = runtime.settings.model_copy(update={"delivery_worker": False})
    asyncio.run(delivery_worker(dataclasses.replace(runtime, settings=off)))  # seals, then ends
    assert stored_secret(world, subscription).startswith(SEALED)
    world.event()
    assert world.tick() == 1 and receiver.refused == []


def test_the_worker_is_woken_by_a_commit_and_by_an_acknowledgement_not_by_its_poll(
    world, receiver
) -> None:
    """Issue 11: the worker's poll is only a safety net (an hour here). A committed notice is
    sent at once; the patient's next one waits for the acknowledgement, then goes at once."""
    world.client.app.state.clock = utcnow
    receiver.clock = lambda: utcnow().timestamp()
    receiver.reply = None  # taken now, acknowledged later through the API
    world.subscribe(receiver)
    runtime = world.client.app.state.runtime
    woken_only = runtime.settings.model_copy(
        update={"delivery_worker": True, "delivery_poll_seconds": 3600}
    )

    async def received(count: int) -> None:
        for _ in range(100):
            if len(receiver.received) >= count:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{len(receiver.received)} received, {count} expected")

    async def scenario() -> None:
        task = asyncio.create_task(
            delivery_worker(dataclasses.replace(runtime, settings=woken_only))
        )
        try:
            await asyncio.sleep(0.3)  # its first round found nothing: it now waits for an hour
            ref = patient_ref()
            await asyncio.to_thread(world.event, ref)
            await received(1)
            await asyncio.to_thread(world.event, ref)
            await asyncio.sleep(0.3)
            assert len(receiver.received) == 1  # the first is not acknowledged yet
            first = receiver.received[0].body["message_id"]
            assert (await asyncio.to_thread(world.ack, first)).status_code == 200
            await received(2)
        finally:
            task.cancel()

    asyncio.run(scenario())
