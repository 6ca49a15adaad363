"""The embedded broker auto-creates a topic a client asks for (as after a restart that lost its
topics) with its own partition count; the embedded setups configure the same count, so a topic
is alike whoever creates it first (kafka.EMBEDDED_TOPIC_PARTITIONS)."""

from __future__ import annotations

import pytest
from handover_common.broker import EmbeddedBroker
from handover_common.kafka import (
    EMBEDDED_BROKER_SETTINGS,
    EMBEDDED_TOPIC_PARTITIONS,
    start_producer,
)
from handover_common.settings import ServiceSettings


async def test_a_topic_asked_for_is_auto_created_with_the_embedded_partition_count(
    broker: EmbeddedBroker,
) -> None:
    producer = await start_producer(broker.bootstrap_servers)
    try:
        partitions = await producer.partitions_for("handover.test.asked-for-first")
    finally:
        await producer.stop()
    assert len(partitions) == EMBEDDED_TOPIC_PARTITIONS


def test_the_embedded_setups_configure_that_count(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in EMBEDDED_BROKER_SETTINGS.items():
        monkeypatch.setenv(name, value)
    assert ServiceSettings().topic_partitions == EMBEDDED_TOPIC_PARTITIONS
