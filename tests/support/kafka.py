"""Helpers for tests against the real broker: produce, drain and wait without fixed sleeps."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import NotLeaderForPartitionError
from handover_common.kafka import EMBEDDED_SESSION_TIMEOUT_MS, make_consumer


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


async def send_surely(producer: AIOKafkaProducer, topic: str, value: bytes, key: bytes) -> None:
    """Send and wait; the embedded broker sometimes refuses the first records on a topic just
    created (NotLeaderForPartition: nothing was written), as a relay would, send again."""
    for _ in range(20):
        try:
            await producer.send_and_wait(topic, value, key=key)
            return
        except NotLeaderForPartitionError:
            await asyncio.sleep(0.1)
    await producer.send_and_wait(topic, value, key=key)


async def drain(
    bootstrap: str, topic: str, expected: int, timeout: float = 30.0
) -> list[ConsumerRecord]:
    """Read `topic` from the start with a fresh group until `expected` records arrived."""
    consumer: AIOKafkaConsumer = make_consumer(
        bootstrap, unique("drain"), [topic], EMBEDDED_SESSION_TIMEOUT_MS
    )
    await consumer.start()
    records: list[ConsumerRecord] = []
    deadline = time.monotonic() + timeout
    try:
        while len(records) < expected and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for part in batch.values():
                records.extend(part)
    finally:
        await consumer.stop()
    return records


async def eventually(check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"condition not met within {timeout}s")


async def read_everything(bootstrap: str, topics: list[str], quiet_polls: int = 3) -> list[bytes]:
    """Keys, values and header values of every record on ``topics``, read from the start."""
    consumer: AIOKafkaConsumer = make_consumer(
        bootstrap, unique("read-all"), topics, EMBEDDED_SESSION_TIMEOUT_MS
    )
    await consumer.start()
    seen: list[bytes] = []
    quiet = 0
    try:
        while quiet < quiet_polls:
            batch = await consumer.getmany(timeout_ms=500)
            records = [r for part in batch.values() for r in part]
            quiet = quiet + 1 if not records and consumer.assignment() else 0
            for record in records:
                seen += [record.key or b"", record.value or b""]
                seen += [value for _, value in record.headers]
    finally:
        await consumer.stop()
    return seen
