"""Responsibility's tables: every decision with the explanation it was taken on."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_contracts.envelope import utcnow
from sqlalchemy import JSON, Column, DateTime
from sqlmodel import Field, SQLModel

__all__ = ["AuditEntry", "DecisionRow", "InboxEntry", "OutboxMessage"]


class DecisionRow(SQLModel, table=True):
    __tablename__ = "decision"

    id: uuid.UUID = Field(primary_key=True)
    source_event_id: uuid.UUID = Field(unique=True)
    discharge_id: uuid.UUID = Field(index=True)
    patient_ref: str = Field(index=True)
    region_code: str
    municipality_code: str = Field(index=True)
    agreement_id: str
    agreement_version: str
    decided_on: date
    components: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    rule_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
