"""The two wrappers every request passes, as plain ASGI: Starlette's `BaseHTTPMiddleware` runs
the app in a task of its own and streams the answer through it, which cost more per request
than the routes' own work. `Correlate` also opens the request's server span (tracing.py),
a child of the caller's W3C `traceparent` when it sends one."""

from __future__ import annotations

import time
import uuid
from collections import deque

from fastapi import Request
from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.trace import SpanKind, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from handover_common import tracing
from handover_common.access.guard import route_template
from handover_common.context import correlation_id
from handover_common.errors import problem
from handover_common.metrics import HTTP_LATENCY, HTTP_REQUESTS

CORRELATION_HEADER = b"x-correlation-id"  # X-Correlation-ID, as ASGI spells header names
UNTRACED = frozenset({"/health", "/ready", "/metrics"})
"""Probes and scrapes: a span each would bury the traces that matter."""


class Correlate:
    """Takes the caller's correlation id (or makes one), answers with it, counts and times
    the request by route template, and runs it in a server span."""

    def __init__(self, app: ASGIApp, service: str):
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, CORRELATION_HEADER)
        correlation = given.decode("latin-1") if given else str(uuid.uuid4())
        correlation_id.set(correlation)
        started = time.perf_counter()
        status = 500
        span = token = None
        if scope["path"] not in UNTRACED:
            span = tracing.tracer(self.service).start_span(
                scope["method"],
                context=tracing.parent_context(_header(scope, tracing.TRACEPARENT_HEADER)),
                kind=SpanKind.SERVER,
            )
            token = otel_context.attach(trace.set_span_in_context(span))

        async def answer(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [h for h in message.get("headers", []) if h[0] != CORRELATION_HEADER]
                headers.append((CORRELATION_HEADER, correlation.encode("latin-1")))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, answer)
        finally:
            route = route_template(Request(scope))
            HTTP_REQUESTS.labels(self.service, scope["method"], route, status).inc()
            HTTP_LATENCY.labels(self.service, route).observe(time.perf_counter() - started)
            if span is not None and token is not None:
                _end_server_span(span, scope["method"], route, status)
                otel_context.detach(token)


def _end_server_span(span: trace.Span, method: str, route: str, status: int) -> None:
    if span.is_recording():
        span.update_name(f"{method} {route}")
        span.set_attribute("http.request.method", method)
        span.set_attribute("http.route", route)
        span.set_attribute("http.response.status_code", status)
        if status >= 500:
            span.set_status(StatusCode.ERROR)
    span.end()


class LimitBodies:
    """Larger bodies are refused with 413 (issue 10); a batch route (its path ends in `/batch`)
    has a limit of its own. A declared length is judged before anything is read. A body that
    declares none (chunked, whatever else the headers say) is read here up to the limit and
    refused as soon as it goes past it."""

    def __init__(self, app: ASGIApp, limit: int, batch_limit: int):
        self.app = app
        self.limit = limit
        self.batch_limit = batch_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            limit = self.batch_limit if scope["path"].endswith("/batch") else self.limit
            declared = _header(scope, b"content-length")
            if declared is None:
                read = await _read_at_most(receive, limit)
                if read is None:
                    await _refuse(limit, scope, receive, send)
                    return
                receive = _replaying(read, receive)
            elif not declared.isdigit() or int(declared) > limit:
                await _refuse(limit, scope, receive, send)
                return
        await self.app(scope, receive, send)


async def _refuse(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    message = f"a request body is at most {limit} bytes"
    errors = [{"field": "body", "rule": "BODY-SIZE", "message": message}]
    # closed after the answer: the rest of the body is not read from this connection
    await problem(413, errors, headers={"Connection": "close"})(scope, receive, send)


async def _read_at_most(receive: Receive, limit: int) -> list[Message] | None:
    """The body's messages, or None once more than `limit` bytes came."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":  # the client went away
            return messages
        size += len(message.get("body", b""))
        if size > limit:
            return None
        if not message.get("more_body", False):
            return messages


def _replaying(messages: list[Message], receive: Receive) -> Receive:
    pending = deque(messages)

    async def replay() -> Message:
        return pending.popleft() if pending else await receive()

    return replay


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return None
