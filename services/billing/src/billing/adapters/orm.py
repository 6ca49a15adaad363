"""Billing's tables, all registered here for the migrations.

Responsibility periods tell who pays (JH-MTP-6, JH-SIGHT); the price book, work, stays and
invoices live in the modules imported below.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from handover_common.timestamps import UtcDateTime
from handover_contracts.envelope import utcnow
from sqlmodel import Field, SQLModel

from billing.adapters.connection_tables import (
    CountAdjustmentRow,
    DecisionRow,
    StatementReadingRow,
)
from billing.adapters.invoice_tables import (
    BilledItemRow,
    InvoiceLineRow,
    InvoiceRow,
    StatementRow,
)
from billing.adapters.party_tables import PartyDetailRow
from billing.adapters.payment_clock_tables import PaymentClockEntryRow as PaymentClockEntryRow
from billing.adapters.price_tables import IndexValueRow, ReferenceSeedRow, TariffRow
from billing.adapters.work_tables import StayEventRow, WorkReportRow

__all__ = [
    "AuditEntry",
    "BilledItemRow",
    "CountAdjustmentRow",
    "DecisionRow",
    "InboxEntry",
    "IndexValueRow",
    "InvoiceLineRow",
    "InvoiceRow",
    "OutboxMessage",
    "PartyDetailRow",
    "ReferenceSeedRow",
    "ResponsibilityRow",
    "StatementReadingRow",
    "StatementRow",
    "StayEventRow",
    "TariffRow",
    "WorkReportRow",
]


class ResponsibilityRow(SQLModel, table=True):
    """One care component's responsible principal for a patient, from a decision."""

    __tablename__ = "responsibility"

    id: int | None = Field(default=None, primary_key=True)
    decision_id: uuid.UUID = Field(index=True)
    patient_ref: str = Field(index=True)
    component: str
    principal: str
    principal_code: str
    cost_bearer_kind: str  # region or municipality: the code alone names no organisation
    cost_bearer_code: str
    valid_from: date
    settles_dispute: uuid.UUID | None = Field(default=None, description="GEN-DISPUTE")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UtcDateTime)
