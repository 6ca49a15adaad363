"""Tariff versions and index values as data (issue 4, item 1).

Amounts and index values are stored as decimal *text*, so they come back exactly as
entered on SQLite and on PostgreSQL (no float ever touches money).
"""

from __future__ import annotations

from datetime import date, datetime

from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class TariffRow(SQLModel, table=True):
    """One version of a tariff; versions of one tariff id never overlap in validity."""

    __tablename__ = "tariff"
    __table_args__ = (UniqueConstraint("tariff_id", "valid_from"),)

    id: int | None = Field(default=None, primary_key=True)
    tariff_id: str = Field(index=True)
    rule_id: str
    description: str
    base_amount: str
    unit: str
    base_year: int
    index_name: str | None = None
    valid_from: date
    valid_to: date | None = None
    note: str = ""
    entered_by: str
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    status: str = "entered"  # placeholder / entered / confirmed (issue 13)
    version: int = 1
    reason: str | None = None


class IndexValueRow(SQLModel, table=True):
    """A yearly value of VPI, OPI or LPIK as finance entered it (once per index and year)."""

    __tablename__ = "index_value"

    index_name: str = Field(primary_key=True)
    year: int = Field(primary_key=True)
    value: str
    note: str = ""
    entered_by: str
    entered_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    status: str = "entered"  # placeholder / entered / confirmed (issue 13)
    version: int = 1
    reason: str | None = None


class ReferenceVersionRow(SQLModel, table=True):
    """Every version of a reference value, never updated (issue 13, REF-CORRECTION): the
    current one is also in its table; earlier ones show what issued invoices were priced on."""

    __tablename__ = "reference_value_version"
    __table_args__ = (UniqueConstraint("kind", "key", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # "index", "tariff"
    key: str = Field(index=True)  # "VPI/2026", "JH-RENT-DAY-HOURLY/2025-01-01"
    version: int
    value: str
    status: str
    set_by: str
    set_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
    reason: str | None = None


class ReferenceSeedRow(SQLModel, table=True):
    """Marks that a seed of the reference data has been loaded (once per database)."""

    __tablename__ = "reference_seed"

    name: str = Field(primary_key=True)
    seeded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
