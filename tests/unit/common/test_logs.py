"""The JSON log lines: correlation and trace ids, no console-only fields."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from handover_common import tracing
from handover_common.context import correlation_id
from handover_common.logs import JsonFormatter

SERVICE = "logs-test"
Lines = tuple[logging.Logger, io.StringIO]


@pytest.fixture
def lines() -> Iterator[Lines]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(SERVICE))
    logger = logging.getLogger("tests.logs")
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.handlers[:] = []


def written(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_uvicorns_coloured_copy_of_the_message_is_left_out(lines: Lines) -> None:
    logger, stream = lines
    logger.info(
        "Started server process [%d]",
        42,
        extra={"color_message": "Started server process [\x1b[36m%d\x1b[0m]"},
    )
    [entry] = written(stream)
    assert entry["message"] == "Started server process [42]"
    assert "color_message" not in entry
    assert "\x1b" not in stream.getvalue()


def test_a_line_in_a_span_carries_its_trace_and_span_ids(lines: Lines) -> None:
    logger, stream = lines
    tracer = tracing.configure(SERVICE, "memory").tracer
    correlation_id.set("corr-7")
    with tracer.start_as_current_span("work") as span:
        logger.info("inside", extra={"event_id": "e-1"})
    context = span.get_span_context()
    [entry] = written(stream)
    assert entry["trace_id"] == f"{context.trace_id:032x}"
    assert entry["span_id"] == f"{context.span_id:016x}"
    assert entry["correlation_id"] == "corr-7"
    assert entry["event_id"] == "e-1"
    assert entry["service"] == SERVICE


def test_the_ids_are_there_without_an_exporter_too(lines: Lines) -> None:
    """`none` records nothing, but its spans have ids: the logs of one discharge still join up."""
    logger, stream = lines
    tracer = tracing.configure(SERVICE, "none").tracer
    with tracer.start_as_current_span("work"):
        logger.info("inside")
    [entry] = written(stream)
    assert len(entry["trace_id"]) == 32 and int(entry["trace_id"], 16)


def test_outside_a_span_there_are_no_trace_ids(lines: Lines) -> None:
    logger, stream = lines
    correlation_id.set(None)
    logger.warning("outside")
    [entry] = written(stream)
    assert "trace_id" not in entry and "span_id" not in entry
    assert entry["correlation_id"] is None


def test_a_line_about_another_span_names_that_span(lines: Lines) -> None:
    """The consumer logs an event after its batch committed: the event's ids, not the loop's."""
    logger, stream = lines
    tracer = tracing.configure(SERVICE, "memory").tracer
    other = tracer.start_span("the event")
    with tracer.start_as_current_span("the loop"):
        logger.info("applied", extra=tracing.log_ids(other))
    [entry] = written(stream)
    assert entry["span_id"] == f"{other.get_span_context().span_id:016x}"


def test_console_spans_are_log_lines_of_their_own(lines: Lines) -> None:
    logger, stream = lines
    spans = logging.getLogger(tracing.SPAN_LOGGER)
    spans.handlers[:] = logger.handlers
    spans.propagate = False
    spans.setLevel(logging.INFO)
    try:
        tracer = tracing.configure(SERVICE, "console").tracer
        with (
            tracer.start_as_current_span("parent") as parent,
            tracer.start_as_current_span("child", attributes={"k": "v"}) as child,
        ):
            pass
    finally:
        spans.handlers[:] = []
        spans.propagate = True
    child_line, parent_line = written(stream)
    assert child_line["span_name"] == "child"
    assert child_line["span_id"] == f"{child.get_span_context().span_id:016x}"
    assert child_line["parent_span_id"] == f"{parent.get_span_context().span_id:016x}"
    assert child_line["attributes"] == {"k": "v"}
    assert parent_line["parent_span_id"] is None
    assert child_line["trace_id"] == parent_line["trace_id"]
