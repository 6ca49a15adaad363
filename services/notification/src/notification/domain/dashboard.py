"""What operations must see at a glance: care requests nobody has answered, and the flow."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

ANSWERS = frozenset({"care-request.acknowledged", "care-request.accepted", "care-request.rejected"})


@dataclass(frozen=True)
class Seen:
    event_type: str
    care_request_id: str | None
    audience: str
    occurred_at: datetime
    event_id: str = ""


@dataclass(frozen=True)
class Waiting:
    care_request_id: str
    audience: str
    waiting_since: datetime
    waited_minutes: int
    overdue: bool


def unanswered_care_requests(
    seen: Iterable[Seen], now: datetime, overdue_after: timedelta
) -> list[Waiting]:
    """Care requests created but not yet acknowledged, accepted or rejected; oldest first."""
    created: dict[str, Seen] = {}
    answered: set[str] = set()
    for item in seen:
        if item.care_request_id is None:
            continue
        if item.event_type == "care-request.created":
            created[item.care_request_id] = item
        elif item.event_type in ANSWERS:
            answered.add(item.care_request_id)
    waiting = [_waiting(s, now, overdue_after) for key, s in created.items() if key not in answered]
    return sorted(waiting, key=lambda w: w.waiting_since)


def _waiting(item: Seen, now: datetime, overdue_after: timedelta) -> Waiting:
    waited = now - item.occurred_at
    return Waiting(
        care_request_id=str(item.care_request_id),
        audience=item.audience,
        waiting_since=item.occurred_at,
        waited_minutes=int(waited.total_seconds() // 60),
        overdue=waited > overdue_after,
    )


def counts_by_type(seen: Iterable[Seen]) -> dict[str, int]:
    """Events per type; an event with several audiences (one notice each) counts once."""
    events = {(s.event_id or id(s)): s.event_type for s in seen}
    return dict(sorted(Counter(events.values()).items()))
