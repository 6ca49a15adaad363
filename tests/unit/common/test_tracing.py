"""W3C trace context through the outbox: the span that writes a row → the row's `traceparent`
→ the record header → the consumer's span for the event → the rows its handler writes."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from aiokafka import ConsumerRecord, TopicPartition
from fastapi import FastAPI
from fastapi.testclient import TestClient
from handover_common import tracing
from handover_common.consumer import EventConsumer
from handover_common.db import make_engine
from handover_common.logs import JsonFormatter
from handover_common.middleware import Correlate
from handover_common.relay import OutboxRelay
from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope, encode, wrap
from handover_contracts.events import HomecareEnrolled
from opentelemetry.trace import SpanKind
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, select

from tests.support.people import patient_ref

SERVICE = "tracing-test"
TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER = f"00-{TRACE}-00f067aa0ba902b7-01"
REF = patient_ref("tracing")


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'trace.db'}")
    tables = [t.__table__ for t in (OutboxMessage, InboxEntry, AuditEntry)]  # type: ignore[union-attr]
    SQLModel.metadata.create_all(engine, tables=tables)
    yield engine
    engine.dispose()


@pytest.fixture
def memory() -> tracing.ServiceTracing:
    return tracing.configure(SERVICE, "memory")


def enrolled() -> HomecareEnrolled:
    return HomecareEnrolled(
        care_request_id=uuid.uuid4(),
        patient_ref=REF,
        municipality_code="2380",
        enrolled_on=date(2026, 11, 21),
    )


def republish(uow: UnitOfWork, envelope: Envelope) -> None:
    uow.publish(
        HomecareEnrolled.model_validate(envelope.payload), partition_key=envelope.partition_key
    )
    uow.commit()


def write_row(engine: Engine) -> None:
    with UnitOfWork(engine, SERVICE) as uow:
        uow.publish(enrolled(), partition_key=REF)
        uow.commit()


def outbox(engine: Engine) -> list[OutboxMessage]:
    with Session(engine) as session:
        return list(session.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))))


def record(envelope: Envelope | bytes, traceparent: str | None, offset: int = 0) -> ConsumerRecord:
    headers = [("event_id", b"e-" + str(offset).encode())]
    if traceparent:
        headers.append(("traceparent", traceparent.encode()))
    value = envelope if isinstance(envelope, bytes) else encode(envelope)
    return ConsumerRecord("t", 0, offset, 0, 0, b"k", value, None, 1, len(value), headers)


class Producer:
    def __init__(self) -> None:
        self.sent: list[tuple[str, bytes, list[tuple[str, bytes]]]] = []

    async def send(
        self, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> asyncio.Future[None]:
        self.sent.append((topic, value, headers))
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done

    async def send_and_wait(
        self, topic: str, value: bytes, key: bytes, headers: list[tuple[str, bytes]]
    ) -> None:
        self.sent.append((topic, value, headers))


def consumer(engine: Engine, producer: Producer, handlers: dict[str, Any]) -> EventConsumer:
    return EventConsumer(
        name=SERVICE,
        consumer=cast(Any, None),
        dlq_producer=cast(Any, producer),
        engine=engine,
        handlers=handlers,
    )


# --- traceparent ----------------------------------------------------------------------------


def test_a_traceparent_round_trips() -> None:
    context = tracing.parse(CALLER)
    assert context is not None and context.is_remote
    assert tracing.traceparent_of(context) == CALLER
    assert tracing.is_sampled(CALLER)
    assert not tracing.is_sampled(CALLER[:-2] + "00")


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "",
        "garbage",
        f"00-{'0' * 32}-00f067aa0ba902b7-01",  # all-zero trace id
        f"00-{TRACE}-{'0' * 16}-01",  # all-zero span id
        f"ff-{TRACE}-00f067aa0ba902b7-01",  # forbidden version
        f"00-{TRACE}-00f067aa0ba902b7-01-extra",  # version 00 has four fields
        f"00-{TRACE[:-1]}x-00f067aa0ba902b7-01",
    ],
)
def test_a_malformed_traceparent_starts_a_new_trace(bad: str | None) -> None:
    assert tracing.parse(bad) is None
    assert tracing.parent_context(bad) is None


# --- the outbox row, the header, the consumer's span -----------------------------------------


def test_an_outbox_row_keeps_the_span_that_wrote_it(
    engine: Engine, memory: tracing.ServiceTracing
) -> None:
    with memory.tracer.start_as_current_span("request", context=tracing.parent_context(CALLER)):
        write_row(engine)
        expected = tracing.current_traceparent()
    write_row(engine)  # no span: no trace context to keep
    first, second = outbox(engine)
    assert first.traceparent == expected
    assert expected is not None and expected.startswith(f"00-{TRACE}-")
    assert second.traceparent is None


async def test_the_relay_sends_the_rows_traceparent_as_a_header(engine: Engine) -> None:
    """Exporter `none`: the header is the row's own, nothing recorded on the way."""
    tracer = tracing.configure(SERVICE, "none").tracer
    with tracer.start_as_current_span("request", context=tracing.parent_context(CALLER)):
        write_row(engine)
    write_row(engine)
    producer = Producer()
    assert await OutboxRelay(engine, cast(Any, producer), SERVICE).publish_batch() == 2
    [(_, _, traced), (_, _, untraced)] = producer.sent
    row = outbox(engine)[0]
    assert dict(traced)["traceparent"] == str(row.traceparent).encode()
    assert "traceparent" not in dict(untraced)


async def test_a_sampled_row_is_sent_in_a_producer_span(
    engine: Engine, memory: tracing.ServiceTracing
) -> None:
    with memory.tracer.start_as_current_span("request", context=tracing.parent_context(CALLER)):
        write_row(engine)
    producer = Producer()
    await OutboxRelay(engine, cast(Any, producer), SERVICE).publish_batch()
    [(_, _, headers)] = producer.sent
    [publish] = [s for s in tracing.spans(SERVICE) if s.kind == SpanKind.PRODUCER]
    row_span = tracing.parse(outbox(engine)[0].traceparent)
    assert row_span is not None and publish.parent is not None
    assert publish.parent.span_id == row_span.span_id
    publish_context = publish.get_span_context()
    assert publish_context is not None
    assert dict(headers)["traceparent"] == str(tracing.traceparent_of(publish_context)).encode()


async def test_the_consumers_span_is_a_child_of_the_header_and_its_rows_carry_it_on(
    engine: Engine, memory: tracing.ServiceTracing
) -> None:
    events = consumer(engine, Producer(), {"homecare.enrolled": republish})
    envelope = wrap(enrolled(), producer="test", partition_key=REF, correlation_id="c-1")
    await events._process(record(envelope, CALLER))
    [span] = [s for s in tracing.spans(SERVICE) if s.kind == SpanKind.CONSUMER]
    assert span.parent is not None and span.parent.span_id == 0x00F067AA0BA902B7
    assert span.parent.is_remote
    assert f"{span.context.trace_id:032x}" == TRACE
    assert span.attributes is not None and span.attributes["handover.outcome"] == "applied"
    [row] = outbox(engine)
    assert row.traceparent == tracing.traceparent_of(span.context)


async def test_in_a_batch_each_event_runs_in_its_own_span(
    engine: Engine, memory: tracing.ServiceTracing
) -> None:
    events = consumer(engine, Producer(), {"homecare.enrolled": republish})
    other = f"00-{'1' * 32}-{'2' * 16}-01"
    batch = [
        record(wrap(enrolled(), producer="t", partition_key=REF, correlation_id="a"), CALLER, 0),
        record(wrap(enrolled(), producer="t", partition_key=REF, correlation_id="b"), other, 1),
    ]
    assert await events._applied_as_batch(events._decoded({TopicPartition("t", 0): batch}))
    first, second = (s for s in tracing.spans(SERVICE) if s.kind == SpanKind.CONSUMER)
    assert f"{first.context.trace_id:032x}" == TRACE
    assert f"{second.context.trace_id:032x}" == "1" * 32
    rows = outbox(engine)
    assert [r.traceparent for r in rows] == [
        tracing.traceparent_of(first.context),
        tracing.traceparent_of(second.context),
    ]


async def test_a_consumer_logs_each_applied_event_with_its_ids(
    engine: Engine, memory: tracing.ServiceTracing, caplog: pytest.LogCaptureFixture
) -> None:
    events = consumer(engine, Producer(), {"homecare.enrolled": republish})
    envelope = wrap(enrolled(), producer="test", partition_key=REF, correlation_id="c-9")
    with caplog.at_level(logging.INFO, logger="handover_common.consumer"):
        await events._process(record(envelope, CALLER))
        await events._process(record(envelope, CALLER, 1))  # redelivered
    applied, duplicate = caplog.records
    assert applied.__dict__["outcome"] == "applied"
    assert duplicate.__dict__["outcome"] == "duplicate"
    assert applied.__dict__["event_id"] == str(envelope.event_id)
    assert applied.__dict__["event_type"] == "homecare.enrolled"
    assert applied.__dict__["correlation_id"] == "c-9"
    assert applied.__dict__["trace_id"] == TRACE


async def test_a_dead_letters_line_is_about_that_record_not_the_one_before(
    engine: Engine, memory: tracing.ServiceTracing
) -> None:
    """The finding: the line for an undecodable record carried the previous event's ids."""
    producer = Producer()
    events = consumer(engine, producer, {"homecare.enrolled": republish})
    good = wrap(enrolled(), producer="test", partition_key=REF, correlation_id="previous")
    poison = f"00-{'a' * 32}-{'b' * 16}-01"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(SERVICE))
    logger = logging.getLogger("handover_common.consumer")
    logger.addHandler(handler)
    level, logger.level = logger.level, logging.INFO
    try:
        await events._process(record(good, CALLER, 0))
        await events._process(record(b"{not json", poison, 1))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    applied, dead = (json.loads(line) for line in stream.getvalue().splitlines())
    assert applied["correlation_id"] == "previous" and applied["trace_id"] == TRACE
    assert dead["message"].startswith("dead-lettering t[0]@1")
    assert dead["correlation_id"] is None
    assert dead["event_id"] == "e-1"  # the poison record's own header
    assert dead["trace_id"] == "a" * 32  # its own trace, from its own header
    assert dict(producer.sent[-1][2])["traceparent"] == poison.encode()  # kept for a replay


# --- HTTP ------------------------------------------------------------------------------------


def test_a_request_continues_the_callers_trace(memory: tracing.ServiceTracing) -> None:
    app = FastAPI()

    @app.get("/v1/things/{thing}")
    def thing(thing: str) -> dict[str, str | None]:
        return {"traceparent": tracing.current_traceparent()}

    @app.get("/health")
    def health() -> dict[str, str | None]:
        return {"traceparent": tracing.current_traceparent()}

    app.add_middleware(Correlate, service=SERVICE)
    with TestClient(app) as client:
        answered = client.get("/v1/things/7", headers={"traceparent": CALLER}).json()
        fresh = client.get("/v1/things/8").json()
        probe = client.get("/health", headers={"traceparent": CALLER}).json()
    [server, root] = [s for s in tracing.spans(SERVICE) if s.kind == SpanKind.SERVER]
    assert server.name == "GET /v1/things/{thing}"
    assert server.parent is not None and server.parent.span_id == 0x00F067AA0BA902B7
    assert answered["traceparent"] == tracing.traceparent_of(server.context)
    assert root.parent is None and fresh["traceparent"] == tracing.traceparent_of(root.context)
    assert probe["traceparent"] is None  # probes are not traced


def test_without_an_exporter_spans_are_ids_that_pass_the_callers_sampling_on() -> None:
    tracer = tracing.configure(SERVICE, "none").tracer
    with tracer.start_as_current_span("child", context=tracing.parent_context(CALLER)) as span:
        child = tracing.current_traceparent()
    assert not span.is_recording()
    assert child is not None and child.startswith(f"00-{TRACE}-") and child.endswith("-01")
    assert child != CALLER
    with tracer.start_as_current_span("root"):
        root = tracing.current_traceparent()
    assert root is not None and root.endswith("-00") and TRACE not in root
    assert tracing.spans(SERVICE) == ()
