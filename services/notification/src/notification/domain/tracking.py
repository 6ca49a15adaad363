"""Where each care request is in its lifecycle, from the events themselves (issue 12 section 3).

Independent of who the events' notices were addressed to and of any time window: a request
created a week ago and never answered is still unanswered; an acknowledgement is not an
answer. Events of one request can arrive out of order (its homecare events travel on another
topic), so a state change applies only when it happened no earlier than the current state.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

CREATED = "created"
ACKNOWLEDGED = "acknowledged"
UNANSWERED = frozenset({CREATED, ACKNOWLEDGED})
"""Neither accepted nor rejected (nor ended otherwise): somebody still owes an answer."""

STATE_OF: dict[str, str] = {
    "care-request.created": CREATED,
    "care-request.acknowledged": ACKNOWLEDGED,
    "care-request.accepted": "accepted",
    "care-request.acute-confirmed": "acute-confirmed",
    "care-request.rejected": "rejected",
    "homecare.enrolled": "enrolled",
    "care-request.on-hold": "on-hold",
    "care-request.resumed": "resumed",
    "homecare.discharged": "homecare-discharged",
    "care-request.completed": "completed",
    "care-request.cancelled": "cancelled",
}
"""The lifecycle state each event puts a care request in."""

CHANGES = frozenset({"care-request.corrected"})
"""Events that change a request's content, not its state."""

TRACKED = frozenset(STATE_OF) | CHANGES
STATES = tuple(dict.fromkeys(STATE_OF.values()))
"""Every state, in lifecycle order (the dashboard's columns)."""


@dataclass(frozen=True)
class Tracked:
    care_request_id: str
    municipality_code: str
    region_code: str
    acute: bool
    created_at: datetime  # when it was created (the earliest event seen, until that one comes)
    state: str
    state_since: datetime
    last_event: str
    updated_at: datetime
    acknowledged_at: datetime | None = None

    @property
    def unanswered(self) -> bool:
        return self.state in UNANSWERED


def requesting_region(municipality_code: str) -> str:
    """SCB municipality codes start with their county's (region's) code, as notices route."""
    return municipality_code[:2]


def track(
    current: Tracked | None, event_type: str, occurred_at: datetime, payload: Mapping[str, Any]
) -> Tracked:
    """The request after the event (a new one when ``current`` is None)."""
    if current is None:
        current = _first(event_type, occurred_at, payload)
    if event_type == "care-request.created":
        current = replace(
            current,
            acute=bool(payload.get("acute")),
            created_at=min(current.created_at, occurred_at),
        )
    if event_type == "care-request.acknowledged" and current.acknowledged_at is None:
        current = replace(current, acknowledged_at=occurred_at)
    state = STATE_OF.get(event_type)
    moves = (
        state is not None
        and occurred_at >= current.state_since
        and event_type != ("care-request.created")
    )
    if moves:
        current = replace(current, state=str(state), state_since=occurred_at)
    if occurred_at >= current.updated_at:
        current = replace(current, last_event=event_type, updated_at=occurred_at)
    return current


def _first(event_type: str, occurred_at: datetime, payload: Mapping[str, Any]) -> Tracked:
    municipality = str(payload["municipality_code"])
    return Tracked(
        care_request_id=str(payload["care_request_id"]),
        municipality_code=municipality,
        region_code=requesting_region(municipality),
        acute=bool(payload.get("acute")),
        created_at=occurred_at,
        state=CREATED,
        state_since=occurred_at,
        last_event=event_type,
        updated_at=occurred_at,
    )


@dataclass(frozen=True)
class Decision:
    """A responsibility decision as the dashboard shows it: rule IDs, no patient identity."""

    decision_id: str
    municipality_code: str
    decided_at: datetime
    reason: str
    agreement: str
    rule_ids: list[str]
    components: list[dict[str, Any]]


def decision_of(payload: Mapping[str, Any], occurred_at: datetime) -> Decision:
    components = [
        {
            "component": c["component"],
            "status": c["status"],
            "responsible": _party(c.get("responsible")),
            "rule_ids": list(c.get("rule_ids") or []),
        }
        for c in payload.get("components") or []
    ]
    return Decision(
        decision_id=str(payload["decision_id"]),
        municipality_code=str(payload["municipality_code"]),
        decided_at=occurred_at,
        reason=str(payload.get("reason") or ""),
        agreement=f"{payload.get('agreement_id')} {payload.get('agreement_version')}",
        rule_ids=list(payload.get("rule_ids") or []),
        components=components,
    )


def _party(party: Mapping[str, Any] | None) -> str | None:
    return f"{party['kind']}:{party['code']}" if party else None


def minute_of(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)
