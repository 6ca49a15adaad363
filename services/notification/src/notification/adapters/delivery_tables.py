"""Subscriptions of receiving systems, deliveries to them with every attempt, and the feed."""

from __future__ import annotations

import uuid
from datetime import datetime

from handover_common.timestamps import UtcDateTime
from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class SubscriptionRow(SQLModel, table=True):
    __tablename__ = "subscription"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    audience: str = Field(index=True)  # the subscribing organisation, as notices name it
    url: str
    event_types: list[str] = Field(sa_column=Column(JSON, nullable=False))
    secret: str  # the HMAC key, sealed (adapters/secret_box): the signature needs it
    created_by: str
    created_at: datetime = Field(sa_type=UtcDateTime)
    deleted_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)


class DeliveryRow(SQLModel, table=True):
    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("subscription_id", "notice_id", name="uq_delivery_subscription_notice"),
        # the worker's question: the first unsettled delivery of each patient per subscription
        Index("ix_delivery_chain", "subscription_id", "patient_ref", "notice_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subscription_id: uuid.UUID = Field(foreign_key="subscription.id", index=True)
    notice_id: int = Field(foreign_key="notice.id", index=True)
    message_id: uuid.UUID = Field(index=True)
    patient_ref: str
    state: str = Field(index=True)
    due_at: datetime | None = Field(default=None, sa_type=UtcDateTime, index=True)
    transmissions: int = 0
    failures: int = 0
    failing_since: datetime | None = Field(default=None, sa_type=UtcDateTime)
    claimed_until: datetime | None = Field(default=None, sa_type=UtcDateTime)
    outcome: str | None = None
    reason: str | None = None
    acknowledged_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_at: datetime = Field(sa_type=UtcDateTime)


class DeliveryAttemptRow(SQLModel, table=True):
    """Every HTTP request made for a delivery, and what came of it."""

    __tablename__ = "delivery_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="delivery.id", index=True)
    at: datetime = Field(sa_type=UtcDateTime)
    transmission: int  # which send this was: 1 the first, 2 and 3 the resends
    status_code: int | None = None
    error: str | None = None
    taken: bool


class FeedEntryRow(SQLModel, table=True):
    """A notice's place in its organisation's feed. The sequence is given after the notice's
    transaction commits, by one sequencer at a time, so a reader never sees a later sequence
    before an earlier one commits (ids of concurrent transactions would commit out of order)."""

    __tablename__ = "feed_entry"
    __table_args__ = (Index("ix_feed_entry_audience_sequence", "audience", "sequence"),)

    notice_id: int = Field(foreign_key="notice.id", primary_key=True)
    audience: str
    sequence: int | None = Field(default=None, sa_type=BigInteger, unique=True)


class FeedCounterRow(SQLModel, table=True):
    """The last sequence given; its one row is also the sequencers' lock."""

    __tablename__ = "feed_counter"

    id: int = Field(default=1, primary_key=True)
    last: int = Field(default=0, sa_type=BigInteger)
