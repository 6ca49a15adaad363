"""The dashboard's pure parts (no I/O, so no broker or database): a care request's lifecycle
state from its events in any order, the board's ordering and counts, /metrics parsing, and
no patient identity in free text. (Kept beside the dashboard's integration tests.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, cast

from notification.domain.dashboard import (
    by_age,
    by_municipality,
    by_state,
    dead_letter_summary,
    events_per_minute,
    health_from_metrics,
    unanswered,
    without_identities,
)
from notification.domain.tracking import Tracked, decision_of, track

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)
PR = "pr-abcdefghijklmnopqrstuvwx"


def payload(
    request: str = "cr-1", municipality: str = "2380", **extra: object
) -> dict[str, object]:
    return {
        "care_request_id": request,
        "municipality_code": municipality,
        "patient_ref": PR,
        **extra,
    }


def lifecycle(*events: tuple[str, int], request: str = "cr-1", **extra: Any) -> Tracked:
    """Apply (event type, minutes ago) in the order given."""
    current = None
    for event_type, minutes_ago in events:
        at = NOW - timedelta(minutes=minutes_ago)
        current = track(current, event_type, at, payload(request, **extra))
    assert current is not None
    return current


def test_a_request_moves_through_its_lifecycle() -> None:
    done = lifecycle(
        ("care-request.created", 90),
        ("care-request.acknowledged", 80),
        ("care-request.accepted", 70),
        ("homecare.enrolled", 60),
    )
    assert (done.state, done.region_code, done.created_at) == ("enrolled", "23", NOW - 90 * MIN)
    assert done.acknowledged_at == NOW - 80 * MIN and not done.unanswered


MIN = timedelta(minutes=1)


def test_an_acknowledgement_is_not_an_answer() -> None:
    assert lifecycle(("care-request.created", 9), ("care-request.acknowledged", 5)).unanswered


def test_events_arriving_out_of_order_keep_the_latest_state() -> None:
    """Enrolment travels on the homecare topic and may overtake the acceptance."""
    late = lifecycle(
        ("care-request.created", 90), ("homecare.enrolled", 60), ("care-request.accepted", 70)
    )
    assert late.state == "enrolled" and late.last_event == "homecare.enrolled"


def test_a_late_creation_fills_in_without_undoing_the_answer() -> None:
    request = lifecycle(("care-request.rejected", 10), ("care-request.created", 50), acute=True)
    assert (request.state, request.created_at, request.acute) == ("rejected", NOW - 50 * MIN, True)


def test_a_correction_changes_no_state() -> None:
    corrected = lifecycle(("care-request.created", 30), ("care-request.corrected", 20))
    assert corrected.state == "created" and corrected.last_event == "care-request.corrected"


def tracked(request: str, state: str, minutes_ago: int, municipality: str = "2380") -> Tracked:
    at = NOW - timedelta(minutes=minutes_ago)
    return Tracked(request, municipality, municipality[:2], False, at, state, at, state, at)


def test_overdue_first_then_oldest_and_answered_ones_not_at_all() -> None:
    requests = [
        tracked("acknowledged-long-ago", "acknowledged", 300),
        tracked("new", "created", 10),
        tracked("overdue", "created", 61),
        tracked("older-overdue", "created", 200),
        tracked("accepted", "accepted", 500),
    ]
    waiting = unanswered(requests, NOW, HOUR)
    order = [w.care_request_id for w in waiting]
    assert order == ["older-overdue", "overdue", "acknowledged-long-ago", "new"]
    assert [w.overdue for w in waiting] == [True, True, False, False]
    assert by_age(waiting) == {
        "under 1 h": 1,
        "1–4 h": 2,
        "4–24 h": 1,
        "1–3 days": 0,
        "over 3 days": 0,
    }


def test_exactly_the_threshold_is_not_yet_overdue() -> None:
    [waiting] = unanswered([tracked("a", "created", 60)], NOW, HOUR)
    assert waiting.overdue is False


def test_counts_by_municipality_and_state_in_lifecycle_order() -> None:
    counts = [("2380", "rejected", 1), ("2380", "created", 2), ("2326", "enrolled", 4)]
    assert by_municipality(counts) == {
        "2326": {"enrolled": 4},
        "2380": {"created": 2, "rejected": 1},
    }
    assert list(by_state(counts)) == ["created", "rejected", "enrolled"]


def test_events_per_minute_has_a_slot_for_every_minute() -> None:
    counts = [
        ("handover.patient.v1", NOW - 2 * MIN, 3),
        ("handover.patient.v1", NOW, 1),
        ("handover.billing.v1", NOW - 100 * MIN, 9),  # before the chart
    ]
    chart = events_per_minute(counts, NOW + timedelta(seconds=30), 5)
    assert chart["topics"] == {"handover.patient.v1": [0, 0, 3, 0, 1]}
    assert cast(list[str], chart["minutes"])[-1] == NOW.isoformat()


METRICS = """# HELP handover_outbox_pending Outbox rows not yet published
# TYPE handover_outbox_pending gauge
handover_outbox_pending{service="referral"} 7.0
handover_outbox_pending{service="billing"} 1.0
handover_consumer_lag{partition="1",service="referral",topic="handover.patient.v1"} 4.0
handover_consumer_lag{partition="0",service="referral",topic="handover.patient.v1"} 0.0
handover_consumer_lag{partition="0",service="billing",topic="handover.work.v1"} 2.0
"""


def test_a_services_backlog_and_lag_are_read_from_its_metrics() -> None:
    health = health_from_metrics("referral", METRICS)
    assert health.reachable and health.outbox_pending == 7
    assert [(lag.group, lag.partition, lag.lag) for lag in health.lag] == [
        ("referral", 0, 0),
        ("referral", 1, 4),
    ]


def test_decisions_keep_rule_ids_and_no_patient() -> None:
    decided = {
        "decision_id": "d-1",
        "patient_ref": PR,
        "municipality_code": "2380",
        "reason": "discharge",
        "agreement_id": "orebro",
        "agreement_version": "2",
        "rule_ids": ["JH-1"],
        "components": [
            {
                "component": "nursing",
                "status": "decided",
                "responsible": {"kind": "municipality", "code": "2380"},
                "rule_ids": ["JH-1"],
            }
        ],
    }
    decision = decision_of(decided, NOW)
    assert decision.rule_ids == ["JH-1"]
    assert decision.components[0]["responsible"] == "municipality:2380"
    assert PR not in repr(decision)


def test_free_text_loses_patient_references_and_personnummer() -> None:
    text = f"bad payload for {PR}: 19121212-1212 and 201212121212 in input"
    assert without_identities(text) == "bad payload for …: … and … in input"
    summary = dead_letter_summary(
        "billing", [{"position": "0:3", "reason": "rejected", "detail": f"x {PR}"}]
    )
    assert summary["count"] == 1 and summary["by_reason"] == {"rejected": 1}
    assert PR not in str(summary)
