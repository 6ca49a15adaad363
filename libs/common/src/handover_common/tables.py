"""The delivery tables every service has: outbox, inbox and audit log."""

from __future__ import annotations

import uuid
from datetime import datetime

from handover_contracts.envelope import utcnow
from sqlalchemy import Column, LargeBinary
from sqlmodel import Field, SQLModel

from handover_common.timestamps import UtcDateTime


class OutboxMessage(SQLModel, table=True):
    """An event written in the same transaction as the state change that caused it."""

    __tablename__ = "outbox"

    id: int | None = Field(default=None, primary_key=True)
    event_id: uuid.UUID = Field(unique=True)
    event_type: str
    topic: str
    partition_key: str
    body: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    sent_at: datetime | None = Field(default=None, index=True, sa_type=UtcDateTime)
    parked_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    park_reason: str | None = None  # why the broker refused it for good
    traceparent: str | None = None
    """The W3C trace context of the span that wrote it; the relay sends it as a record header."""


class InboxEntry(SQLModel, table=True):
    """An event a consumer has applied; the primary key makes a redelivery a no-op."""

    __tablename__ = "inbox"

    consumer: str = Field(primary_key=True)
    event_id: uuid.UUID = Field(primary_key=True)
    event_type: str
    processed_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class AuditEntry(SQLModel, table=True):
    """Who (person, role, organisation) read which patient's data, when, through which route,
    and whether it was allowed. One row per patient read; a read that named none has no ref."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    organisation: str = Field(index=True)
    actor: str  # HSA id of the person
    role: str = ""
    unit: str | None = None
    action: str
    route: str = ""
    patient_ref: str | None = Field(default=None, index=True)
    resource: str
    outcome: str = "allowed"
