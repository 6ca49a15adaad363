"""Follow-up figures (issue 12 section 4): each event keeps its fact in the event's unit of
work (the inbox makes a redelivery a no-op, and a fact already kept is kept once: the first
acceptance, enrolment, report … counts), and the figures are computed from the facts on
request."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from sqlmodel import Session

from notification.adapters.followup_tables import (
    FollowupCareRequestRow,
    FollowupDeadlineRow,
    FollowupDecisionRow,
    FollowupDisputeRow,
    FollowupMoveRow,
    FollowupStayRow,
    FollowupWorkRow,
    load_facts,
)
from notification.domain.alarms import deadline_key
from notification.domain.followup import (
    Month,
    MonthFigures,
    Trend,
    Viewer,
    month_figures,
    months_until,
    trend,
)
from notification.domain.followup.facts import (
    DeadlineState,
    deadline_municipality,
    move_municipality,
    next_deadline_state,
    reported_minutes,
)
from notification.service_layer.projections import Preload, Preloads, Projection

# --- care requests (handover.care-request.v1) ---


def _request(uow: UnitOfWork, payload: dict[str, Any]) -> FollowupCareRequestRow:
    key = str(payload["care_request_id"])
    row = uow.find(FollowupCareRequestRow, care_request_id=key)
    if row is None:  # an event before care-request.created: keep it, created fills the rest
        values = {"care_request_id": key, "municipality_code": payload["municipality_code"]}
        row = uow.new(FollowupCareRequestRow, values, care_request_id=key)
    return row


def on_created(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _request(uow, payload)
    row.municipality_code = payload["municipality_code"]
    row.way_in, row.acute = payload["way_in"], payload["acute"]
    row.decision_id = str(payload["decision_id"])
    row.created_at = row.created_at or envelope.occurred_at


def on_acknowledged(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _request(uow, payload)
    row.acknowledged_at = row.acknowledged_at or envelope.occurred_at


def on_accepted(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _request(uow, payload)
    row.accepted_at = row.accepted_at or envelope.occurred_at


def on_rejected(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _request(uow, payload)
    if row.rejected_at is None:
        row.rejected_at, row.rejection_reason = envelope.occurred_at, payload["reason_code"]


def on_cancelled(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _request(uow, payload)
    if row.cancelled_at is None:
        row.cancelled_at, row.entered_in_error = envelope.occurred_at, payload["entered_in_error"]


def on_completed(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _request(uow, payload)
    row.completed_on = row.completed_on or date.fromisoformat(payload["completed_on"])


# --- home care stays (handover.homecare.v1) ---


def _stay(uow: UnitOfWork, payload: dict[str, Any]) -> FollowupStayRow:
    key = str(payload["care_request_id"])
    row = uow.find(FollowupStayRow, care_request_id=key)
    if row is None:
        values = {"care_request_id": key, "municipality_code": payload["municipality_code"]}
        row = uow.new(FollowupStayRow, values, care_request_id=key)
    return row


def on_enrolled(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _stay(uow, payload)
    row.enrolled_on = row.enrolled_on or date.fromisoformat(payload["enrolled_on"])


def on_homecare_discharged(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    row = _stay(uow, payload)
    if row.discharged_on is None:
        row.discharged_on = date.fromisoformat(payload["discharged_on"])
        row.discharge_reason = payload["reason"]


# --- deadlines (handover.deadline.v1) ---


def on_deadline(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    """Where the deadline stands now: met (in time or late), missed, or stopped."""
    key = deadline_key(payload)
    row = uow.find(FollowupDeadlineRow, key=key)
    current = None if row is None else DeadlineState(row.state)
    state = next_deadline_state(current, envelope.event_type, bool(payload.get("late")))
    if row is None:
        values = {
            "key": key,
            "rule_id": payload["rule_id"],
            "owed_by": payload["owed_by"],
            "due_at": datetime.fromisoformat(payload["due_at"]),
            "state": state,
            "changed_at": envelope.occurred_at,
        }
        row = uow.new(FollowupDeadlineRow, values, key=key)
    elif state != current:
        row.state, row.changed_at = state, envelope.occurred_at
    row.due_at = datetime.fromisoformat(payload["due_at"])  # a corrected anchor moves it
    row.municipality_code = deadline_municipality(payload.get("municipality_code"), row.owed_by)


# --- work on another principal's behalf (handover.work.v1) ---


def on_work_reported(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    """One report is counted once by its id, as billing bills it once."""
    key = payload["report_id"]
    if uow.find(FollowupWorkRow, report_id=key):
        return
    minutes = reported_minutes(
        payload["intervention_minutes"],
        payload["administration_minutes"],
        payload["reporting_back_minutes"],
        payload["travel_minutes"],
        payload["combined_with_ordinary_visit"],
    )
    values = {
        "report_id": key,
        "stream": payload["kind"],
        "performer_code": payload["performer_code"],
        "counterparty_code": payload["counterparty_code"],
        "started_at": datetime.fromisoformat(payload["started_at"]),
        "minutes": minutes,
    }
    uow.new(FollowupWorkRow, values, report_id=key)


# --- decisions and disputes (handover.responsibility.v1) ---


def on_decided(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    key = str(payload["decision_id"])
    if uow.find(FollowupDecisionRow, decision_id=key) is None:
        values = {"decision_id": key, "municipality_code": payload["municipality_code"]}
        uow.new(FollowupDecisionRow, values, decision_id=key)


def _dispute(uow: UnitOfWork, payload: dict[str, Any]) -> FollowupDisputeRow:
    key = str(payload["dispute_id"])
    row = uow.find(FollowupDisputeRow, dispute_id=key)
    if row is None:  # dispute.resolved before dispute.opened: keep it, opened fills the rest
        values = {
            "dispute_id": key,
            "decision_id": str(payload["decision_id"]),
            "municipality_code": payload["municipality_code"],
        }
        row = uow.new(FollowupDisputeRow, values, dispute_id=key)
    return row


def on_dispute_opened(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    """A dispute counts as opened once, in the month dispute.opened was recorded."""
    row = _dispute(uow, payload)
    if row.opened_at is None:
        row.opened_at, row.level = envelope.occurred_at, payload["level"]


def on_dispute_resolved(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    """A resolution is kept once, with how many components it moved (none: the decision
    stands); one that moved something is counted by its responsibility.moved events."""
    row = _dispute(uow, payload)
    if row.resolved_at is None:
        row.resolved_at, row.moved_components = envelope.occurred_at, len(payload["moved"])


def _party(party: dict[str, Any] | None) -> tuple[str, str] | None:
    return None if party is None else (party["kind"], party["code"])


def on_moved(uow: UnitOfWork, envelope: Envelope, payload: dict[str, Any]) -> None:
    """A dispute's resolution moved a component (GEN-DISPUTE): counted once per component."""
    dispute, component = str(payload["dispute_id"]), payload["component"]
    if uow.find(FollowupMoveRow, dispute_id=dispute, component=component) is not None:
        return
    decision = uow.find(FollowupDecisionRow, decision_id=str(payload["decision_id"]))
    dispute_row = uow.find(FollowupDisputeRow, dispute_id=dispute)
    known = decision or dispute_row  # the decision's municipality, as dispute.opened names it
    municipality = move_municipality(
        None if known is None else known.municipality_code,
        [_party(payload["moved_to"]), _party(payload.get("moved_from"))],
    )
    row = FollowupMoveRow(
        dispute_id=dispute,
        decision_id=str(payload["decision_id"]),
        component=component,
        municipality_code=municipality,
        moved_to_kind=payload["moved_to"]["kind"],
        moved_at=envelope.occurred_at,
        effective_from=date.fromisoformat(payload["effective_from"]),
    )
    uow.keep(row, dispute_id=dispute, component=component)


PROJECTIONS: dict[str, Projection] = {
    "care-request.created": on_created,
    "care-request.acknowledged": on_acknowledged,
    "care-request.accepted": on_accepted,
    "care-request.rejected": on_rejected,
    "care-request.cancelled": on_cancelled,
    "care-request.completed": on_completed,
    "homecare.enrolled": on_enrolled,
    "homecare.discharged": on_homecare_discharged,
    "deadline.missed": on_deadline,
    "deadline.met": on_deadline,
    "deadline.stopped": on_deadline,
    "work.reported": on_work_reported,
    "responsibility.decided": on_decided,
    "responsibility.moved": on_moved,
    "dispute.opened": on_dispute_opened,
    "dispute.resolved": on_dispute_resolved,
}


_REQUEST = (Preload(FollowupCareRequestRow, "care_request_id", "care_request_id"),)
_STAY = (Preload(FollowupStayRow, "care_request_id", "care_request_id"),)
_DEADLINE = (Preload(FollowupDeadlineRow, "key", deadline_key),)
PRELOADS: Preloads = {
    **{t: _REQUEST for t in PROJECTIONS if t.startswith("care-request.")},
    **{t: _DEADLINE for t in PROJECTIONS if t.startswith("deadline.")},
    "homecare.enrolled": _STAY,
    "homecare.discharged": _STAY,
    "responsibility.decided": (Preload(FollowupDecisionRow, "decision_id", "decision_id"),),
}
"""The lookups of the events that come with every care request (issue 11)."""


# --- reading the figures ---


def figures_for(session: Session, code: str, month: Month, today: date) -> MonthFigures:
    return month_figures(code, month, load_facts(session, month, month, code), today)


def trend_for(session: Session, viewer: Viewer, last: Month, count: int) -> Trend:
    months = months_until(last, count)
    facts = load_facts(session, months[0], months[-1], viewer.prefix)
    own = [viewer.sees_one] if viewer.sees_one else []
    return trend(months, facts, always=own)
