"""Kafka clients with settings that work on Apache Kafka and on the embedded Tansu alike."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

log = logging.getLogger(__name__)
START_TIMEOUT = 20.0


async def start_producer(bootstrap: str) -> AIOKafkaProducer:
    # Idempotent/transactional producers do not work on Tansu; the outbox + inbox give
    # exactly-once effects instead (guides/local-kafka.md).
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=2)
    await asyncio.wait_for(producer.start(), START_TIMEOUT)
    return producer


EMBEDDED_SESSION_TIMEOUT_MS = 2000
"""The embedded broker holds a group join for half the session timeout; Apache Kafka accepts
6000 ms at the lowest by default, so only the embedded setups use this."""
EMBEDDED_FETCH_MAX_WAIT_MS = 150
"""The embedded broker holds every fetch for part of its maximum wait even when records arrive
meanwhile (Apache Kafka answers as soon as there are any), so a short wait means a fast hop
but a fetch every few milliseconds from every consumer. On 2 cores with everything on them
(`make bench`, issue 11), per discharge at 20/s: 20 ms → 102 ms of CPU, 60 → 85, 100 → 72–77,
150 → 54, 200 → 41; POST → care request at 20/s stayed 110–170 ms p50 across them (CPU was
the queue). The tests keep 20 ms: they wait on hops, not on CPU."""
TEST_FETCH_MAX_WAIT_MS = 20
EMBEDDED_IDLE_FETCH_MAX_WAIT_MS = 1000
"""An idle consumer's fetch wait on the embedded broker: the first event after a quiet spell
waits about half of this per hop, once; an idle system's CPU follows the number of fetches.
Whole system idle, 15 s windows, two each (issue 11): 3000 ms 1.9–3.3 % of a core, 1500 ms
2.5–3.6 %, 1000 ms 2.7–3.7 %. At 3000 the first events of a burst waited up to 1.5 s a hop,
and 200/s after a quiet spell fell behind in both quick runs; at 1000 it held in both."""
EMBEDDED_TOPIC_PARTITIONS = 4
"""The partitions the embedded broker gives a topic it auto-creates: it does so for any client
that asks for a topic it lost in a restart, usually before a service's topic guard re-creates
it. Configured alike, a topic is the same whoever creates it. Otherwise a consumer whose view
still held 3 was assigned 3 of 4, and the broker keeps a member's first assignment when that
member rejoins, so events on the fourth partition waited until a restart (a CI run of
tests/faults/test_broker_restart.py; tests/integration/test_embedded_broker.py checks the 4)."""
EMBEDDED_CARE_PATH_FETCH_MAX_WAIT_MS = 40
"""The fetch wait on the embedded broker of the consumers a discharge passes on its way to a
care request (responsibility, then referral): each hop waits about a quarter of it on average.
At 20/s, 2026-12-07, back to back: POST → care request p50 91 → 37 ms, at 50/s 107 → 46 ms.
It costs CPU where there is CPU to spare: a fetch then brings one or two events, each a
transaction and an offset commit of its own; at 50/s steady the whole system used 93 % → 120–
129 % of a core (80 ms: p50 79 ms, 105–124 %). Under load a fetch finds records waiting, the
batches grow, and the wait is moot. Billing and notification keep 150: nobody waits on them in
milliseconds."""
EMBEDDED_SERVICE_SETTINGS = {
    service: {"CONSUMER_FETCH_MAX_WAIT_MS": str(EMBEDDED_CARE_PATH_FETCH_MAX_WAIT_MS)}
    for service in ("responsibility", "referral")
}
"""Per service, over EMBEDDED_BROKER_SETTINGS; a value set in the environment wins."""
EMBEDDED_BROKER_SETTINGS = {
    "TOPIC_PARTITIONS": str(EMBEDDED_TOPIC_PARTITIONS),
    "CONSUMER_SESSION_TIMEOUT_MS": str(EMBEDDED_SESSION_TIMEOUT_MS),
    "CONSUMER_FETCH_MAX_WAIT_MS": str(EMBEDDED_FETCH_MAX_WAIT_MS),
    "CONSUMER_IDLE_FETCH_MAX_WAIT_MS": str(EMBEDDED_IDLE_FETCH_MAX_WAIT_MS),
}
"""The settings' defaults suit Apache Kafka; these suit the embedded broker."""


def make_consumer(
    bootstrap: str,
    group: str,
    topics: Iterable[str],
    session_timeout_ms: int = 6000,
    fetch_max_wait_ms: int = 500,
    max_records: int = 500,
) -> AIOKafkaConsumer:
    # new groups start from `earliest`: `latest` is unreliable on the embedded broker
    return AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        session_timeout_ms=session_timeout_ms,
        heartbeat_interval_ms=session_timeout_ms // 4,
        fetch_max_wait_ms=fetch_max_wait_ms,
        max_poll_records=max_records,
    )


class FetchPace:
    """A short fetch wait while events flow, a long one once the consumer has been idle.

    The embedded broker holds each fetch for about half its maximum wait, so a short wait is
    what keeps a hop fast; but an idle consumer then wakes a hundred times a second for
    nothing. After `idle_seconds` without records the wait goes up to `idle_ms` (the first
    event after a quiet spell pays it once per hop), and back down when records come.
    """

    def __init__(self, consumer: AIOKafkaConsumer, busy_ms: int, idle_ms: int, idle_seconds: float):
        self._consumer = consumer
        self._busy_ms = busy_ms
        self._idle_ms = max(idle_ms, busy_ms)
        self._idle_seconds = idle_seconds
        self._last_records = time.monotonic()

    def saw(self, records: int) -> None:
        now = time.monotonic()
        if records:
            self._last_records = now
            self._set(self._busy_ms)
        elif now - self._last_records > self._idle_seconds:
            self._set(self._idle_ms)

    def _set(self, wait_ms: int) -> None:
        # aiokafka reads this attribute for every fetch request it builds (0.14 pinned in uv.lock)
        fetcher = getattr(self._consumer, "_fetcher", None)
        if fetcher is not None and hasattr(fetcher, "_fetch_max_wait_ms"):
            fetcher._fetch_max_wait_ms = wait_ms


async def ensure_topics(
    bootstrap: str, topics: Iterable[str], partitions: int, replication: int = 1
) -> list[str]:
    """Create the topics that do not exist, as configured; returns those it created."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await asyncio.wait_for(admin.start(), START_TIMEOUT)
    try:
        existing = set(await admin.list_topics())
        wanted = [NewTopic(t, partitions, replication) for t in topics if t not in existing]
        if wanted:
            try:
                await admin.create_topics(wanted)
            except TopicAlreadyExistsError:
                log.info("topics created concurrently by another service")
        return [topic.name for topic in wanted]
    finally:
        await admin.close()
