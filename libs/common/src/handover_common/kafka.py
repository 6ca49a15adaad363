"""Kafka clients with settings that work on Apache Kafka and on the embedded Tansu alike."""

from __future__ import annotations

import asyncio
import logging
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


def make_consumer(
    bootstrap: str, group: str, topics: Iterable[str], session_timeout_ms: int = 6000
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
        max_poll_records=200,
    )


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
