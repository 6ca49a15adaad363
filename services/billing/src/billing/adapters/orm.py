"""Billing's tables. Responsibility periods tell who pays (JH-MTP-6, JH-SIGHT)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_contracts.envelope import utcnow
from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

__all__ = ["AuditEntry", "InboxEntry", "OutboxMessage", "ResponsibilityRow"]


class ResponsibilityRow(SQLModel, table=True):
    """One care component's responsible principal for a patient, from a decision."""

    __tablename__ = "responsibility"

    id: int | None = Field(default=None, primary_key=True)
    decision_id: uuid.UUID = Field(index=True)
    patient_ref: str = Field(index=True)
    component: str
    principal: str
    principal_code: str
    cost_bearer_code: str
    valid_from: date
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
