from __future__ import annotations

from datetime import UTC, datetime, timedelta

from notification.domain.dashboard import Seen, counts_by_type, unanswered_care_requests

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def seen(event_type: str, request: str | None, minutes_ago: int) -> Seen:
    return Seen(event_type, request, "municipality:2380", NOW - timedelta(minutes=minutes_ago))


def test_only_unanswered_requests_wait_oldest_first() -> None:
    events = [
        seen("care-request.created", "a", 30),
        seen("care-request.created", "b", 90),
        seen("care-request.created", "c", 10),
        seen("care-request.acknowledged", "c", 5),
        seen("patient.discharged", None, 95),
    ]
    waiting = unanswered_care_requests(events, NOW, HOUR)
    assert [w.care_request_id for w in waiting] == ["b", "a"]
    assert [w.overdue for w in waiting] == [True, False]
    assert waiting[0].waited_minutes == 90


def test_a_rejection_is_an_answer() -> None:
    events = [seen("care-request.created", "a", 200), seen("care-request.rejected", "a", 100)]
    assert unanswered_care_requests(events, NOW, HOUR) == []


def test_exactly_the_threshold_is_not_yet_overdue() -> None:
    [waiting] = unanswered_care_requests([seen("care-request.created", "a", 60)], NOW, HOUR)
    assert waiting.overdue is False


def test_events_are_counted_by_type() -> None:
    events = [
        seen("care-request.created", "a", 1),
        seen("care-request.created", "b", 1),
        seen("patient.discharged", None, 1),
    ]
    assert counts_by_type(events) == {"care-request.created": 2, "patient.discharged": 1}
