"""The embedded broker auto-creates a topic a client asks for (as after a restart that lost its
topics) with its own partition count; the embedded setups configure the same count, so a topic
is alike whoever creates it first (kafka.EMBEDDED_TOPIC_PARTITIONS). And what the launcher
gives the services for this broker."""

from __future__ import annotations

from pathlib import Path

import pytest
from handover_common.broker import EmbeddedBroker
from handover_common.kafka import (
    EMBEDDED_BROKER_SETTINGS,
    EMBEDDED_CARE_PATH_FETCH_MAX_WAIT_MS,
    EMBEDDED_TOPIC_PARTITIONS,
    start_producer,
)
from handover_common.launcher import SERVICES, LocalSystem
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


def test_the_consumers_on_the_way_to_a_care_request_fetch_with_a_shorter_wait(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Responsibility and referral take a discharge to its care request: their hops are short
    (EMBEDDED_CARE_PATH_FETCH_MAX_WAIT_MS); the others keep the embedded default."""
    monkeypatch.delenv("CONSUMER_FETCH_MAX_WAIT_MS", raising=False)
    system = LocalSystem(tmp_path)
    system.suit_embedded_broker()
    waits = {name: system._env(name, 1, "x")["CONSUMER_FETCH_MAX_WAIT_MS"] for name in SERVICES}
    path = str(EMBEDDED_CARE_PATH_FETCH_MAX_WAIT_MS)
    other = EMBEDDED_BROKER_SETTINGS["CONSUMER_FETCH_MAX_WAIT_MS"]
    assert waits == {
        "referral": path,
        "responsibility": path,
        "billing": other,
        "notification": other,
    }
    assert path != other


def test_a_fetch_wait_set_in_the_environment_or_by_the_caller_wins(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CONSUMER_FETCH_MAX_WAIT_MS", "20")
    from_environment = LocalSystem(tmp_path)
    from_environment.suit_embedded_broker()
    by_caller = LocalSystem(tmp_path, extra_env={"CONSUMER_FETCH_MAX_WAIT_MS": "70"})
    for_referral = LocalSystem(
        tmp_path, service_env={"referral": {"CONSUMER_FETCH_MAX_WAIT_MS": "500"}}
    )
    monkeypatch.delenv("CONSUMER_FETCH_MAX_WAIT_MS")
    by_caller.suit_embedded_broker()
    for_referral.suit_embedded_broker()
    for name in SERVICES:
        assert from_environment._env(name, 1, "x")["CONSUMER_FETCH_MAX_WAIT_MS"] == "20"
        assert by_caller._env(name, 1, "x")["CONSUMER_FETCH_MAX_WAIT_MS"] == "70"
    assert for_referral._env("referral", 1, "x")["CONSUMER_FETCH_MAX_WAIT_MS"] == "500"
    path = str(EMBEDDED_CARE_PATH_FETCH_MAX_WAIT_MS)
    assert for_referral._env("responsibility", 1, "x")["CONSUMER_FETCH_MAX_WAIT_MS"] == path
