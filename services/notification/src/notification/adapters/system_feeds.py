"""What the dashboard reads from outside notification's database: each service's /metrics
(outbox backlog, consumer lag) and each consumer's dead-letter topic.

Read in the background, and only while an operations dashboard is live (an open stream: a
listing of dead letters joins a consumer group, which takes seconds); the board shows the
latest reading.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from dataclasses import dataclass, field
from typing import Any

import httpx
from handover_common.replay import list_dead_letters
from handover_common.runtime import Runtime

from notification.domain.dashboard import (
    ServiceHealth,
    dead_letter_summary,
    health_from_metrics,
    unreachable,
)
from notification.settings import NotificationSettings

CONSUMERS = ("referral", "responsibility", "billing", "notification")
"""The services with a consumer, so with a dead-letter topic (handover.dlq.<name>)."""


@dataclass
class SystemFeeds:
    health: dict[str, ServiceHealth] = field(default_factory=dict)
    dead_letters: dict[str, dict[str, Any]] = field(default_factory=dict)
    watched_at: float = float("-inf")
    dead_letters_stale: bool = True

    def watched(self) -> None:
        """An operations dashboard is open: keep the readings fresh."""
        self.watched_at = time.monotonic()

    def being_watched(self, within_seconds: float) -> bool:
        return time.monotonic() - self.watched_at < within_seconds


@dataclass
class _Entry:
    owner: weakref.ref[Runtime]
    feeds: SystemFeeds


_FEEDS: dict[int, _Entry] = {}


def feeds_of(runtime: Runtime) -> SystemFeeds:
    """One set of readings per running service (tests run several in one process)."""
    entry = _FEEDS.get(id(runtime))
    if entry is None or entry.owner() is not runtime:
        entry = _FEEDS[id(runtime)] = _Entry(weakref.ref(runtime), SystemFeeds())
    return entry.feeds


def service_urls(settings: NotificationSettings) -> dict[str, str]:
    return {
        "referral": settings.referral_url,
        "responsibility": settings.responsibility_url,
        "billing": settings.billing_url,
        "notification": settings.notification_url,
    }


async def read_health(client: httpx.AsyncClient, service: str, base_url: str) -> ServiceHealth:
    try:
        response = await client.get(f"{base_url.rstrip('/')}/metrics")
        response.raise_for_status()
    except httpx.HTTPError as error:
        return unreachable(service, f"{type(error).__name__}: {error}"[:200])
    return health_from_metrics(service, response.text)


async def read_dead_letters(settings: NotificationSettings, consumer: str) -> dict[str, Any]:
    try:
        letters = await list_dead_letters(
            settings.kafka_bootstrap_servers,
            consumer,
            idle_seconds=1.0,
            session_timeout_ms=settings.consumer_session_timeout_ms,
        )
    except Exception as error:  # an unreachable broker is shown, not raised
        return {"consumer": consumer, "reachable": False, "error": f"{type(error).__name__}"}
    return dead_letter_summary(consumer, letters)


TICK_SECONDS = 0.25


def _settings(runtime: Runtime) -> NotificationSettings:
    assert isinstance(runtime.settings, NotificationSettings)
    return runtime.settings


async def scrape_metrics(runtime: Runtime) -> None:
    """Each service's /metrics, every few seconds while the dashboard is watched."""
    settings, feeds = _settings(runtime), feeds_of(runtime)
    timeout = settings.dashboard_probe_timeout_seconds
    async with httpx.AsyncClient(timeout=timeout) as client:
        while True:
            if feeds.being_watched(settings.dashboard_watch_seconds):
                urls = service_urls(settings)
                found = await asyncio.gather(*(read_health(client, s, u) for s, u in urls.items()))
                feeds.health = {h.service: h for h in found}
                await asyncio.sleep(settings.dashboard_metrics_seconds)
            else:
                await asyncio.sleep(TICK_SECONDS)


async def watch_dead_letters(runtime: Runtime) -> None:
    """Every consumer's dead letters, while the dashboard is watched (at once after a replay)."""
    settings, feeds = _settings(runtime), feeds_of(runtime)
    listed_at = float("-inf")
    while True:
        due = time.monotonic() - listed_at >= settings.dashboard_dead_letters_seconds
        if feeds.being_watched(settings.dashboard_watch_seconds) and (
            due or feeds.dead_letters_stale
        ):
            feeds.dead_letters_stale = False
            found = await asyncio.gather(*(read_dead_letters(settings, c) for c in CONSUMERS))
            feeds.dead_letters = {d["consumer"]: d for d in found}
            listed_at = time.monotonic()
        await asyncio.sleep(TICK_SECONDS)
