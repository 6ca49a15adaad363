"""The reads the runs need: what is not billed yet, and the stays a month's clock needs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session, col, select

from billing.adapters.invoice_tables import BilledItemRow
from billing.adapters.orm import ResponsibilityRow
from billing.adapters.work_tables import StayEventRow, WorkReportRow
from billing.domain import Period, StayEventType
from billing.domain.periods import add_months
from billing.domain.work.reports import SWEDISH_TIME


def billed_items(session: Session, scope: str) -> set[str]:
    query = select(BilledItemRow.item_id).where(BilledItemRow.scope == scope)
    return set(session.exec(query))


def unbilled_report_payloads(
    session: Session, month: Period, scope: str
) -> Iterator[Mapping[str, Any]]:
    """The month's stored work.reported payloads whose report id is not billed in ``scope``."""
    billed = select(BilledItemRow.item_id).where(BilledItemRow.scope == scope)
    query = (
        select(WorkReportRow.payload)
        .where(WorkReportRow.service_month == month.label)
        .where(col(WorkReportRow.report_id).not_in(billed))
        .order_by(col(WorkReportRow.report_id))
    )
    yield from session.exec(query)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), SWEDISH_TIME)


def stay_events_for(session: Session, month: Period, window_months: int) -> list[StayEventRow]:
    """Every event of the stays ready before the month ended and not discharged before the
    rolling window (``window_months`` back, for the monthly-average model) began."""
    year, first = add_months(month.start.year, month.start.month, -(window_months - 1))
    ready = select(StayEventRow.stay_id).where(
        StayEventRow.event_type == StayEventType.READY_NOTICE_SENT.value,
        col(StayEventRow.at) < _midnight(month.end + timedelta(days=1)),
    )
    gone = select(StayEventRow.stay_id).where(
        StayEventRow.event_type == StayEventType.DISCHARGED.value,
        col(StayEventRow.at) < _midnight(date(year, first, 1)),
    )
    query = select(StayEventRow).where(
        col(StayEventRow.stay_id).in_(ready), col(StayEventRow.stay_id).not_in(gone)
    )
    return list(session.exec(query))


def responsible_for(
    uow: UnitOfWork, patient_ref: str, component: str, on: date
) -> ResponsibilityRow | None:
    """The latest recorded responsibility for a patient's care component on a date."""
    query = (
        select(ResponsibilityRow)
        .where(ResponsibilityRow.patient_ref == patient_ref)
        .where(ResponsibilityRow.component == component)
        .where(col(ResponsibilityRow.valid_from) <= on)
        .order_by(col(ResponsibilityRow.valid_from).desc(), col(ResponsibilityRow.id).desc())
    )
    return uow.session.exec(query).first()
