"""What the dashboard reads, as stored: each care request's lifecycle state, the latest
responsibility decisions and events per minute per topic. No patient identity in any of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handover_common.timestamps import UtcDateTime
from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class CareRequestTrackingRow(SQLModel, table=True):
    __tablename__ = "care_request_tracking"

    care_request_id: str = Field(primary_key=True)
    municipality_code: str = Field(index=True)
    region_code: str = Field(index=True)
    acute: bool = False
    created_at: datetime = Field(sa_type=UtcDateTime, index=True)
    state: str = Field(index=True)
    state_since: datetime = Field(sa_type=UtcDateTime)
    last_event: str
    updated_at: datetime = Field(sa_type=UtcDateTime)
    acknowledged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)


class DecisionSeenRow(SQLModel, table=True):
    __tablename__ = "dashboard_decision"

    decision_id: str = Field(primary_key=True)
    municipality_code: str = Field(index=True)
    decided_at: datetime = Field(sa_type=UtcDateTime, index=True)
    reason: str
    agreement: str
    rule_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    components: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))


class EventMinuteRow(SQLModel, table=True):
    __tablename__ = "event_minute"

    topic: str = Field(primary_key=True)
    minute: datetime = Field(sa_type=UtcDateTime, primary_key=True)
    events: int = 0
