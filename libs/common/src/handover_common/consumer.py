"""The consumer loop: decode, apply once, retry with back-off, dead-letter, then commit.

Offsets are committed only after the effect (and inbox row) is stored, so a crash re-delivers
and the inbox turns the repeat into a no-op. A poison event goes to the consumer's dead-letter
topic and its partition keeps flowing.

Each event is handled in a consumer span, a child of its record's `traceparent` header
(tracing.py), and logged once after its transaction committed: outcome, type, event id, with
its own correlation and trace ids (a dead letter's line too: never an earlier record's).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import IllegalStateError
from handover_contracts import Envelope, dead_letter_topic, decode
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from handover_common import tracing
from handover_common.context import correlation_id
from handover_common.inbox import HandlerTable, PermanentFailure, apply_batch, apply_once
from handover_common.kafka import FetchPace
from handover_common.metrics import CONSUMER_LAG, DEAD_LETTERS, EVENTS_CONSUMED

log = logging.getLogger(__name__)
T = TypeVar("T")


def safe_detail(error: Exception) -> str:
    """What went wrong, without the values: logs and dead-letter headers must not carry an
    identity that a bad event (or a database error's parameters) would otherwise echo."""
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['type']}: {e['msg']}"
            for e in error.errors(include_input=False, include_url=False, include_context=False)
        )
    if isinstance(error, PermanentFailure):
        return str(error)
    return type(error).__name__


def is_transient(error: BaseException) -> bool:
    """A database or network that is away: waited for however long it takes (the event is
    not at fault, so it must not be dead-lettered). Anything else is retried a few times."""
    if isinstance(error, DBAPIError):
        return error.connection_invalidated or isinstance(error, OperationalError | InterfaceError)
    return isinstance(error, ConnectionError | TimeoutError | OSError)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    backoff_seconds: float = 0.2
    max_backoff_seconds: float = 5.0

    def delay(self, attempt: int) -> float:
        return float(min(self.backoff_seconds * (2 ** min(attempt, 20)), self.max_backoff_seconds))


Fetched = dict[TopicPartition, list[ConsumerRecord]]


@dataclass
class _Fetch:
    fetched: Fetched
    envelopes: list[Envelope] | None = None  # None: applied one at a time
    spans: list[Span | None] = field(default_factory=list)


class EventConsumer:
    """Each fetch is applied in one transaction on the consumer's own database thread, and its
    offsets committed once after. If any event in it fails, nothing of the batch is stored and
    its events are applied one at a time instead (retries, dead letters), so one poison event
    never takes its neighbours with it."""

    def __init__(
        self,
        *,
        name: str,
        consumer: AIOKafkaConsumer,
        dlq_producer: AIOKafkaProducer,
        engine: Engine,
        handlers: HandlerTable,
        retry: RetryPolicy = RetryPolicy(),
        max_batch: int = 200,
    ):
        self.name = name
        self._consumer = consumer
        self._dlq = dlq_producer
        self._engine = engine
        self._handlers = handlers
        self._retry = retry
        self._max_batch = max_batch
        # the consumer's database work never queues behind HTTP handlers' threads
        self._database = ThreadPoolExecutor(1, thread_name_prefix=f"{name}-consumer")
        self.pace: FetchPace | None = None
        self._sought: dict[TopicPartition, int] = {}

    async def run_forever(self) -> None:
        """While a fetch is applied on the database thread, the next one is fetched and decoded
        here (issue 11): the thread goes on to it without waiting for this loop."""
        following = asyncio.ensure_future(self._fetch())
        try:
            while True:
                # shielded: a fetch is never cancelled (aiokafka would count it as in flight
                # for good, and never notice a wedged loop); it is given back instead
                current = await asyncio.shield(following)
                following = asyncio.ensure_future(self._fetch())
                if current.fetched:
                    await self._process_fetch(current)
        finally:
            await self._give_back(following)

    async def _fetch(self) -> _Fetch:
        correlation_id.set(None)  # its task's context is a copy of the loop's at the time
        fetched = await self._consumer.getmany(timeout_ms=1000, max_records=self._max_batch)
        if self.pace is not None:
            self.pace.saw(len(fetched))
        try:
            return self._decoded(fetched)
        except BaseException:
            self._rewind(fetched)  # the position is past them already
            raise

    async def _give_back(self, following: asyncio.Future[_Fetch]) -> None:
        """The fetch taken ahead is rewound when the loop stops, or a restart would skip it;
        never past where a failed fetch's own rewind put its partition."""
        try:
            ahead = await following  # at most the fetch's own timeout
        except BaseException:  # it took no records, or gave them back itself
            return
        for tp, records in ahead.fetched.items():
            with contextlib.suppress(IllegalStateError):  # no longer this consumer's
                self._consumer.seek(
                    tp, min(self._sought.get(tp, records[0].offset), records[0].offset)
                )

    async def _process_fetch(self, fetch: _Fetch) -> None:
        correlation_id.set(None)  # this loop's own lines name no event of an earlier fetch
        self._sought = {}
        try:
            batched = await self._applied_as_batch(fetch)
        except BaseException:
            self._rewind(fetch.fetched)
            raise
        if batched:
            await self._commit(fetch.fetched)
            return
        partitions = list(fetch.fetched.items())
        for done, (tp, records) in enumerate(partitions):
            try:
                await self._process_partition(tp, records)  # rewinds its own partition
                await self._commit({tp: records})
            except BaseException:
                self._rewind(dict(partitions[done + 1 :]))
                raise

    def _rewind(self, fetched: Fetched) -> None:
        """The fetch position is past these records: rewind, or a restart of the loop would
        skip (and a later commit would lose) them. Applied ones come back as duplicates."""
        for tp, records in fetched.items():
            self._seek(tp, records[0].offset)

    def _seek(self, tp: TopicPartition, offset: int) -> None:
        """Where this fetch's rewinds put each partition, for `_give_back`."""
        self._consumer.seek(tp, offset)
        self._sought[tp] = offset

    def _decoded(self, fetched: Fetched) -> _Fetch:
        """A fetch of two or more records that all decode is applied as a batch; each event
        handled gets its span now."""
        records = [record for batch in fetched.values() for record in batch]
        if len(records) < 2:
            return _Fetch(fetched)
        try:
            envelopes = [decode(record.value) for record in records]
        except ValidationError:
            return _Fetch(fetched)  # the one-by-one path dead-letters the undecodable one
        spans = [
            self._span(record, envelope.event_type, str(envelope.event_id))
            if envelope.event_type in self._handlers
            else None
            for record, envelope in zip(records, envelopes, strict=True)
        ]
        return _Fetch(fetched, envelopes, spans)

    async def _applied_as_batch(self, fetch: _Fetch) -> bool:
        envelopes, spans = fetch.envelopes, fetch.spans
        if envelopes is None:
            return False
        try:
            outcomes = await self._on_database_thread(
                apply_batch, self._engine, self.name, envelopes, self._handlers, spans
            )
        except Exception as error:
            # the spans are left unended, so never exported: the one-by-one path has its own
            log.info(
                "batch of %d fell back to one at a time: %s", len(envelopes), safe_detail(error)
            )
            return False
        for envelope, outcome, span in zip(envelopes, outcomes, spans, strict=True):
            EVENTS_CONSUMED.labels(self.name, envelope.event_type, outcome).inc()
            if span is not None:
                _mark(span, outcome)
                span.end()
            self._log_outcome(envelope, outcome, span)
        return True

    def _span(self, record: ConsumerRecord, event_type: str | None, event_id: str | None) -> Span:
        """The event's span, a child of its record's `traceparent`; not yet current."""
        attributes = None
        if tracing.exports(self.name):
            attributes = {
                "messaging.system": "kafka",
                "messaging.operation.type": "process",
                "messaging.consumer.group.name": self.name,
                "messaging.destination.name": record.topic,
                "messaging.destination.partition.id": str(record.partition),
                "messaging.kafka.offset": record.offset,
                "messaging.message.id": event_id or "",
                "handover.event_type": event_type or "",
            }
        return tracing.tracer(self.name).start_span(
            f"{event_type or record.topic} process",
            context=tracing.parent_context(tracing.from_headers(record.headers)),
            kind=SpanKind.CONSUMER,
            attributes=attributes,
        )

    def _log_outcome(self, envelope: Envelope, outcome: str, span: Span | None) -> None:
        """One line per event after its transaction committed: INFO, DEBUG for 'ignored'."""
        level = logging.DEBUG if outcome == "ignored" else logging.INFO
        if log.isEnabledFor(level):
            log.log(
                level,
                "%s %s %s",
                outcome,
                envelope.event_type,
                envelope.event_id,
                extra={
                    "event_id": str(envelope.event_id),
                    "event_type": envelope.event_type,
                    "outcome": outcome,
                    "correlation_id": envelope.correlation_id,
                    **tracing.log_ids(span),
                },
            )

    async def _on_database_thread(self, work: Callable[..., T], *args: object) -> T:
        context = contextvars.copy_context()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._database, partial(context.run, work, *args))

    async def _commit(self, fetched: Fetched) -> None:
        await self._consumer.commit({tp: records[-1].offset + 1 for tp, records in fetched.items()})
        for tp, records in fetched.items():
            highwater = self._consumer.highwater(tp)
            if highwater is not None:
                lag = highwater - records[-1].offset - 1
                CONSUMER_LAG.labels(self.name, tp.topic, str(tp.partition)).set(lag)

    async def _process_partition(
        self, tp: TopicPartition, records: Sequence[ConsumerRecord]
    ) -> None:
        for record in records:
            try:
                await self._process(record)
            except BaseException:
                self._seek(tp, record.offset)
                raise

    async def _process(self, record: ConsumerRecord) -> None:
        correlation_id.set(None)  # until this record is decoded: never the one before's
        event_type, event_id = _header(record, "event_type"), _header(record, "event_id")
        span = self._span(record, event_type, event_id)
        with trace.use_span(span, end_on_exit=True):  # an error is recorded on it
            try:
                envelope = decode(record.value)
            except ValidationError as error:
                await self._dead_letter(record, "undecodable", safe_detail(error))
                _mark(span, "dead-lettered")
                return
            correlation_id.set(envelope.correlation_id)
            outcome = await self._apply_with_retries(record, envelope)
            EVENTS_CONSUMED.labels(self.name, envelope.event_type, outcome).inc()
            _mark(span, outcome)
            self._log_outcome(envelope, outcome, span)

    async def _apply_with_retries(self, record: ConsumerRecord, envelope: Envelope) -> str:
        attempt = 0
        while True:
            try:
                return await self._on_database_thread(
                    apply_once, self._engine, self.name, envelope, self._handlers
                )
            except (PermanentFailure, ValidationError) as error:
                await self._dead_letter(record, "rejected", safe_detail(error))
                return "dead-lettered"
            except Exception as error:
                transient = is_transient(error)
                if attempt >= self._retry.max_retries and not transient:
                    await self._dead_letter(record, "retries-exhausted", safe_detail(error))
                    return "dead-lettered"
                log.warning("retrying %s after %s", envelope.event_id, safe_detail(error))
                await asyncio.sleep(self._retry.delay(attempt))
                attempt += 1

    async def _dead_letter(self, record: ConsumerRecord, reason: str, detail: str) -> None:
        DEAD_LETTERS.labels(self.name, reason).inc()
        log.error(
            "dead-lettering %s[%s]@%s: %s",
            record.topic,
            record.partition,
            record.offset,
            reason,
            extra={"detail": detail[:500], "event_id": _header(record, "event_id")},
        )
        headers = [
            *list(record.headers or []),
            ("dlq.reason", reason.encode()),
            ("dlq.detail", detail[:2000].encode()),
            ("dlq.topic", record.topic.encode()),
            ("dlq.partition", str(record.partition).encode()),
            ("dlq.offset", str(record.offset).encode()),
        ]
        await self._dlq.send_and_wait(
            dead_letter_topic(self.name), record.value, key=record.key, headers=headers
        )


def _header(record: ConsumerRecord, name: str) -> str | None:
    for key, value in record.headers or ():
        if key == name:
            return bytes(value).decode("utf-8", "replace")
    return None


def _mark(span: Span, outcome: str) -> None:
    if span.is_recording():
        span.set_attribute("handover.outcome", outcome)
