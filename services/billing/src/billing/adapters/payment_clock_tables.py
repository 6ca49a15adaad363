"""A region's LAW-PAY payment clock as its finance enters it (issue 13): one row per version,
never updated.

Version 0 of every region is what ``payment_clock.json`` ships (the placeholder mapping to the
"example" agreement and its models); finance's versions start at 1. A region's newest entered
version overrides the shipped mapping from its ``valid_from`` on: the region gets its own
agreement (``region-jh/2026``) with one model per care type (``region-jh/2026/somatic`` and
``region-jh/2026/psychiatry``), carrying the entry's provenance.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from handover_common.timestamps import UtcDateTime
from sqlalchemy import event
from sqlmodel import Field, Session, SQLModel, col, select

from billing.domain import ClockKind, DayBasis, PaymentClockModel, Validity
from billing.domain.payment_clock.model import PaymentClockAgreement
from billing.domain.provenance import Provenance, Status

CARE_TYPES = ("somatic", "psychiatry")


class PaymentClockEntryRow(SQLModel, table=True):
    __tablename__ = "payment_clock_entry"

    region_id: str = Field(primary_key=True)
    version: int = Field(primary_key=True)
    kind: str
    free_days: int
    psychiatry_free_days: int
    day_basis: str
    notice_cutoff: str  # HH:MM, Swedish time
    daily_tariff_id: str
    valid_from: date
    admission_notice_hours: int
    sip_deadline_days: int
    count_discharge_day: bool
    window_months: int
    status: str
    set_by: str
    set_at: datetime = Field(sa_type=UtcDateTime)
    reason: str | None = None


def _refuse(_mapper: Any, _connection: Any, target: Any) -> None:
    raise ValueError("a region's payment clock is versioned: add a version, never change one")


event.listen(PaymentClockEntryRow, "before_update", _refuse)
event.listen(PaymentClockEntryRow, "before_delete", _refuse)


@dataclass(frozen=True)
class ClockParameters:
    """What the clock needs of a region's agreement (see ``PaymentClockModel``)."""

    kind: ClockKind
    free_days: int  # somatic care (the allowed average for a monthly-average model)
    psychiatry_free_days: int
    day_basis: DayBasis
    notice_cutoff: time
    daily_tariff_id: str
    valid_from: date
    admission_notice_hours: int = 24
    sip_deadline_days: int = 3
    count_discharge_day: bool = False
    window_months: int = 3


@dataclass(frozen=True)
class ClockEntry:
    """One version of a region's payment clock as finance entered it."""

    region_id: str
    parameters: ClockParameters
    provenance: Provenance
    version: int

    @property
    def agreement_id(self) -> str:
        """The region's own agreement, e.g. ``region-jh/2026``."""
        return f"{self.region_id}/{self.parameters.valid_from.year}"

    def agreement(self) -> PaymentClockAgreement:
        validity = Validity(self.parameters.valid_from, None)
        return PaymentClockAgreement(self.region_id, self.agreement_id, validity, self.provenance)

    def models(self) -> tuple[PaymentClockModel, ...]:
        p = self.parameters
        free = {"somatic": p.free_days, "psychiatry": p.psychiatry_free_days}
        return tuple(
            PaymentClockModel(
                model_id=f"{self.agreement_id}/{care_type}",
                agreement_id=self.agreement_id,
                care_type=care_type,
                kind=p.kind,
                free_days=free[care_type],
                day_basis=p.day_basis,
                notice_cutoff=p.notice_cutoff,
                daily_tariff_id=p.daily_tariff_id,
                validity=Validity(p.valid_from, None),
                admission_notice_hours=p.admission_notice_hours,
                sip_deadline_days=p.sip_deadline_days,
                count_discharge_day=p.count_discharge_day,
                window_months=p.window_months,
                provenance=self.provenance,
            )
            for care_type in CARE_TYPES
        )


def entry_of(row: PaymentClockEntryRow) -> ClockEntry:
    parameters = ClockParameters(
        kind=ClockKind(row.kind),
        free_days=row.free_days,
        psychiatry_free_days=row.psychiatry_free_days,
        day_basis=DayBasis(row.day_basis),
        notice_cutoff=time.fromisoformat(row.notice_cutoff),
        daily_tariff_id=row.daily_tariff_id,
        valid_from=row.valid_from,
        admission_notice_hours=row.admission_notice_hours,
        sip_deadline_days=row.sip_deadline_days,
        count_discharge_day=row.count_discharge_day,
        window_months=row.window_months,
    )
    provenance = Provenance(Status(row.status), row.set_by, row.set_at, row.reason)
    return ClockEntry(row.region_id, parameters, provenance, row.version)


def row_of(entry: ClockEntry) -> PaymentClockEntryRow:
    p, provenance = entry.parameters, entry.provenance
    assert provenance.set_at is not None, "only finance's versions are stored"
    return PaymentClockEntryRow(
        region_id=entry.region_id,
        version=entry.version,
        kind=p.kind.value,
        free_days=p.free_days,
        psychiatry_free_days=p.psychiatry_free_days,
        day_basis=p.day_basis.value,
        notice_cutoff=p.notice_cutoff.strftime("%H:%M"),
        daily_tariff_id=p.daily_tariff_id,
        valid_from=p.valid_from,
        admission_notice_hours=p.admission_notice_hours,
        sip_deadline_days=p.sip_deadline_days,
        count_discharge_day=p.count_discharge_day,
        window_months=p.window_months,
        status=provenance.status.value,
        set_by=provenance.set_by,
        set_at=provenance.set_at,
        reason=provenance.reason,
    )


def history(session: Session, region_id: str) -> list[ClockEntry]:
    """Finance's versions of a region's payment clock, newest first."""
    query = select(PaymentClockEntryRow).where(PaymentClockEntryRow.region_id == region_id)
    rows = session.exec(query.order_by(col(PaymentClockEntryRow.version).desc()))
    return [entry_of(row) for row in rows]


def latest_entries(
    session: Session, region_ids: Iterable[str] | None = None
) -> Mapping[str, ClockEntry]:
    """The newest version finance entered for each region (of ``region_ids``) that has one."""
    query = select(PaymentClockEntryRow).order_by(col(PaymentClockEntryRow.version))
    if region_ids is not None:
        query = query.where(col(PaymentClockEntryRow.region_id).in_(list(region_ids)))
    return {row.region_id: entry_of(row) for row in session.exec(query)}
