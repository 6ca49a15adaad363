"""What a service runs beside its HTTP routes: the outbox relay and its event consumer."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from anyio import to_thread
from handover_contracts import ALL_TOPICS, dead_letter_topic, retry_topic
from sqlalchemy.engine import Engine

from handover_common.consumer import EventConsumer, RetryPolicy
from handover_common.db import database_reachable
from handover_common.inbox import HandlerTable
from handover_common.kafka import (
    START_TIMEOUT,
    FetchPace,
    ensure_topics,
    make_consumer,
    start_producer,
)
from handover_common.relay import OutboxRelay
from handover_common.settings import ServiceSettings

log = logging.getLogger(__name__)
STOP_TIMEOUT = 5.0
BackgroundTask = Callable[["Runtime"], Awaitable[None]]


@dataclass
class Runtime:
    settings: ServiceSettings
    engine: Engine
    handlers: HandlerTable
    topics: Sequence[str]
    background: Sequence[BackgroundTask] = ()
    producer: AIOKafkaProducer | None = None
    consumer: AIOKafkaConsumer | None = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.settings.service_name

    async def start(self) -> None:
        bootstrap = self.settings.kafka_bootstrap_servers
        to_thread.current_default_thread_limiter().total_tokens = self.settings.http_threads
        _, middle, old = gc.get_threshold()
        gc.set_threshold(self.settings.gc_young_threshold, middle, old)
        await self._ensure_topics()
        self.producer = await start_producer(bootstrap)
        relay = OutboxRelay(
            self.engine,
            self.producer,
            self.name,
            self.settings.outbox_batch_size,
            self.settings.outbox_poll_seconds,
        )
        self._spawn("outbox-relay", relay.run_forever)
        if self.topics:
            await self._start_consumer()
        for task in self.background:
            self._spawn(getattr(task, "__name__", "background"), partial(task, self))
        self._spawn("topic-guard", self._guard_topics)

    def _own_topics(self) -> list[str]:
        return [*ALL_TOPICS, dead_letter_topic(self.name), retry_topic(self.name)]

    async def _ensure_topics(self) -> list[str]:
        """Explicitly, as configured: production Kafka runs with topic auto-creation off."""
        return await ensure_topics(
            self.settings.kafka_bootstrap_servers,
            self._own_topics(),
            self.settings.topic_partitions,
            self.settings.topic_replication_factor,
        )

    async def _topics_missing(self) -> bool:
        """One metadata request on the producer's open connection: a new admin client every
        check (connect, bootstrap, close) cost a service and the broker more than the rest
        of an idle system's work (issue 11)."""
        assert self.producer is not None
        metadata = await self.producer.client.fetch_all_metadata()
        return not set(self._own_topics()) <= metadata.topics()

    async def _guard_topics(self) -> None:
        """A broker that lost its data (restarted, or a lost partition) gets the topics back
        with the configured partitions, unless a client's request had it auto-create them
        first (the embedded broker does: kafka.EMBEDDED_TOPIC_PARTITIONS). What it lost is
        re-driven by operations from the outbox (`python -m handover_common.republish`)."""
        while True:
            await asyncio.sleep(self.settings.topic_check_seconds)
            with contextlib.suppress(Exception):
                if await self._topics_missing() and (created := await self._ensure_topics()):
                    log.warning("re-created topics the broker had lost: %s", created)

    async def _start_consumer(self) -> None:
        assert self.producer is not None
        topics = [*self.topics, retry_topic(self.name)]  # replayed dead letters come back here
        self.consumer = make_consumer(
            self.settings.kafka_bootstrap_servers,
            self.name,
            topics,
            self.settings.consumer_session_timeout_ms,
            self.settings.consumer_fetch_max_wait_ms,
            self.settings.consumer_max_batch,
        )
        await asyncio.wait_for(self.consumer.start(), START_TIMEOUT)
        loop = EventConsumer(
            name=self.name,
            consumer=self.consumer,
            dlq_producer=self.producer,
            engine=self.engine,
            handlers=self.handlers,
            retry=RetryPolicy(
                self.settings.consumer_max_retries, self.settings.consumer_retry_backoff_seconds
            ),
            max_batch=self.settings.consumer_max_batch,
        )
        loop.pace = FetchPace(
            self.consumer,
            self.settings.consumer_fetch_max_wait_ms,
            self.settings.consumer_idle_fetch_max_wait_ms,
            self.settings.consumer_idle_after_seconds,
        )
        self._spawn("event-consumer", loop.run_forever)

    def _spawn(self, label: str, run: Callable[[], Awaitable[None]]) -> None:
        async def supervised() -> None:
            while True:
                try:
                    await run()
                    return  # a task that ends (switched off by a setting) stays ended
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("%s crashed; restarting in 1 s", label)
                    await asyncio.sleep(1.0)

        self._tasks.append(asyncio.create_task(supervised(), name=label))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        if self._tasks:  # bounded: a task that ignores its cancellation must not hang shutdown
            _, stuck = await asyncio.wait(self._tasks, timeout=STOP_TIMEOUT)
            for task in stuck:
                log.error("%s did not stop within %s s", task.get_name(), STOP_TIMEOUT)
        self._tasks.clear()
        for client in (self.consumer, self.producer):
            if client is not None:
                # a broker that is already gone must not turn shutdown into a crash
                with contextlib.suppress(Exception, asyncio.CancelledError):
                    await asyncio.wait_for(client.stop(), STOP_TIMEOUT)

    async def broker_reachable(self) -> bool:
        """True when any bootstrap server accepts a connection (and the producer started)."""
        if self.producer is None:
            return False
        for server in self.settings.kafka_bootstrap_servers.split(","):
            host, _, port = server.strip().rpartition(":")
            try:
                _, writer = await asyncio.wait_for(asyncio.open_connection(host, int(port)), 1.0)
            except (OSError, TimeoutError):
                continue
            writer.close()
            return True
        return False

    async def readiness(self) -> dict[str, bool]:
        database = await asyncio.to_thread(database_reachable, self.engine)
        return {"database": database, "broker": await self.broker_reachable()}
