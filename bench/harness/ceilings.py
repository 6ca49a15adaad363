"""Ceilings measured in the same run: the most a trivial FastAPI POST takes from the same
clients, and what the embedded broker does on its own with the same messages and client
settings the services use."""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from handover_common import kafka
from handover_common.broker import EmbeddedBroker, free_port, wait_for_port
from handover_common.kafka import (
    EMBEDDED_SESSION_TIMEOUT_MS,
    ensure_topics,
    make_consumer,
    start_producer,
)

from bench.harness.events import PARTITIONS, discharged_batch
from bench.harness.load import OpenLoopResult, WrkResult, open_loop, wrk
from bench.harness.procs import cpu_seconds, system_processes
from bench.harness.stats import Percentiles, percentiles


@contextmanager
def trivial_server() -> Iterator[tuple[int, int]]:
    """(port, pid) of the trivial POST app, in its own process."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "bench.harness.trivial_app", str(port)],
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        wait_for_port("127.0.0.1", port)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)


@dataclass
class HttpCeiling:
    wrk_runs: list[WrkResult]  # one thread, two threads, one thread again
    open_loop: list[OpenLoopResult]  # the generator against the trivial app, per offered rate

    @property
    def rate(self) -> float:
        """The trivial POST ceiling: the best of the wrk runs."""
        return max(run.rate for run in self.wrk_runs)

    @property
    def cpu_ms_per_request(self) -> float:
        """The trivial server's CPU per request (ms), at its best."""
        return min(1000 * run.server_cpu / run.requests for run in self.wrk_runs)


def http_ceiling(
    workdir: Path, seconds: float, rates: list[float], open_seconds: float
) -> HttpCeiling:
    with trivial_server() as (port, pid):
        wrk(port, "none", seconds=2, base=0, workdir=workdir, server_pid=pid)  # warm-up
        runs = [
            wrk(port, "none", seconds=seconds, base=0, workdir=workdir, server_pid=pid, threads=t)
            for t in (1, 2, 1)
        ]
        generated = [
            open_loop(
                port,
                rate=rate,
                seconds=open_seconds,
                base=0,
                workdir=workdir,
                server_pids=[pid],
                drain=10,
            )
            for rate in rates
        ]
    return HttpCeiling(runs, generated)


@dataclass
class Hop:
    fetch_max_wait_ms: int
    samples: int
    hop_ms: Percentiles  # produce → consume of one message at a time
    ack_ms: Percentiles  # send_and_wait of one message (what a relay waits for)


@dataclass
class BrokerCeiling:
    messages: int
    message_bytes: int
    produce_rate: float
    consume_rate: float
    hops: list[Hop]  # one per consumer fetch wait tried, the floor last
    broker_cpu: float  # the broker's CPU seconds for all of it

    @property
    def floor(self) -> Hop:
        """The hop with a fetch wait too short to matter: what the broker itself takes."""
        return self.hops[-1]


FLOOR_WAIT_MS = 10
AIOKAFKA_FETCH_MAX_WAIT_MS = 500  # aiokafka's own default


def fetch_waits() -> list[int]:
    """The fetch waits to time a hop with: the consumer's default (`make_consumer`, for
    Apache Kafka), the one the services use on the embedded broker when the project sets one
    (`EMBEDDED_FETCH_MAX_WAIT_MS`), and the floor."""
    parameter = inspect.signature(make_consumer).parameters.get("fetch_max_wait_ms")
    default = int(parameter.default) if parameter else AIOKAFKA_FETCH_MAX_WAIT_MS
    embedded = getattr(kafka, "EMBEDDED_FETCH_MAX_WAIT_MS", None)
    waits = {default, FLOOR_WAIT_MS} | ({int(embedded)} if embedded else set())
    return sorted(waits, reverse=True)


def broker_ceiling(messages: int, samples: int, floor_samples: int) -> BrokerCeiling:
    """`samples` single hops with a long fetch wait (each costs about half of it),
    `floor_samples` with a short one."""
    batch = discharged_batch(messages)
    with EmbeddedBroker(port=free_port()) as broker:
        pid = system_processes().get("broker", 0)
        before = cpu_seconds(pid)
        bootstrap = broker.bootstrap_servers
        produce, consume = asyncio.run(_rates(bootstrap, batch))
        hops = [
            asyncio.run(_hops(bootstrap, batch[: samples if wait >= 100 else floor_samples], wait))
            for wait in fetch_waits()
        ]
        spent = cpu_seconds(pid) - before
    return BrokerCeiling(
        messages=messages,
        message_bytes=round(sum(len(v) for _, v in batch) / len(batch)),
        produce_rate=produce,
        consume_rate=consume,
        hops=hops,
        broker_cpu=spent,
    )


async def _rates(bootstrap: str, batch: list[tuple[bytes, bytes]]) -> tuple[float, float]:
    """Produce everything with the relay's producer settings (as fast as the client goes:
    send without waiting, then flush), then read it back with a service's consumer settings."""
    await ensure_topics(bootstrap, ["bench.rate"], PARTITIONS)
    producer = await start_producer(bootstrap)
    try:
        started = time.perf_counter()
        deliveries = [await producer.send("bench.rate", value, key=key) for key, value in batch]
        await asyncio.gather(*deliveries)
        produce = len(batch) / (time.perf_counter() - started)
    finally:
        await producer.stop()
    consumer = make_consumer(bootstrap, "bench-rate", ["bench.rate"], EMBEDDED_SESSION_TIMEOUT_MS)
    await consumer.start()
    try:
        while not consumer.assignment():  # the group join is not what is measured
            await asyncio.sleep(0.02)
        seen = 0
        started = time.perf_counter()
        while seen < len(batch):
            got = await consumer.getmany(timeout_ms=500)
            seen += sum(len(records) for records in got.values())
        consume = seen / (time.perf_counter() - started)
    finally:
        await consumer.stop()
    return produce, consume


async def _hops(bootstrap: str, batch: list[tuple[bytes, bytes]], wait_ms: int) -> Hop:
    """One message at a time: send, and wait until the consumer (polling as a service's
    consumer loop does, with fetch_max_wait_ms=`wait_ms`) has it."""
    topic = f"bench.hop.{wait_ms}"
    await ensure_topics(bootstrap, [topic], PARTITIONS)
    producer = await start_producer(bootstrap)
    consumer = make_consumer(bootstrap, topic, [topic], EMBEDDED_SESSION_TIMEOUT_MS)
    consumer._fetch_max_wait_ms = wait_ms  # read when the consumer starts
    await consumer.start()
    arrived: asyncio.Queue[float] = asyncio.Queue()

    async def poll() -> None:
        while True:
            got = await consumer.getmany(timeout_ms=500)
            for records in got.values():
                for _ in records:
                    arrived.put_nowait(time.perf_counter())

    poller = asyncio.create_task(poll())
    hops: list[float] = []
    acks: list[float] = []
    try:
        key, value = batch[0]
        await producer.send_and_wait(topic, value, key=key)  # join, assignment, warm-up
        await asyncio.wait_for(arrived.get(), 30)
        for key, value in batch:
            sent = time.perf_counter()
            await producer.send_and_wait(topic, value, key=key)
            acked = time.perf_counter()
            received = await asyncio.wait_for(arrived.get(), 30)
            hops.append((received - sent) * 1000)
            acks.append((acked - sent) * 1000)
            await asyncio.sleep(0.002)
    finally:
        poller.cancel()
        await consumer.stop()
        await producer.stop()
    return Hop(wait_ms, len(batch), percentiles(hops), percentiles(acks))
