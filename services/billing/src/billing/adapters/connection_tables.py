"""Tables of issue 13 sections 3 and 4: the decisions JH-TB counts connections from, finance's
adjustments of that count, and the readings of the agreement a stored statement applied."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlmodel import Field, SQLModel


class DecisionRow(SQLModel, table=True):
    """One responsibility.decided, as much as JH-TB needs: whose, when, how long, and whether
    JH-PAL-2 (connected to the specialised palliative team) is among its rules."""

    __tablename__ = "responsibility_decision"

    decision_id: uuid.UUID = Field(primary_key=True)
    patient_ref: str = Field(index=True)
    agreement_id: str
    decided_on: date = Field(index=True)
    valid_until: date | None = None
    supersedes: uuid.UUID | None = None
    palliative_connected: bool = Field(description="JH-PAL-2 among the decision's rules")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class CountAdjustmentRow(SQLModel, table=True):
    """Finance's signed correction of the JH-TB count of connected persons, with its reason.
    ``year`` is the year of the amount; the count adjusted is that of ``year`` − 1."""

    __tablename__ = "connected_count_adjustment"

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(index=True)
    delta: int
    reason: str
    recorded_by: str = Field(description="organisation and person (HSA id)")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)


class StatementReadingRow(SQLModel, table=True):
    """A reading of the agreement a stored statement applied (rule, reading id, text, seed)."""

    __tablename__ = "statement_reading"

    kind: str = Field(primary_key=True)
    period: str = Field(primary_key=True)
    reading_id: str = Field(primary_key=True)
    rule_id: str
    text: str
    source: str
