"""Issue 10, the fault suite: a steady stream of discharges through the whole system on
PostgreSQL (a fresh database per service per scenario), one fault injected mid-stream, then the
count check — discharges = decisions = care requests = notices, 0 lost, 0 duplicated, 0 stuck,
nothing in a dead-letter topic but the poison the test sent itself. Run with `-s` to see the
table of figures.

`make test` runs the quick scenarios; `make faults` (HANDOVER_FAULTS=all) runs every one."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psycopg
import pytest
from aiokafka import AIOKafkaProducer
from handover_common.broker import free_port
from handover_common.launcher import SERVICES, LocalSystem, ServiceProcess
from handover_contracts import ALL_TOPICS, EVENTS, Envelope, Topics, dead_letter_topic, encode

from tests.support.databases import PG_ADMIN_URL, fresh_postgres, postgres_available
from tests.support.identity import HOSPITAL_23, NURSE_2380
from tests.support.kafka import drain, eventually
from tests.support.people import discharge_body
from tests.support.system import postgres_dsn, running_system, scalar, url

pytestmark = pytest.mark.e2e
STREAM = 80  # discharges per scenario
PER_SECOND = 20  # posted at a steady rate, so the fault lands mid-stream
ALL_SCENARIOS = os.environ.get("HANDOVER_FAULTS") == "all"
QUICK_KILL = "responsibility"  # the one kill `make test` runs; `make faults` kills each

# which topics each service consumes (its bootstrap's `topics`)
CONSUMED: dict[str, tuple[str, ...]] = {
    "referral": (Topics.RESPONSIBILITY,),
    "responsibility": (Topics.PATIENT,),
    "billing": (Topics.RESPONSIBILITY, Topics.WORK, Topics.PATIENT),
    "notification": ALL_TOPICS,
}

DISCHARGES = "select count(*) from discharge"
STUCK = "select count(*) from discharge where outcome = 'awaiting-decision'"
DECISIONS = "select count(*) from decision"
DECIDED_DISCHARGES = "select count(distinct source_event_id) from decision"
CARE_REQUESTS = "select count(*) from care_request"
REQUESTED_DISCHARGES = "select count(distinct discharge_id) from care_request"
NOTICES = "select count(distinct event_id) from notice where event_type = 'care-request.created'"


def longer_run(reason: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not ALL_SCENARIOS, reason=f"{reason}: make faults")


# ---------------------------------------------------------------------------------- the system


@contextmanager
def system_on_postgres(
    tmp_path: Path, extra_env: dict[str, str] | None = None
) -> Iterator[LocalSystem]:
    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable at HANDOVER_TEST_PG_URL")
        pytest.skip("PostgreSQL not reachable")
    with ExitStack() as stack:
        databases = {service: stack.enter_context(fresh_postgres()) for service in SERVICES}
        yield stack.enter_context(running_system(tmp_path, extra_env, databases))


def bootstrap_of(system: LocalSystem) -> str:
    assert system.broker is not None, "the fault suite runs on the embedded broker"
    return system.broker.bootstrap_servers


def database_name(system: LocalSystem, service: str) -> str:
    return system.database_urls[service].rsplit("/", 1)[1]


# ---------------------------------------------------------------------------------- the stream


async def steady_stream(system: LocalSystem, indices: range) -> list[str]:
    """Discharges at PER_SECOND, each sent again (same message_id, so at most once) while
    referral is away or answers 5xx."""
    async with httpx.AsyncClient(
        base_url=url(system, "referral"), timeout=30, headers=HOSPITAL_23
    ) as client:

        async def post(index: int) -> str:
            body = {
                **discharge_body(index),
                "message_id": str(uuid.uuid5(uuid.NAMESPACE_OID, str(index))),
            }
            deadline = time.monotonic() + 120
            while True:
                try:
                    response = await client.post("/v1/discharges", json=body)
                    if response.status_code < 500:
                        break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                await asyncio.sleep(0.25)  # referral restarting: try again shortly
            assert response.status_code in (200, 202), response.text
            return str(response.json()["discharge_id"])

        posts = []
        for index in indices:
            posts.append(asyncio.create_task(post(index)))
            await asyncio.sleep(1 / PER_SECOND)
        return list(await asyncio.gather(*posts))


@asynccontextmanager
async def stream_of_discharges(system: LocalSystem, total: int = STREAM) -> AsyncIterator[None]:
    """The stream runs in the background; the body injects the fault once it is flowing."""
    posting = asyncio.create_task(steady_stream(system, range(total)))
    await eventually(lambda: scalar(system, "responsibility", DECISIONS) >= 10, timeout=60)
    assert not posting.done(), "the fault must land while discharges are still flowing"
    yield
    ids = await posting
    assert len(set(ids)) == total


# ---------------------------------------------------------------------------- the count check


@dataclass
class Figures:
    scenario: str
    discharges: int = 0
    decisions: int = 0
    care_requests: int = 0
    notices: int = 0
    lost: int = 0
    duplicated: int = 0
    stuck: int = 0
    unexpected_dead_letters: int = 0
    seconds: float = 0.0

    def row(self) -> str:
        return (
            f"{self.scenario:<34} {self.discharges:>10} {self.decisions:>9} "
            f"{self.care_requests:>13} {self.notices:>7} {self.lost:>4} {self.duplicated:>10} "
            f"{self.stuck:>5} {self.unexpected_dead_letters:>12} {self.seconds:>6.1f}"
        )


HEADER = (
    f"{'scenario':<34} {'discharges':>10} {'decisions':>9} {'care requests':>13} "
    f"{'notices':>7} {'lost':>4} {'duplicated':>10} {'stuck':>5} {'dead letters':>12} "
    f"{'s':>6}"
)
TABLE: list[Figures] = []


@pytest.fixture(scope="module", autouse=True)
def table_of_figures() -> Iterator[None]:
    yield
    if TABLE:
        print("\n\nfault suite (dead letters: beyond the poison the test sent)")
        print(HEADER)
        for figures in TABLE:
            print(figures.row())


async def dead_letters(system: LocalSystem, service: str, expected: int) -> int:
    """Everything on the service's dead-letter topic (read until a short quiet spell)."""
    records = await drain(bootstrap_of(system), dead_letter_topic(service), expected + 1, 4.0)
    return len(records)


async def count_check(
    system: LocalSystem,
    scenario: str,
    started: float,
    total: int = STREAM,
    poison: dict[str, int] | None = None,
) -> Figures:
    """Waits for the stream to come through, then: every figure equals `total`."""

    def through() -> bool:
        return (
            scalar(system, "referral", CARE_REQUESTS) >= total
            and scalar(system, "notification", NOTICES) >= total
        )

    with contextlib.suppress(AssertionError):  # the figures below say what is missing
        await eventually(through, timeout=120)
    expected_dead = poison or {}
    found_dead = await asyncio.gather(
        *(dead_letters(system, s, expected_dead.get(s, 0)) for s in SERVICES)
    )
    discharges = scalar(system, "referral", DISCHARGES)
    decisions = scalar(system, "responsibility", DECISIONS)
    care_requests = scalar(system, "referral", CARE_REQUESTS)
    requested = scalar(system, "referral", REQUESTED_DISCHARGES)
    figures = Figures(
        scenario,
        discharges=discharges,
        decisions=decisions,
        care_requests=care_requests,
        notices=scalar(system, "notification", NOTICES),
        lost=total - requested,
        duplicated=(decisions - scalar(system, "responsibility", DECIDED_DISCHARGES))
        + (care_requests - requested),
        stuck=scalar(system, "referral", STUCK),
        unexpected_dead_letters=sum(
            abs(found - expected_dead.get(s, 0))
            for s, found in zip(SERVICES, found_dead, strict=True)
        ),
        seconds=time.monotonic() - started,
    )
    TABLE.append(figures)
    print("\n" + HEADER + "\n" + figures.row())
    return figures


def assert_nothing_lost(figures: Figures, total: int = STREAM) -> None:
    counts = {figures.discharges, figures.decisions, figures.care_requests, figures.notices}
    assert counts == {total}, figures
    assert (figures.lost, figures.duplicated, figures.stuck) == (0, 0, 0), figures
    assert figures.unexpected_dead_letters == 0, figures


# ------------------------------------------------------------------------------ 1. SIGKILL


@pytest.mark.parametrize(
    "service",
    [
        pytest.param(s, marks=[] if s == QUICK_KILL else [longer_run("each service killed")])
        for s in SERVICES
    ],
)
async def test_killing_a_service_mid_stream_loses_and_doubles_nothing(
    tmp_path: Path, service: str
) -> None:
    started = time.monotonic()
    with system_on_postgres(tmp_path) as system:
        async with stream_of_discharges(system):
            victim = system.services[service]
            victim.kill()  # SIGKILL: no shutdown hooks, no final commit
            victim.start()
            victim.wait_ready()
        assert_nothing_lost(await count_check(system, f"SIGKILL {service}", started))


# ------------------------------------------------------------------------------- 2. poison


def handled_by(service: str) -> set[str]:
    """The event types a service applies (the others it ignores, so they cannot poison it)."""
    if service == "responsibility":
        from responsibility.domain import load_catalogue
        from responsibility.service_layer.handlers import event_handlers

        return set(event_handlers(load_catalogue()))
    if service == "referral":
        from referral.service_layer.handlers import EVENT_HANDLERS as referral_handlers

        return set(referral_handlers)
    if service == "billing":
        from billing.service_layer.handlers import EVENT_HANDLERS as billing_handlers

        return set(billing_handlers)
    from notification.service_layer.handlers import EVENT_HANDLERS as notification_handlers

    return set(notification_handlers)


def poison_type_for(topic: str, handlers: dict[str, set[str]]) -> str:
    """The event type on `topic` that the most of its consumers apply."""
    on_topic = [name for name, spec in EVENTS.items() if spec.topic == topic]
    consumers = [s for s, topics in CONSUMED.items() if topic in topics]
    return max(on_topic, key=lambda name: sum(name in handlers[s] for s in consumers))


def schema_invalid(event_type: str) -> bytes:
    """A well-formed envelope whose payload does not match its type."""
    spec = EVENTS[event_type]
    return encode(
        Envelope(
            event_type=event_type,
            schema_version=spec.version,
            producer="fault-suite",
            correlation_id="fault-suite-poison",
            partition_key=f"poison-{uuid.uuid4().hex[:8]}",
            payload={"bogus": 1},
        )
    )


UNDECODABLE = b"\xff\xfe not an envelope {"


async def send_poison(system: LocalSystem) -> dict[str, int]:
    """An undecodable record and a schema-invalid envelope on every topic; returns how many
    dead letters each consumer should then hold."""
    handlers = {service: handled_by(service) for service in SERVICES}
    poison_types = {topic: poison_type_for(topic, handlers) for topic in ALL_TOPICS}
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap_of(system))
    await producer.start()
    try:
        for topic in ALL_TOPICS:
            key = f"poison-{uuid.uuid4().hex[:8]}".encode()
            await producer.send_and_wait(topic, UNDECODABLE, key=key)
            await producer.send_and_wait(topic, schema_invalid(poison_types[topic]), key=key)
    finally:
        await producer.stop()
    return {
        service: sum(1 + (poison_types[t] in handlers[service]) for t in topics)
        for service, topics in CONSUMED.items()
    }


async def test_poison_on_every_topic_is_dead_lettered_and_the_stream_goes_on(
    tmp_path: Path,
) -> None:
    started = time.monotonic()
    with system_on_postgres(tmp_path) as system:
        async with stream_of_discharges(system):
            expected = await send_poison(system)
        print(f"\npoison dead letters expected per consumer: {expected}")
        figures = await count_check(system, "poison on every topic", started, poison=expected)
        assert_nothing_lost(figures)


# ------------------------------------------------------------------------ 3. database outage


@contextmanager
def admin() -> Iterator[psycopg.Connection]:
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as connection:
        yield connection


async def cut_database(name: str, seconds: float) -> None:
    with admin() as db:
        db.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        db.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
    try:
        await asyncio.sleep(seconds)  # the outage itself: a duration, not a condition
    finally:
        with admin() as db:
            db.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@longer_run("a 10 s database outage")
@pytest.mark.parametrize("service", ["responsibility", "referral"])
async def test_a_database_outage_is_waited_for_not_dead_lettered(
    tmp_path: Path, service: str
) -> None:
    started = time.monotonic()
    with system_on_postgres(tmp_path) as system:
        async with stream_of_discharges(system):
            await cut_database(database_name(system, service), seconds=10)
        assert_nothing_lost(await count_check(system, f"10 s outage {service} db", started))


# ------------------------------------------------------------------- 4. conflicting answers


CONFLICTS = 10
ANSWERED = (
    "select count(*) from outbox "
    "where event_type in ('care-request.accepted', 'care-request.rejected')"
)
ANSWERED_PATIENTS = (
    "select count(distinct partition_key) from outbox "
    "where event_type in ('care-request.accepted', 'care-request.rejected')"
)
REJECTION = {"reason_code": "missing_information", "reason_text": "fault suite: a conflict"}


async def answer_both_ways(client: httpx.AsyncClient, care_request_id: str) -> list[int]:
    """Received first (only a received request can be accepted or rejected), then both."""
    base = f"/v1/care-requests/{care_request_id}"
    received = await client.post(f"{base}/acknowledge", headers=NURSE_2380)
    assert received.status_code == 200, received.text
    accept, reject = await asyncio.gather(
        client.post(f"{base}/accept", headers=NURSE_2380),
        client.post(f"{base}/reject", json=REJECTION, headers=NURSE_2380),
    )
    return sorted([accept.status_code, reject.status_code])


def care_request_ids(system: LocalSystem) -> list[str]:
    with psycopg.connect(postgres_dsn(system.database_urls["referral"])) as db:
        return [str(row[0]) for row in db.execute("select id from care_request order by id")]


@longer_run("conflicting answers")
async def test_a_nurse_accepting_and_rejecting_at_once_gets_one_answer(tmp_path: Path) -> None:
    started = time.monotonic()
    with system_on_postgres(tmp_path) as system:
        await steady_stream(system, range(CONFLICTS))
        figures = await count_check(system, "accept and reject at once", started, CONFLICTS)
        assert_nothing_lost(figures, CONFLICTS)
        async with httpx.AsyncClient(base_url=url(system, "referral"), timeout=30) as client:
            outcomes = await asyncio.gather(
                *(answer_both_ways(client, i) for i in care_request_ids(system))
            )
        print(f"accept/reject status pairs: {outcomes}")
        assert outcomes == [[200, 409]] * CONFLICTS
        assert scalar(system, "referral", ANSWERED) == CONFLICTS
        assert scalar(system, "referral", ANSWERED_PATIENTS) == CONFLICTS


# ------------------------------------------------------------------------ 5. two replicas


def second_replica(system: LocalSystem, service: str) -> ServiceProcess:
    first = system.services[service]
    port = free_port()
    return ServiceProcess(
        service,
        port,
        {**first.env, "PORT": str(port)},
        system.data_dir / f"{service}-2.log",
    )


@longer_run("two replicas")
async def test_killing_one_of_two_replicas_loses_and_doubles_nothing(tmp_path: Path) -> None:
    started = time.monotonic()
    with system_on_postgres(tmp_path) as system:
        replica = second_replica(system, "responsibility")
        replica.start()
        try:
            replica.wait_ready()
            async with stream_of_discharges(system):
                system.services["responsibility"].kill()
            figures = await count_check(system, "kill 1 of 2 responsibility", started)
        finally:
            replica.stop()
        assert_nothing_lost(figures)
