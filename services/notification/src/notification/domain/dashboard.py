"""What the operations dashboard shows, composed from what notification keeps (pure).

Care requests come from their lifecycle (domain.tracking), never from notices or a time
window; nothing here carries a patient identity.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from notification.domain.tracking import CREATED, STATES, Tracked

AGE_BUCKETS: tuple[tuple[int | None, str], ...] = (
    (60, "under 1 h"),
    (4 * 60, "1–4 h"),
    (24 * 60, "4–24 h"),
    (3 * 24 * 60, "1–3 days"),
    (None, "over 3 days"),
)
"""Upper bounds in minutes (exclusive), the last one open."""


@dataclass(frozen=True)
class Waiting:
    """A care request nobody has accepted or rejected yet."""

    care_request_id: str
    municipality_code: str
    state: str  # created or acknowledged
    acute: bool
    created_at: datetime
    age_minutes: int
    overdue: bool


def is_overdue(request: Tracked, now: datetime, overdue_after: timedelta) -> bool:
    """Not even acknowledged, longer than the agreed time."""
    return request.state == CREATED and now - request.created_at > overdue_after


def unanswered(
    requests: Iterable[Tracked], now: datetime, overdue_after: timedelta
) -> list[Waiting]:
    """Unanswered care requests: overdue ones first, then the oldest first."""
    waiting = [
        Waiting(
            care_request_id=r.care_request_id,
            municipality_code=r.municipality_code,
            state=r.state,
            acute=r.acute,
            created_at=r.created_at,
            age_minutes=int((now - r.created_at).total_seconds() // 60),
            overdue=is_overdue(r, now, overdue_after),
        )
        for r in requests
        if r.unanswered
    ]
    return sorted(waiting, key=lambda w: (not w.overdue, w.created_at, w.care_request_id))


def age_bucket(minutes: int) -> str:
    for bound, label in AGE_BUCKETS:
        if bound is None or minutes < bound:
            return label
    raise AssertionError("the last bucket is open")


def by_age(waiting: Iterable[Waiting]) -> dict[str, int]:
    counts = {label: 0 for _, label in AGE_BUCKETS}
    for item in waiting:
        counts[age_bucket(item.age_minutes)] += 1
    return counts


StateCount = tuple[str, str, int]
"""(municipality code, state, care requests)"""


def by_municipality(counts: Iterable[StateCount]) -> dict[str, dict[str, int]]:
    """Care requests per municipality and state, states in lifecycle order."""
    table: dict[str, dict[str, int]] = defaultdict(dict)
    for municipality, state, count in counts:
        table[municipality][state] = table[municipality].get(state, 0) + count
    return {m: _in_lifecycle_order(table[m]) for m in sorted(table)}


def by_state(counts: Iterable[StateCount]) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for _, state, count in counts:
        totals[state] += count
    return _in_lifecycle_order(totals)


def _in_lifecycle_order(counts: Mapping[str, int]) -> dict[str, int]:
    known = [s for s in STATES if s in counts]
    return {s: counts[s] for s in [*known, *sorted(set(counts) - set(known))]}


MinuteCount = tuple[str, datetime, int]
"""(topic, minute, events)"""


def events_per_minute(
    counts: Iterable[MinuteCount], now: datetime, minutes: int
) -> dict[str, object]:
    """The last ``minutes`` minutes (the current one last), a series per topic."""
    end = now.replace(second=0, microsecond=0)
    axis = [end - timedelta(minutes=minutes - 1 - i) for i in range(minutes)]
    slot = {minute: i for i, minute in enumerate(axis)}
    series: dict[str, list[int]] = {}
    for topic, minute, events in counts:
        if minute in slot:
            series.setdefault(topic, [0] * minutes)[slot[minute]] += events
    return {"minutes": [m.isoformat() for m in axis], "topics": dict(sorted(series.items()))}


# --- what each service's /metrics says (Prometheus text format) ---

_SAMPLE = re.compile(
    r"^(?P<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?P<labels>[^}]*)\})?\s+(?P<value>\S+)"
)
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Lag:
    group: str
    topic: str
    partition: int
    lag: int


@dataclass(frozen=True)
class ServiceHealth:
    service: str
    reachable: bool
    outbox_pending: int | None = None
    lag: list[Lag] = field(default_factory=list)
    error: str | None = None


def samples(text: str) -> Iterable[tuple[str, dict[str, str], float]]:
    for line in text.splitlines():
        found = _SAMPLE.match(line.strip())
        if found is None or line.startswith("#"):
            continue
        try:
            value = float(found["value"])
        except ValueError:
            continue
        yield found["name"], dict(_LABEL.findall(found["labels"] or "")), value


def health_from_metrics(service: str, text: str) -> ServiceHealth:
    """Outbox backlog and consumer lag of ``service`` (its consumer group has its name); a
    process that runs several services exposes them all, so the label picks ours."""
    pending: int | None = None
    lag: list[Lag] = []
    for name, labels, value in samples(text):
        if labels.get("service") != service:
            continue
        if name == "handover_outbox_pending":
            pending = int(value)
        elif name == "handover_consumer_lag":
            partition = int(labels.get("partition", "0"))
            lag.append(Lag(service, labels.get("topic", "?"), partition, int(value)))
    lag.sort(key=lambda item: (item.topic, item.partition))
    return ServiceHealth(service, True, pending, lag)


def unreachable(service: str, error: str) -> ServiceHealth:
    return ServiceHealth(service, False, error=error)


# --- no patient identity on the page, whatever a free text says ---

_IDENTITIES = re.compile(r"pr-[a-z2-7]{24}|\b(?:\d{2})?\d{6}[-+]?\d{4}\b")


def without_identities(text: str) -> str:
    """Free text (a dead letter's error, an alarm's summary) with any patient reference or
    personnummer blanked out."""
    return _IDENTITIES.sub("…", text)


def dead_letter_summary(consumer: str, letters: Iterable[Mapping[str, str]]) -> dict[str, object]:
    """A consumer's dead letters, counted by reason, each with its position for a replay."""
    shown = [
        {
            "position": letter.get("position", ""),
            "reason": letter.get("reason", ""),
            "detail": without_identities(letter.get("detail", ""))[:300],
            "event_type": letter.get("event_type", ""),
            "from": letter.get("from", ""),
        }
        for letter in letters
    ]
    reasons: dict[str, int] = defaultdict(int)
    for letter in shown:
        reasons[letter["reason"] or "?"] += 1
    return {
        "consumer": consumer,
        "reachable": True,
        "count": len(shown),
        "by_reason": dict(sorted(reasons.items())),
        "letters": shown,
    }
