"""OpenTelemetry tracing across HTTP → outbox → Kafka → consumer → the next outbox.

The span that writes an outbox row is stored on it as a W3C `traceparent`; the relay sends it
as a record header; the consumer starts each event's span as a child of it, so everything that
handler publishes carries the trace on. One discharge is one trace through all four services.

The exporter is a setting (`OTEL_EXPORTER`):

- `none` (the default): spans get ids — logs carry them, the outbox passes them on — but
  nothing is recorded or exported, and the SDK is not involved (`IdsOnlyTracer`: a few
  microseconds a span). The caller's sampling flag is passed on unchanged, so a service
  further on that does export still records a trace the caller sampled.
- `otlp`: batches of spans to an OpenTelemetry collector over HTTP (`OTEL_ENDPOINT`, e.g.
  `http://collector:4318`; the standard `OTEL_EXPORTER_OTLP_*` and `OTEL_TRACES_SAMPLER*`
  variables apply too).
- `console`: each ended span as one JSON line of the service's own log (logger
  `handover_common.spans`, INFO): local runs and the end-to-end test read them there.
- `memory`: kept in memory (`spans(service)`), for tests.

Tracers are kept per service name: tests run several services in one process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SimpleSpanProcessor,
    SpanExporter,
    SpanExportResult,
)
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.trace import (
    Link,
    NonRecordingSpan,
    NoOpTracer,
    Span,
    SpanContext,
    SpanKind,
    TraceFlags,
    Tracer,
)
from opentelemetry.util.types import Attributes

Exporter = Literal["none", "otlp", "console", "memory"]
TRACEPARENT = "traceparent"
TRACEPARENT_HEADER = b"traceparent"  # as ASGI spells header names
SPAN_LOGGER = "handover_common.spans"
SCOPE = "handover_common"


@dataclass(frozen=True)
class ServiceTracing:
    service: str
    exporter: Exporter
    provider: TracerProvider | None
    tracer: Tracer
    memory: InMemorySpanExporter | None = None


_services: dict[str, ServiceTracing] = {}
_lock = threading.Lock()


def configure(service: str, exporter: Exporter = "none", endpoint: str = "") -> ServiceTracing:
    """Sets up (or replaces) the service's tracer; returns it."""
    if exporter == "none":
        configured = ServiceTracing(service, exporter, None, IdsOnlyTracer())
        with _lock:
            _services[service] = configured
        return configured
    memory = InMemorySpanExporter() if exporter == "memory" else None
    # sampling as OTEL_TRACES_SAMPLER says (by default: the parent's decision, else always on)
    provider = TracerProvider(
        resource=Resource.create({"service.name": service}),
        shutdown_on_exit=exporter == "otlp",  # flushes what is queued for the collector
    )
    if exporter == "otlp":
        provider.add_span_processor(BatchSpanProcessor(_otlp_exporter(endpoint)))
    elif exporter == "console":
        provider.add_span_processor(SimpleSpanProcessor(LogSpanExporter()))
    elif memory is not None:
        provider.add_span_processor(SimpleSpanProcessor(memory))
    configured = ServiceTracing(service, exporter, provider, provider.get_tracer(SCOPE), memory)
    with _lock:
        _services[service] = configured
    return configured


def _otlp_exporter(endpoint: str) -> SpanExporter:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    url = endpoint.rstrip("/")
    if url and not url.endswith("/v1/traces"):
        url = f"{url}/v1/traces"
    return OTLPSpanExporter(endpoint=url or None)


def _configured(service: str) -> ServiceTracing:
    found = _services.get(service)
    if found is None:  # not built by build_service (a test's own consumer, a tool): no export
        with _lock:
            found = _services.get(service)
        if found is None:
            found = configure(service)
    return found


def tracer(service: str) -> Tracer:
    return _configured(service).tracer


def exports(service: str) -> bool:
    """Whether the service's spans go anywhere (a span of its own is worth making)."""
    return _configured(service).exporter != "none"


def spans(service: str) -> tuple[ReadableSpan, ...]:
    """What a service configured with the `memory` exporter has ended, oldest first."""
    memory = _configured(service).memory
    return tuple(memory.get_finished_spans()) if memory is not None else ()


def flush(service: str) -> None:
    found = _services.get(service)
    if found is not None and found.provider is not None:
        found.provider.force_flush(5_000)


_ids = RandomIdGenerator()


class IdsOnlyTracer(NoOpTracer):
    """Exporter `none`: a span is its ids alone — a new span id, the parent's trace id and
    flags (a new trace id, not sampled, without a parent) — and records nothing."""

    def start_span(
        self,
        name: str,
        context: Context | None = None,
        kind: SpanKind = SpanKind.INTERNAL,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        start_time: int | None = None,
        record_exception: bool = True,
        set_status_on_exception: bool = True,
    ) -> Span:
        parent = trace.get_current_span(context).get_span_context()
        if parent.is_valid:
            trace_id, flags = parent.trace_id, parent.trace_flags
        else:
            trace_id, flags = _ids.generate_trace_id(), TraceFlags(TraceFlags.DEFAULT)
        span_id = _ids.generate_span_id()
        return NonRecordingSpan(SpanContext(trace_id, span_id, False, flags))


# --- traceparent: W3C Trace Context, version 00 ---------------------------------------------


def traceparent_of(context: SpanContext) -> str | None:
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{int(context.trace_flags):02x}"


def current_traceparent() -> str | None:
    """The current span's `traceparent` (what an outbox row written now stores), if any."""
    return traceparent_of(trace.get_current_span().get_span_context())


def parse(traceparent: str | bytes | None) -> SpanContext | None:
    """A remote span context from a `traceparent`; None when it is missing or malformed."""
    if not traceparent:
        return None
    if isinstance(traceparent, bytes):
        traceparent = traceparent.decode("latin-1")
    parts = traceparent.strip().split("-")
    if len(parts) < 4 or len(parts[0]) != 2 or parts[0].lower() == "ff":
        return None
    version, trace_hex, span_hex, flags_hex = parts[:4]
    if version == "00" and len(parts) != 4:
        return None
    if len(trace_hex) != 32 or len(span_hex) != 16 or len(flags_hex) != 2:
        return None
    try:
        trace_id, span_id, flags = int(trace_hex, 16), int(span_hex, 16), int(flags_hex, 16)
        int(version, 16)
    except ValueError:
        return None
    if trace_id == 0 or span_id == 0:
        return None
    return SpanContext(trace_id, span_id, is_remote=True, trace_flags=TraceFlags(flags))


def parent_context(traceparent: str | bytes | None) -> Context | None:
    """The context to start a child span in; None (a new trace) without a valid parent."""
    remote = parse(traceparent)
    if remote is None:
        return None
    return trace.set_span_in_context(NonRecordingSpan(remote))


def from_headers(headers: Sequence[tuple[str, bytes]] | None) -> bytes | None:
    """A Kafka record's `traceparent` header."""
    for key, value in headers or ():
        if key == TRACEPARENT:
            return value
    return None


def is_sampled(traceparent: str | None) -> bool:
    """Flag 01 of a well-formed `traceparent` (cheap: no parsing beyond the last field)."""
    if not traceparent or len(traceparent) < 55:
        return False
    try:
        return bool(int(traceparent[53:55], 16) & TraceFlags.SAMPLED)
    except ValueError:
        return False


def log_ids(span: Span | SpanContext | None) -> dict[str, str]:
    """`trace_id` and `span_id` for a log line about a span that is not the current one."""
    context = span.get_span_context() if isinstance(span, Span) else span
    if context is None or not context.is_valid:
        return {}
    return {"trace_id": f"{context.trace_id:032x}", "span_id": f"{context.span_id:016x}"}


def current_log_ids() -> tuple[str, str] | None:
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"{context.trace_id:032x}", f"{context.span_id:016x}"


# --- the console exporter: spans as log lines -----------------------------------------------


class LogSpanExporter(SpanExporter):
    """Each ended span as one line of the service's JSON log."""

    def __init__(self) -> None:
        self._log = logging.getLogger(SPAN_LOGGER)

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        if not self._log.isEnabledFor(logging.INFO):
            return SpanExportResult.SUCCESS
        for span in spans:
            self._log.info("span %s", span.name, extra=_span_fields(span))
        return SpanExportResult.SUCCESS


def _span_fields(span: ReadableSpan) -> dict[str, Any]:
    context = span.get_span_context()
    assert context is not None
    fields: dict[str, Any] = {
        **log_ids(context),
        "span_name": span.name,
        "span_kind": span.kind.name.lower(),
        "parent_span_id": f"{span.parent.span_id:016x}" if span.parent else None,
        "status": span.status.status_code.name.lower(),
    }
    if span.start_time is not None and span.end_time is not None:
        fields["duration_ms"] = round((span.end_time - span.start_time) / 1e6, 3)
    if span.attributes:
        fields["attributes"] = dict(_plain(span.attributes))
    return fields


def _plain(attributes: Mapping[str, Any]) -> Mapping[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in attributes.items()}
