"""Billing domain of Handover: the money rules of issue 4 as a pure library.

No I/O, no framework: frozen dataclasses, enums and ``Decimal``. Tariffs, indices, factor
data and agreement parameters come in as values (see ``billing.reference_data`` for the
seed data). Rule IDs from the domain brief are cited where each rule is implemented.
"""

from billing.domain.distribution.allocation import allocate, allocate_by_key
from billing.domain.distribution.invoices import AllocationTerms
from billing.domain.distribution.joint_funds import (
    JointFundsSplit,
    joint_funds_invoices,
    split_joint_development_funds,
)
from billing.domain.distribution.mt_fixed import (
    DeviceRegister,
    MtFixedModel,
    MtFixedStatement,
    mt_fixed_invoices,
    mt_fixed_statement,
)
from billing.domain.distribution.supplementary import (
    AdjustmentReading,
    SupplementaryModel,
    SupplementaryStatement,
    adjustment_persons,
    reconcile_supplementary_amount,
    supplementary_invoices,
)
from billing.domain.errors import (
    BillingError,
    InvalidCredit,
    MissingIndex,
    MissingTariff,
    OverlappingValidity,
    UnknownParty,
)
from billing.domain.invoicing.credit_notes import credit_note
from billing.domain.invoicing.export_csv import attachment_csv
from billing.domain.invoicing.export_ubl import to_ubl
from billing.domain.invoicing.invoices import (
    DocumentType,
    Invoice,
    InvoiceLine,
    UnitCode,
    VatTreatment,
    make_line,
)
from billing.domain.money import round_ore
from billing.domain.parties import Address, Party, PartyKind
from billing.domain.payment_clock.average import (
    MonthlyAverageStatement,
    monthly_average_payable,
)
from billing.domain.payment_clock.clock import (
    ClockSegment,
    PaymentClockResult,
    notice_duty_failures,
    run_payment_clock,
)
from billing.domain.payment_clock.invoices import (
    monthly_average_invoice,
    payment_clock_invoices,
)
from billing.domain.payment_clock.model import (
    ClockKind,
    DayBasis,
    HospitalStay,
    PaymentClockModel,
    StayEvent,
    StayEventType,
    model_for,
)
from billing.domain.periods import Period, Validity
from billing.domain.prices.tariff_versions import add_tariff_version
from billing.domain.prices.tariffs import IndexValue, PriceBook, PriceQuote, PriceUnit, Tariff
from billing.domain.work.reports import (
    BillableTime,
    CostItem,
    CostKind,
    WorkKind,
    WorkReport,
    started_hours,
)
from billing.domain.work.rules import (
    BillingContext,
    Exclusion,
    ExclusionReason,
    WorkBillingRules,
)
from billing.domain.work.runs import InvoiceRun, deduplicate, run_monthly_invoices

__all__ = [
    "Address",
    "AdjustmentReading",
    "AllocationTerms",
    "BillableTime",
    "BillingContext",
    "BillingError",
    "ClockKind",
    "ClockSegment",
    "CostItem",
    "CostKind",
    "DayBasis",
    "DeviceRegister",
    "DocumentType",
    "Exclusion",
    "ExclusionReason",
    "HospitalStay",
    "IndexValue",
    "InvalidCredit",
    "Invoice",
    "InvoiceLine",
    "InvoiceRun",
    "JointFundsSplit",
    "MissingIndex",
    "MissingTariff",
    "MonthlyAverageStatement",
    "MtFixedModel",
    "MtFixedStatement",
    "OverlappingValidity",
    "Party",
    "PartyKind",
    "PaymentClockModel",
    "PaymentClockResult",
    "Period",
    "PriceBook",
    "PriceQuote",
    "PriceUnit",
    "StayEvent",
    "StayEventType",
    "SupplementaryModel",
    "SupplementaryStatement",
    "Tariff",
    "UnitCode",
    "UnknownParty",
    "Validity",
    "VatTreatment",
    "WorkBillingRules",
    "WorkKind",
    "WorkReport",
    "add_tariff_version",
    "adjustment_persons",
    "allocate",
    "allocate_by_key",
    "attachment_csv",
    "credit_note",
    "deduplicate",
    "joint_funds_invoices",
    "make_line",
    "model_for",
    "monthly_average_invoice",
    "monthly_average_payable",
    "mt_fixed_invoices",
    "mt_fixed_statement",
    "notice_duty_failures",
    "payment_clock_invoices",
    "reconcile_supplementary_amount",
    "round_ore",
    "run_monthly_invoices",
    "run_payment_clock",
    "split_joint_development_funds",
    "started_hours",
    "supplementary_invoices",
    "to_ubl",
]
