"""Reported work (work.reported) and hospital stay notices (LAW-PAY)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel


class WorkReportRow(SQLModel, table=True):
    """A work report, stored once per report id (the primary key) however often delivered."""

    __tablename__ = "work_report"

    report_id: str = Field(primary_key=True)
    kind: str
    service_month: str = Field(index=True, description="YYYY-MM of the start, Swedish time")
    performer_code: str
    counterparty_code: str
    responsible_code: str
    patient_ref: str | None = Field(default=None, index=True)
    started_at: datetime = Field(sa_type=UtcDateTime)
    fingerprint: str = Field(description="sha-256 of the normalised report")
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    received_via: str
    received_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class StayEventRow(SQLModel, table=True):
    """One notice about a hospital stay, in the payment clock's terms (StayEventType)."""

    __tablename__ = "stay_event"
    __table_args__ = (UniqueConstraint("source_event_id", "event_type"),)

    id: int | None = Field(default=None, primary_key=True)
    stay_id: str = Field(index=True)
    source_event_id: uuid.UUID
    event_type: str
    at: datetime = Field(sa_type=UtcDateTime)
    patient_ref: str
    region_code: str
    municipality_code: str
    psychiatric_care: bool | None = None
    sip_needed: bool | None = None
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
