"""The live operations dashboard (issue 12 section 3): a page, its data as JSON, the same
data as server-sent events, and a replay of a consumer's dead letters.

The page reads the stream with fetch(), so the bearer token travels in the Authorization
header like on every other route (no token in a URL, no cookie): the stream has the same
access rule as GET /v1/dashboard. A stream ends when its token expires (or after
``dashboard_stream_max_seconds``); the page then reconnects and its token is checked again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import jwt
from aiokafka.errors import KafkaError
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from handover_common.access import Access, AccessTable, Authorised, Role, allow, public
from handover_common.errors import ErrorBody, FieldError, NotFound, RequestRejected
from handover_common.replay import replay
from handover_common.runtime import Runtime
from handover_contracts.envelope import utcnow
from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session

from notification.adapters.system_feeds import (
    CONSUMERS,
    feeds_of,
    scrape_metrics,
    watch_dead_letters,
)
from notification.entrypoints import examples as ex
from notification.entrypoints.scope import READERS
from notification.service_layer.background import BackgroundTask
from notification.service_layer.board import read_board, viewer_of
from notification.service_layer.tracking import prune_forever
from notification.settings import NotificationSettings

log = logging.getLogger(__name__)
OWN = (
    "care requests, alarms and decisions of the caller's municipality (a region: those it "
    "sent); operations: everything and the system panels; no patient identities"
)
router = APIRouter(tags=["dashboard"])
ACCESS: AccessTable = {
    "GET /dashboard": public("the page itself holds no data; it calls /v1/dashboard with a token"),
    "GET /v1/dashboard": allow(*READERS, scope=OWN),
    "GET /v1/dashboard/stream": allow(*READERS, scope=OWN),
    "POST /v1/dashboard/dead-letters/{consumer}/replay": allow(
        Role.OPERATIONS, scope="operations only: re-delivers dead letters to their consumer"
    ),
}
BACKGROUND: tuple[BackgroundTask, ...] = (scrape_metrics, watch_dead_letters, prune_forever)
HERE = Path(__file__).parent
EVENT_STREAM = "text/event-stream"


@router.get("/dashboard", response_class=HTMLResponse)
def page() -> str:
    """The page, with its script inlined (no build chain, no second route)."""
    script = (HERE / "dashboard.js").read_text()
    return (HERE / "dashboard.html").read_text().replace("/*DASHBOARD_JS*/", script)


def _settings(request: Request) -> NotificationSettings:
    runtime: Runtime = request.app.state.runtime
    assert isinstance(runtime.settings, NotificationSettings)
    return runtime.settings


def _board(request: Request, access: Access, live: bool = False) -> dict[str, Any]:
    """The board; a live one (the stream) of operations keeps the system readings fresh."""
    runtime: Runtime = request.app.state.runtime
    viewer = viewer_of(access.caller)
    feeds = feeds_of(runtime)
    if live and viewer.operations:
        feeds.watched()
    with Session(runtime.engine) as session:
        return read_board(session, viewer, _settings(request), feeds, utcnow())


@router.get("/v1/dashboard")
def dashboard(request: Request, access: Authorised) -> dict[str, Any]:
    """Everything the page shows, for the caller's organisation (the system readings as last
    taken for a live page: only an open stream makes notification probe the others)."""
    return _board(request, access)


@router.get(
    "/v1/dashboard/stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {EVENT_STREAM: {}}, "description": "board events, as on change"},
        406: {"model": ErrorBody, "description": "the client does not accept an event stream"},
    },
)
async def stream(request: Request, access: Authorised) -> StreamingResponse:
    """The board as server-sent events: one `board` event at once and on every change, a
    comment as heartbeat, an `end` event when the stream closes (the client reconnects)."""
    if EVENT_STREAM not in request.headers.get("accept", ""):
        message = f"send Accept: {EVENT_STREAM} (GET /v1/dashboard answers JSON)"
        raise RequestRejected([FieldError("Accept", "ACCEPT-EVENT-STREAM", message)], 406)
    settings = _settings(request)
    ends = min(time.time() + settings.dashboard_stream_max_seconds, _token_expiry(request))
    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    events = _events(request, access, settings, ends)
    return StreamingResponse(events, media_type=EVENT_STREAM, headers=headers)


def _token_expiry(request: Request) -> float:
    """When the caller's token (verified by the guard) expires."""
    token = request.headers.get("authorization", "").partition(" ")[2]
    claims = jwt.decode(token, options={"verify_signature": False})
    return float(claims["exp"])


async def _events(
    request: Request, access: Access, settings: NotificationSettings, ends: float
) -> AsyncIterator[str]:
    last, sent_at, number = "", time.monotonic(), 0
    yield f"retry: {int(settings.dashboard_stream_seconds * 1000)}\n\n"
    while time.time() < ends and not await request.is_disconnected():
        board = await asyncio.to_thread(_board, request, access, True)
        content = json.dumps({**board, "generated_at": None}, sort_keys=True, default=str)
        if content != last:
            last, number, sent_at = content, number + 1, time.monotonic()
            yield f"id: {number}\nevent: board\ndata: {json.dumps(board, default=str)}\n\n"
        elif time.monotonic() - sent_at >= settings.dashboard_heartbeat_seconds:
            sent_at = time.monotonic()
            yield ": still here\n\n"
        await asyncio.sleep(settings.dashboard_stream_seconds)
    reason = "token-expired" if time.time() >= _token_expiry(request) else "reconnect"
    yield f"event: end\ndata: {json.dumps({'reason': reason})}\n\n"


class ReplayIn(BaseModel):
    model_config = ConfigDict(json_schema_extra=ex.examples(ex.REPLAY))

    position: str | None = Field(
        default=None,
        pattern=r"^[0-9]{1,6}:[0-9]{1,18}$",
        description="PARTITION:OFFSET of one dead letter; none replays all not yet replayed",
    )


class ReplayOut(BaseModel):
    consumer: str
    replayed: int


REPLAY_TIMEOUT_SECONDS = 60.0


@router.post(
    "/v1/dashboard/dead-letters/{consumer}/replay",
    responses={503: {"description": "the broker (or the identity provider) cannot be reached"}},
)
async def replay_dead_letters(
    consumer: str, request: Request, access: Authorised, body: ReplayIn | None = None
) -> ReplayOut:
    """Re-deliver a consumer's dead letters (or one of them) to that consumer alone, as
    `python -m handover_common.replay` does; run it after the cause is fixed."""
    if consumer not in CONSUMERS:
        raise NotFound(f"consumer {consumer!r}")
    settings = _settings(request)
    only = None
    if body is not None and body.position is not None:
        partition, offset = body.position.split(":")
        only = (int(partition), int(offset))
    try:
        count = await asyncio.wait_for(
            replay(
                settings.kafka_bootstrap_servers,
                consumer,
                idle_seconds=1.0,
                session_timeout_ms=settings.consumer_session_timeout_ms,
                only=only,
            ),
            REPLAY_TIMEOUT_SECONDS,
        )
    except (KafkaError, OSError, TimeoutError) as error:
        message = f"the broker cannot be reached: {type(error).__name__}"
        raise RequestRejected([FieldError("consumer", "BROKER", message)], 503) from None
    feeds_of(request.app.state.runtime).dead_letters_stale = True
    log.warning(
        "dead letters of %s replayed by %s (%s): %d",
        consumer,
        access.caller.person,
        access.org,
        count,
    )
    return ReplayOut(consumer=consumer, replayed=count)
