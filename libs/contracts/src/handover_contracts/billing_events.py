"""Money events: work done on another principal's behalf, and issued invoices (section 6)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import Field

from handover_contracts.events import Payload
from handover_contracts.identifiers import PatientRef


class WorkKind(StrEnum):
    STAFF_RENTAL = "staff-rental"  # JH-RENT-DAY / JH-RENT-NIGHT
    SIGHT = "sight"  # JH-SIGHT
    HEARING = "hearing"  # JH-SIGHT
    MT_SERVICE = "mt-service"  # JH-MT-VARIABLE
    SEVERE_CARE = "severe-care"  # GB-ECO
    HOSPITAL_ACCOMPANIMENT = "hospital-accompaniment"  # JH-HOSP-STAFF
    NON_RESIDENT_CARE = "non-resident-care"  # GEN-RES


class CostKind(StrEnum):
    TRAVEL = "travel"
    CONSUMABLE = "consumable"
    SPARE_PART = "spare-part"
    SALARY = "salary"
    TRAVEL_TIME_PAY = "travel-time-pay"
    OTHER = "other"


MAX_MINUTES = 10_000  # a week of one person's work: one report is one job
MAX_AMOUNT = Decimal("10000000")


class ReportedCost(Payload):
    kind: CostKind
    description: str = Field(max_length=500)
    quantity: Decimal = Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)
    unit_price: Decimal = Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)


class WorkReported(Payload):
    """work.reported — time for work done on another principal's behalf (JH-MTP-6)."""

    report_id: str = Field(min_length=1)
    kind: WorkKind
    performer_code: str
    counterparty_code: str
    responsible_code: str
    patient_ref: PatientRef | None = None
    task_type: str
    started_at: datetime
    ended_at: datetime
    intervention_minutes: int = Field(ge=0, le=MAX_MINUTES)
    administration_minutes: int = Field(default=0, ge=0, le=MAX_MINUTES)
    reporting_back_minutes: int = Field(default=0, ge=0, le=MAX_MINUTES)
    travel_minutes: int = Field(default=0, ge=0, le=MAX_MINUTES)
    combined_with_ordinary_visit: bool = False
    costs: list[ReportedCost] = Field(default_factory=list, max_length=100)
    written_agreement_ref: str | None = None


class InvoiceIssued(Payload):
    """invoice.issued — an immutable invoice or credit note between two parties."""

    invoice_id: str
    document_type: str = Field(description="invoice | credit-note")
    supplier_code: str
    customer_code: str
    stream: str
    period_start: date
    period_end: date
    issued_on: date
    total: Decimal
    currency: str = "SEK"
    credits_invoice_id: str | None = None
    line_count: int = Field(ge=0)
    correlation_ref: uuid.UUID | None = None
