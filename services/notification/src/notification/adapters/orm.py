"""Notification's record of every event it has seen (pseudonymous references only)."""

from __future__ import annotations

import uuid
from datetime import datetime

from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from notification.adapters import capability_tables

__all__ = ["AuditEntry", "InboxEntry", "NoticeRow", "OutboxMessage", "capability_tables"]


class NoticeRow(SQLModel, table=True):
    __tablename__ = "notice"
    __table_args__ = (UniqueConstraint("event_id", "audience", name="uq_notice_event_audience"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(index=True)  # one notice per audience of the event
    event_type: str = Field(index=True)
    patient_ref: str = Field(index=True)
    audience: str = Field(index=True)
    care_request_id: str | None = Field(default=None, index=True)
    summary: str
    action: str | None = None
    correlation_id: str
    occurred_at: datetime = Field(sa_type=UtcDateTime)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
