"""Replay: N patient.discharged envelopes already on the discharge topic, then a fresh
responsibility service (new, empty database) started as `make run` starts it, timed from its
start until its inbox holds all N."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from handover_common import kafka
from handover_common.broker import EmbeddedBroker, free_port
from handover_common.kafka import ensure_topics, start_producer
from handover_common.launcher import LocalSystem
from handover_contracts import ALL_TOPICS

from bench.harness.events import PARTITIONS, TOPIC, discharged_batch
from bench.harness.procs import cpu_seconds, system_processes
from tests.support.databases import fresh_postgres
from tests.support.system import scalar


@dataclass
class Replay:
    kind: str
    events: int
    produce_seconds: float
    ready_seconds: float  # process start → /ready
    seconds: float | None  # process start → inbox holds every event; None: not within timeout
    inbox: int  # rows at the end
    decisions: int
    cpu: float  # the service's CPU seconds
    timeout: float

    @property
    def rate(self) -> float:
        """Events into the inbox per second, from the process start."""
        return self.inbox / (self.seconds or self.timeout)

    @property
    def projected_seconds(self) -> float:
        """How long all events would take at the rate seen after /ready."""
        busy = (self.seconds or self.timeout) - self.ready_seconds
        return self.ready_seconds + self.events * busy / max(self.inbox, 1)


def embedded_settings() -> dict[str, str]:
    """What LocalSystem gives the services when it starts the embedded broker itself."""
    settings = getattr(kafka, "EMBEDDED_BROKER_SETTINGS", None)
    if settings is None:  # older handover_common: only the session timeout
        settings = {"CONSUMER_SESSION_TIMEOUT_MS": str(kafka.EMBEDDED_SESSION_TIMEOUT_MS)}
    return {str(k): str(v) for k, v in dict(settings).items()}


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """LocalSystem takes an external broker from KAFKA_BOOTSTRAP_SERVERS."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


async def _produce(bootstrap: str, batch: list[tuple[bytes, bytes]]) -> None:
    await ensure_topics(bootstrap, ALL_TOPICS, PARTITIONS)  # as the services create them
    producer = await start_producer(bootstrap)
    try:
        deliveries = [await producer.send(TOPIC, value, key=key) for key, value in batch]
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


def replay(kind: str, events: int, workdir: Path, timeout: float) -> Replay:
    batch = discharged_batch(events)
    with ExitStack() as stack:
        broker = stack.enter_context(EmbeddedBroker(port=free_port()))
        began = time.monotonic()
        asyncio.run(_produce(broker.bootstrap_servers, batch))
        produced = time.monotonic() - began
        del batch
        urls = (
            {"responsibility": stack.enter_context(fresh_postgres())} if kind == "postgres" else {}
        )
        system = LocalSystem(
            workdir / f"replay-{kind}",
            ports={"responsibility": free_port()},
            database_urls=urls,
            extra_env={"LOG_LEVEL": "WARNING", **embedded_settings()},
        )
        stack.callback(system.stop)
        with _environment(KAFKA_BOOTSTRAP_SERVERS=broker.bootstrap_servers):
            started = time.monotonic()
            system.start()
        ready = time.monotonic() - started
        pid = system_processes().get("responsibility", 0)
        inbox = 0
        took: float | None = None
        while time.monotonic() - started < timeout:
            inbox = scalar(system, "responsibility", "select count(*) from inbox")
            if inbox >= events:
                took = time.monotonic() - started
                break
            time.sleep(0.25)
        cpu = cpu_seconds(pid)
        decisions = scalar(system, "responsibility", "select count(*) from decision")
    return Replay(kind, events, produced, ready, took, inbox, decisions, cpu, timeout)
