"""Reported work on another principal's behalf (``work.reported``), issue 4 item 2.

Times are Swedish wall-clock times: a naive datetime is read as local time, an aware one
is converted to Europe/Stockholm before the 08:00–17:00 rule or the month is applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

SWEDISH_TIME = ZoneInfo("Europe/Stockholm")


class WorkKind(StrEnum):
    STAFF_RENTAL = "staff-rental"  # JH-RENT-DAY / JH-RENT-NIGHT
    SIGHT = "sight"  # JH-SIGHT, the sight centre
    HEARING = "hearing"  # JH-SIGHT, the hearing centre
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
    OTHER = "other"  # never billable: every rule's list of cost kinds leaves it out


@dataclass(frozen=True, slots=True)
class CostItem:
    """An actual cost passed on (travel, consumables, spare parts, salary …)."""

    kind: CostKind
    description: str
    quantity: Decimal
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class BillableTime:
    """The parts of a job that count as billable time, in minutes (JH-RENT-DAY, JH-SIGHT)."""

    intervention_minutes: int
    administration_minutes: int = 0  # administration including documentation
    reporting_back_minutes: int = 0
    travel_minutes: int = 0
    travel_combined_with_ordinary_visit: bool = False

    def __post_init__(self) -> None:
        parts = (
            self.intervention_minutes,
            self.administration_minutes,
            self.reporting_back_minutes,
            self.travel_minutes,
        )
        if any(part < 0 for part in parts):
            raise ValueError("minutes must not be negative")

    @property
    def billable_minutes(self) -> int:
        """Intervention + administration + reporting back + travel unless combined."""
        travel = 0 if self.travel_combined_with_ordinary_visit else self.travel_minutes
        return (
            self.intervention_minutes
            + self.administration_minutes
            + self.reporting_back_minutes
            + travel
        )


def started_hours(minutes: int) -> int:
    """Round up to started hours per job: 60 minutes → 1, 61 → 2, 0 → 0."""
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    return -(-minutes // 60)


def to_swedish_time(moment: datetime) -> datetime:
    """Naive datetimes are already local; aware ones are converted to Europe/Stockholm."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(SWEDISH_TIME).replace(tzinfo=None)


@dataclass(frozen=True, slots=True)
class WorkReport:
    """Who performed what, for whom, on whose responsibility, when, and how long."""

    report_id: str
    kind: WorkKind
    performer_id: str
    counterparty_id: str
    responsible_id: str
    task_type: str
    start: datetime
    end: datetime
    time: BillableTime
    subject_ref: str | None = None
    costs: tuple[CostItem, ...] = ()
    written_agreement_ref: str | None = None

    def __post_init__(self) -> None:
        if not self.report_id:
            raise ValueError("a work report needs a report id")
        if self.end <= self.start:
            raise ValueError(f"{self.report_id}: the job must end after it starts")
        if self.performer_id == self.counterparty_id:
            raise ValueError(f"{self.report_id}: performer and counterparty are the same")

    @property
    def local_start(self) -> datetime:
        return to_swedish_time(self.start)
