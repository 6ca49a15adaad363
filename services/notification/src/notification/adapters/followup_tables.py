"""The follow-up figures' facts as stored (issue 12 section 4): one row per care request, home
care stay, deadline, work report, decision, dispute and moved component. No patient reference.

Each table is written from one topic only (care requests, home care, deadlines, work,
responsibility), so consumers of different topics never race for the same row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from handover_common.timestamps import UtcDateTime
from sqlalchemy import ColumnElement, UniqueConstraint, and_, or_
from sqlmodel import Field, Session, SQLModel, col, select

from notification.domain.followup import (
    CareRequestFacts,
    DeadlineFacts,
    DeadlineState,
    DisputeFacts,
    Facts,
    Month,
    MoveFacts,
    StayFacts,
    WorkFacts,
)
from notification.domain.followup.months import SWEDISH_TIME


class FollowupCareRequestRow(SQLModel, table=True):
    """From handover.care-request.v1: created, acknowledged, answered, cancelled, completed."""

    __tablename__ = "followup_care_request"

    care_request_id: str = Field(primary_key=True)
    municipality_code: str = Field(index=True)
    way_in: str | None = None
    acute: bool = False
    decision_id: str | None = None
    created_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    accepted_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    rejected_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    rejection_reason: str | None = None
    cancelled_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    entered_in_error: bool = False
    completed_on: date | None = None


class FollowupStayRow(SQLModel, table=True):
    """From handover.homecare.v1: enrolled in home care, discharged from it."""

    __tablename__ = "followup_homecare_stay"

    care_request_id: str = Field(primary_key=True)
    municipality_code: str = Field(index=True)
    enrolled_on: date | None = Field(default=None, index=True)
    discharged_on: date | None = Field(default=None, index=True)
    discharge_reason: str | None = None


class FollowupDeadlineRow(SQLModel, table=True):
    """From handover.deadline.v1: where each deadline stands (met, met late, missed, stopped)."""

    __tablename__ = "followup_deadline"

    key: str = Field(primary_key=True)  # rule:subject:subject_id, as the alarms key it
    rule_id: str = Field(index=True)
    municipality_code: str | None = Field(default=None, index=True)
    owed_by: str
    due_at: datetime = Field(sa_type=UtcDateTime, index=True)
    state: str
    changed_at: datetime = Field(sa_type=UtcDateTime)


class FollowupWorkRow(SQLModel, table=True):
    """From handover.work.v1: one report's stream, parties, start and counted minutes."""

    __tablename__ = "followup_work"

    report_id: str = Field(primary_key=True)
    stream: str
    performer_code: str = Field(index=True)
    counterparty_code: str = Field(index=True)
    started_at: datetime = Field(sa_type=UtcDateTime, index=True)
    minutes: int


class FollowupDecisionRow(SQLModel, table=True):
    """From handover.responsibility.v1: the municipality each decision is about."""

    __tablename__ = "followup_decision"

    decision_id: str = Field(primary_key=True)
    municipality_code: str


class FollowupMoveRow(SQLModel, table=True):
    """From handover.responsibility.v1: a component moved by a dispute's resolution."""

    __tablename__ = "followup_move"
    __table_args__ = (UniqueConstraint("dispute_id", "component", name="uq_followup_move"),)

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: str = Field(index=True)
    decision_id: str
    component: str
    municipality_code: str | None = Field(default=None, index=True)
    moved_to_kind: str
    moved_at: datetime = Field(sa_type=UtcDateTime, index=True)
    effective_from: date


class FollowupDisputeRow(SQLModel, table=True):
    """From handover.responsibility.v1: a dispute (GEN-DISPUTE), when dispute.opened and
    dispute.resolved were recorded and how many components the resolution moved."""

    __tablename__ = "followup_dispute"

    dispute_id: str = Field(primary_key=True)
    decision_id: str
    municipality_code: str = Field(index=True)
    level: str | None = None
    opened_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    resolved_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    moved_components: int | None = None


def _swedish_date(moment: datetime | None) -> date | None:
    return None if moment is None else moment.astimezone(SWEDISH_TIME).date()


def _request_facts(row: FollowupCareRequestRow) -> CareRequestFacts:
    return CareRequestFacts(
        care_request_id=row.care_request_id,
        municipality_code=row.municipality_code,
        way_in=row.way_in,
        acute=row.acute,
        created_at=row.created_at,
        acknowledged_at=row.acknowledged_at,
        accepted_at=row.accepted_at,
        rejected_at=row.rejected_at,
        rejection_reason=row.rejection_reason,
        cancelled_at=row.cancelled_at,
        entered_in_error=row.entered_in_error,
        completed_on=row.completed_on,
    )


def _stay_facts(stay: FollowupStayRow, request: FollowupCareRequestRow | None) -> StayFacts:
    assert stay.enrolled_on is not None
    ended = None
    if request is not None:
        ended = request.completed_on or _swedish_date(request.cancelled_at)
    return StayFacts(
        care_request_id=stay.care_request_id,
        municipality_code=stay.municipality_code,
        enrolled_on=stay.enrolled_on,
        discharged_on=stay.discharged_on,
        discharge_reason=stay.discharge_reason,
        request_ended_on=ended,
    )


def load_facts(session: Session, first: Month, last: Month, prefix: str) -> Facts:
    """The facts that can count in the months first..last for municipalities whose code starts
    with ``prefix`` ("" = all); the figures pick the month and municipality themselves."""
    start, end = first.starts_at(), last.next().starts_at()

    def within(column: Any) -> ColumnElement[bool]:
        return and_(col(column) >= start, col(column) < end)

    R, S, D, W, M, T = (
        FollowupCareRequestRow,
        FollowupStayRow,
        FollowupDeadlineRow,
        FollowupWorkRow,
        FollowupMoveRow,
        FollowupDisputeRow,
    )
    requests = session.exec(
        select(R).where(
            col(R.municipality_code).startswith(prefix, autoescape=True),
            or_(
                *(
                    within(c)
                    for c in (R.created_at, R.acknowledged_at, R.accepted_at, R.rejected_at)
                )
            ),
        )
    )
    stays = session.exec(
        select(S, R)
        .join(R, col(R.care_request_id) == col(S.care_request_id), isouter=True)
        .where(
            col(S.municipality_code).startswith(prefix, autoescape=True),
            col(S.enrolled_on).is_not(None),
            col(S.enrolled_on) <= last.last_day,
            or_(col(S.discharged_on).is_(None), col(S.discharged_on) >= first.first_day),
        )
    )
    deadlines = session.exec(
        select(D).where(
            col(D.municipality_code).startswith(prefix, autoescape=True), within(D.due_at)
        )
    )
    work = session.exec(
        select(W).where(
            within(W.started_at),
            or_(
                col(W.performer_code).startswith(prefix, autoescape=True),
                col(W.counterparty_code).startswith(prefix, autoescape=True),
            ),
        )
    )
    moves = session.exec(
        select(M).where(
            col(M.municipality_code).startswith(prefix, autoescape=True), within(M.moved_at)
        )
    )
    disputes = session.exec(
        select(T).where(
            col(T.municipality_code).startswith(prefix, autoescape=True),
            or_(within(T.opened_at), within(T.resolved_at)),
        )
    )
    return Facts(
        care_requests=[_request_facts(r) for r in requests],
        stays=[_stay_facts(s, r) for s, r in stays],
        deadlines=[
            DeadlineFacts(
                d.key, d.rule_id, d.municipality_code or "", d.due_at, DeadlineState(d.state)
            )
            for d in deadlines
        ],
        work=[
            WorkFacts(
                w.report_id,
                w.stream,
                w.performer_code,
                w.counterparty_code,
                w.started_at,
                w.minutes,
            )
            for w in work
        ],
        moves=[
            MoveFacts(
                m.dispute_id, m.component, m.municipality_code or "", m.moved_to_kind, m.moved_at
            )
            for m in moves
        ],
        disputes=[
            DisputeFacts(
                t.dispute_id,
                t.municipality_code,
                t.level,
                t.opened_at,
                t.resolved_at,
                t.moved_components,
            )
            for t in disputes
        ],
    )
