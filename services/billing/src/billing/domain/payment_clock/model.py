"""LAW-PAY data: the agreement's payment-clock model and a hospital stay's events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from billing.domain.errors import BillingError
from billing.domain.periods import Validity
from billing.domain.provenance import SHIPPED, Provenance


class DayBasis(StrEnum):
    CALENDAR = "calendar"
    WORKING = "working"


class ClockKind(StrEnum):
    INDIVIDUAL = "individual"
    MONTHLY_AVERAGE = "monthly-average"


class StayEventType(StrEnum):
    ADMITTED = "admitted"
    ADMISSION_NOTICE_SENT = "admission-notice-sent"  # LAW-ADM24
    READY_NOTICE_SENT = "ready-notice-sent"  # LAW-READY, the notice's sent time
    READINESS_CANCELLED = "readiness-cancelled"
    SIP_CALLED = "sip-called"  # LAW-SIP3
    DISCHARGED = "discharged"


@dataclass(frozen=True, slots=True)
class PaymentClockModel:
    """Per-agreement LAW-PAY parameters (all data).

    ``notice_cutoff``: a ready notice sent *before* this time makes its own day day 0;
    sent at or after it, the next day is day 0 (the next working day on a working-day basis).
    ``free_days`` are counted after day 0 (in working days on a working-day basis); every
    calendar day after the last free day that the patient spends in hospital is payable.
    ``free_days`` is the allowed average for the monthly-average model.
    """

    model_id: str
    agreement_id: str
    care_type: str
    kind: ClockKind
    free_days: int
    day_basis: DayBasis
    notice_cutoff: time
    daily_tariff_id: str
    validity: Validity
    admission_notice_hours: int = 24
    sip_deadline_days: int = 3
    count_discharge_day: bool = False
    window_months: int = 3
    provenance: Provenance = SHIPPED


@dataclass(frozen=True, slots=True)
class PaymentClockAgreement:
    """LAW-PAY-AGREEMENT: which agreement's models a region's stays are clocked under (data);
    a region without its own agreement maps to the national one."""

    region_id: str
    agreement_id: str
    validity: Validity
    provenance: Provenance = SHIPPED


class NoPaymentClockModel(BillingError):
    """LAW-PAY-MODEL: no model or agreement for a stay; names what to enter, and where."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class StayEvent:
    event_id: str
    event_type: StayEventType
    at: datetime


@dataclass(frozen=True, slots=True)
class HospitalStay:
    """One inpatient stay of a patient whom the municipality will support after discharge."""

    stay_id: str
    region_id: str
    municipality_id: str
    patient_ref: str
    care_type: str
    events: tuple[StayEvent, ...]
    needs_municipal_support: bool = True
    sip_needed: bool = False

    def ordered_events(self) -> list[StayEvent]:
        return sorted(self.events, key=lambda event: (event.at, event.event_id))

    def first(self, event_type: StayEventType) -> StayEvent | None:
        return next((e for e in self.ordered_events() if e.event_type is event_type), None)


def model_for(
    models: Iterable[PaymentClockModel], *, agreement_id: str, care_type: str, on: date
) -> PaymentClockModel:
    """The agreement's LAW-PAY model for a care type, valid on ``on`` (the ready notice day)."""
    for model in models:
        same = model.agreement_id == agreement_id and model.care_type == care_type
        if same and model.validity.covers(on):
            return model
    raise NoPaymentClockModel(
        f"no LAW-PAY model of agreement {agreement_id!r} for {care_type} care valid on {on}: "
        "add one (agreement_id, care_type, kind, free_days, daily_tariff_id, valid_from) to "
        "the models of reference data payment_clock.json",
        "agreement_id",
    )


def agreement_for(
    agreements: Iterable[PaymentClockAgreement], *, region_id: str, on: date
) -> PaymentClockAgreement:
    """LAW-PAY-AGREEMENT: the agreement a region's stays are clocked under on ``on``."""
    for agreement in agreements:
        if agreement.region_id == region_id and agreement.validity.covers(on):
            return agreement
    raise NoPaymentClockModel(
        f"no LAW-PAY agreement for {region_id} on {on}: map the region to an agreement "
        "(region_id, agreement_id, valid_from) in the agreements of reference data "
        "payment_clock.json, or name agreement_id in the run",
        "agreement_id",
    )
