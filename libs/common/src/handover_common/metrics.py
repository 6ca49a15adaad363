"""Prometheus metrics shared by all services (labelled by service)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

EVENTS_CONSUMED = Counter(
    "handover_events_consumed_total",
    "Events taken from Kafka by outcome",
    ["service", "event_type", "outcome"],
)
EVENTS_PUBLISHED = Counter(
    "handover_events_published_total", "Outbox rows published to Kafka", ["service", "topic"]
)
OUTBOX_PENDING = Gauge("handover_outbox_pending", "Outbox rows not yet published", ["service"])
OUTBOX_PARKED = Counter(
    "handover_outbox_parked_total",
    "Outbox rows the broker refused for good, parked for operations",
    ["service", "reason"],
)
DEAD_LETTERS = Counter(
    "handover_dead_letters_total",
    "Records a consumer sent to its dead-letter topic, by reason",
    ["service", "reason"],
)
CONSUMER_LAG = Gauge(
    "handover_consumer_lag", "High watermark minus position", ["service", "topic", "partition"]
)
HTTP_REQUESTS = Counter(
    "handover_http_requests_total", "HTTP requests", ["service", "method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "handover_http_request_seconds", "HTTP request latency", ["service", "route"]
)
