"""Responsibility's tables: every decision with its explanation, disputes about them, and
termination notices of agreement parts (AG-RENEW)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

__all__ = [
    "AgreementTerminationRow",
    "AuditEntry",
    "DecisionRow",
    "DisputeRow",
    "InboxEntry",
    "OutboxMessage",
]


class DecisionRow(SQLModel, table=True):
    __tablename__ = "decision"

    id: uuid.UUID = Field(primary_key=True)
    dedupe_key: str = Field(unique=True, description="what caused it; one decision per cause")
    source_event_id: uuid.UUID = Field(index=True)
    discharge_id: uuid.UUID = Field(index=True)
    patient_ref: str = Field(index=True)
    region_code: str
    municipality_code: str = Field(index=True)
    agreement_id: str
    agreement_version: str
    decided_on: date
    reason: str
    supersedes: uuid.UUID | None = None
    superseded_by: uuid.UUID | None = Field(default=None, index=True)
    valid_until: date | None = None
    reevaluate_on: date | None = Field(default=None, index=True)
    override_count: int = 0
    fingerprint: str
    components: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    rule_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    explanation: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    source: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class DisputeRow(SQLModel, table=True):
    """GEN-DISPUTE: care continues under the decision while the dispute runs."""

    __tablename__ = "dispute"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    decision_id: uuid.UUID = Field(foreign_key="decision.id", index=True)
    patient_ref: str = Field(index=True)
    region_code: str
    municipality_code: str
    state: str
    level: str
    arena: str
    components: list[str] = Field(sa_column=Column(JSON, nullable=False))
    opened_by: str
    opened_on: date
    reason: str
    positions: list[dict[str, Any]] = Field(sa_column=Column(JSON, nullable=False))
    resolution: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AgreementTerminationRow(SQLModel, table=True):
    """AG-RENEW: a termination notice of one part of an agreement; one per part. `ends_on` is
    what the notice did when it was recorded; the engine derives it again from the terms."""

    __tablename__ = "agreement_termination"
    __table_args__ = (UniqueConstraint("agreement_id", "part_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    agreement_id: str = Field(index=True)
    part_id: str
    noticed_on: date
    noticed_by: str = Field(description="the party giving notice: region:NN or municipality:NNNN")
    reason: str
    ends_on: date
    missed_deadline: date | None = None
    recorded_by: str = Field(description="organisation and HSA id of the agreement admin")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
