"""Alarms as stored: one row per key, open until cleared."""

from __future__ import annotations

from datetime import datetime

from handover_common.timestamps import UtcDateTime
from sqlmodel import Field, SQLModel


class AlarmRow(SQLModel, table=True):
    __tablename__ = "alarm"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    kind: str = Field(index=True)
    audience: str = Field(index=True)
    rule_id: str | None = Field(default=None, index=True)
    subject: str
    subject_id: str = Field(index=True)
    patient_ref: str
    summary: str
    due_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    raised_at: datetime = Field(sa_type=UtcDateTime)
    cleared_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    cleared_reason: str | None = None
