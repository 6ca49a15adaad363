"""Issue 10, finding 2: the broker restarts and loses what it held (the embedded broker keeps
nothing; a cluster can lose an unreplicated partition). The services recover on their own —
topics re-created as configured, producers and consumers reconnected — and operations re-drive
the outboxes from before the loss; the inboxes make the repeats harmless.

To lose events for certain, responsibility is stopped while discharges go out: they sit on the
broker, sent but unread, when it restarts. A client then asks for the lost topics before the
services' guards re-create them, so the broker auto-creates them. Count check at the end:
discharges = decisions = care requests = notices, none lost, none twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from handover_common.db import make_engine
from handover_common.kafka import start_producer
from handover_common.launcher import SERVICES, LocalSystem
from handover_common.republish import republish_since
from handover_common.settings import ServiceSettings
from handover_contracts import ALL_TOPICS

from tests.e2e.test_discharge_flow import post_discharges
from tests.support.kafka import eventually
from tests.support.system import running_system, scalar

pytestmark = pytest.mark.e2e
BATCH = 30
CARE_REQUESTS = "select count(*) from care_request"
UNSENT = "select count(*) from outbox where sent_at is null"
NOTICES = "select count(distinct event_id) from notice where event_type = 'care-request.created'"


def hops(system: LocalSystem) -> dict[str, int]:
    """Where the events are: should a wait time out, its message says which hop stalled."""
    return {
        "discharges": scalar(system, "referral", "select count(*) from discharge"),
        "inbox responsibility": scalar(system, "responsibility", "select count(*) from inbox"),
        "decisions": scalar(system, "responsibility", "select count(*) from decision"),
        **{f"unsent {name}": scalar(system, name, UNSENT) for name in SERVICES},
        "inbox referral": scalar(system, "referral", "select count(*) from inbox"),
        "care requests": scalar(system, "referral", CARE_REQUESTS),
    }


def problems(system: LocalSystem) -> str:
    """The services' warnings and errors (tests run them at WARNING), last few of each."""
    lines = []
    for name, service in system.services.items():
        logged = service.log_path.read_text(errors="replace").splitlines()
        lines += [f"{name}: {line[:300]}" for line in logged[-15:]]
    return "\n".join(lines)


async def reaches(system: LocalSystem, service: str, sql: str, total: int, timeout: float) -> None:
    try:
        await eventually(lambda: scalar(system, service, sql) >= total, timeout=timeout)
    except AssertionError as stalled:
        raise AssertionError(f"{stalled}: {hops(system)}\n{problems(system)}") from None


async def ask_first(bootstrap: str) -> None:
    """The worst order: a client asks for the lost topics before any service's guard re-creates
    them, and the embedded broker auto-creates them. Their partitions must be the configured
    ones, or consumers holding the old count miss a partition (kafka.EMBEDDED_TOPIC_PARTITIONS)."""
    producer = await start_producer(bootstrap)
    try:
        counts = {topic: len(await producer.partitions_for(topic)) for topic in ALL_TOPICS}
    finally:
        await producer.stop()
    assert set(counts.values()) == {ServiceSettings().topic_partitions}, counts


def re_drive(system: LocalSystem, since: datetime) -> int:
    """The runbook's step: every service's outbox from before the loss, sent again."""
    again = 0
    for service in SERVICES:
        engine = make_engine(f"sqlite:///{system.data_dir / service}.db")
        again += republish_since(engine, since)
        engine.dispose()
    return again


async def test_after_a_broker_lost_its_data_a_re_drive_loses_and_doubles_nothing(tmp_path) -> None:
    with running_system(tmp_path, extra_env={"TOPIC_CHECK_SECONDS": "1"}) as system:
        assert system.broker is not None
        await post_discharges(system, range(20_000, 20_000 + BATCH))
        await eventually(lambda: scalar(system, "referral", CARE_REQUESTS) >= BATCH, timeout=90)

        responsibility = system.services["responsibility"]
        responsibility.stop()
        before_loss = datetime.now(UTC)
        await post_discharges(system, range(20_100, 20_100 + BATCH))
        await eventually(lambda: scalar(system, "referral", UNSENT) == 0, timeout=30)
        system.broker.stop()  # the discharges on it, sent but unread, are gone
        system.broker.start()
        await ask_first(system.broker.bootstrap_servers)
        responsibility.start()
        responsibility.wait_ready()
        await asyncio.sleep(4)  # reconnected, topics re-created, nothing comes by itself
        assert scalar(system, "referral", CARE_REQUESTS) == BATCH, "the lost events stay lost"

        assert re_drive(system, before_loss) >= BATCH
        total = 2 * BATCH
        await reaches(system, "referral", CARE_REQUESTS, total, timeout=120)
        await reaches(system, "notification", NOTICES, total, timeout=60)
        figures = {
            "discharges": scalar(system, "referral", "select count(*) from discharge"),
            "decisions": scalar(system, "responsibility", "select count(*) from decision"),
            "care requests": scalar(system, "referral", CARE_REQUESTS),
            "notices": scalar(system, "notification", NOTICES),
        }
        print("\nbroker restart and re-drive:", figures)
        assert set(figures.values()) == {total}, figures
