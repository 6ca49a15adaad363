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


class ReportedCost(Payload):
    kind: CostKind
    description: str
    quantity: Decimal
    unit_price: Decimal


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
    intervention_minutes: int = Field(ge=0)
    administration_minutes: int = Field(default=0, ge=0)
    reporting_back_minutes: int = Field(default=0, ge=0)
    travel_minutes: int = Field(default=0, ge=0)
    combined_with_ordinary_visit: bool = False
    costs: list[ReportedCost] = Field(default_factory=list)
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
