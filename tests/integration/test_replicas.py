"""Issue 10, finding 7: two replicas of a service against one PostgreSQL — the relay sends each
outbox row once, a scheduled job runs in one replica, the migration runs once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import referral
from handover_common.db import make_engine
from handover_common.kafka import EMBEDDED_TOPIC_PARTITIONS, ensure_topics, start_producer
from handover_common.leases import Lease
from handover_common.migrate import upgrade
from handover_common.relay import OutboxRelay
from handover_common.unit_of_work import UnitOfWork
from sqlalchemy import Engine, inspect

from tests.integration.test_delivery import enrolled, republish
from tests.support.databases import fresh_postgres, postgres_available
from tests.support.kafka import drain
from tests.support.people import patient_ref

pytestmark = [pytest.mark.integration, pytest.mark.postgres]
MIGRATIONS = Path(referral.__file__).parent / "migrations"


@pytest.fixture
def postgres() -> Iterator[str]:
    if not postgres_available():
        pytest.skip("PostgreSQL not reachable")
    with fresh_postgres() as url:
        yield url


def test_replicas_starting_together_migrate_once(postgres) -> None:
    with ThreadPoolExecutor(3) as pool:
        list(pool.map(lambda _: upgrade(postgres, MIGRATIONS), range(3)))
    engine = make_engine(postgres)
    assert {"discharge", "care_request", "outbox"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_a_lease_has_one_holder_and_passes_on_when_it_is_let_go(postgres) -> None:
    upgrade(postgres, MIGRATIONS)
    first, second = make_engine(postgres), make_engine(postgres)
    a, b = Lease(first, "job"), Lease(second, "job")
    assert (a.held(), b.held()) == (True, False)
    assert a.held() and not b.held()
    a.release()
    assert b.held() and not a.held()
    b.release()
    first.dispose()
    second.dispose()


async def test_two_relays_send_every_row_once(postgres, broker) -> None:
    upgrade(postgres, MIGRATIONS)
    engines: list[Engine] = [make_engine(postgres), make_engine(postgres)]
    refs = [patient_ref(f"replica-{i}") for i in range(40)]
    with UnitOfWork(engines[0], "test") as uow:
        for ref in refs:
            republish(uow, enrolled(ref))
        uow.commit()
    await ensure_topics(
        broker.bootstrap_servers, ["handover.homecare.v1"], EMBEDDED_TOPIC_PARTITIONS
    )
    producers = [await start_producer(broker.bootstrap_servers) for _ in engines]
    relays = [
        OutboxRelay(e, p, "replica-test", batch_size=5)
        for e, p in zip(engines, producers, strict=True)
    ]
    tasks = [asyncio.create_task(relay.run_forever()) for relay in relays]
    try:
        records = await drain(broker.bootstrap_servers, "handover.homecare.v1", 10_000, timeout=8)
    finally:
        for task in tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for producer in producers:
            await producer.stop()
        for relay, engine in zip(relays, engines, strict=True):
            relay.lease.release()
            engine.dispose()
    mine = [r for r in records if r.key.decode() in set(refs)]
    assert len(mine) == len(refs), "each row sent by one replica, once"
