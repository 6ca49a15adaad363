"""LAW-PAY: the individual payment clock for ready-for-discharge patients (issue 4, item 5).

Reading (document of record):
* day 0 is the day the ready notice was *sent* if sent before the cut-off (e.g. 11:59 with
  cut-off 12:00), otherwise the next day (12:00 itself is not "before 12:00"); on a
  working-day basis day 0 moves on to the first working day;
* the free days follow day 0; the municipality pays for every later calendar day the
  patient is still in hospital and ready. The discharge day is not payable unless the model
  says so (``count_discharge_day``); the day readiness is cancelled is not payable;
* a new ready notice after a cancellation starts a new clock with its own day 0;
* a repeated ready notice while the clock runs does not restart it;
* nothing is payable — with the reasons — unless the hospital met its notice duties:
  LAW-ADM24, LAW-READY and, when needed, LAW-SIP3 (all checked by ``notice_duty_failures``).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from datetime import date, timedelta

from billing.domain.payment_clock.model import (
    DayBasis,
    HospitalStay,
    PaymentClockModel,
    StayEvent,
    StayEventType,
)
from billing.domain.payment_clock.working_days import (
    days_between,
    first_working_day_from,
    following_days,
)
from billing.domain.work.reports import to_swedish_time

ONE_DAY = timedelta(days=1)
Kind = StayEventType


@dataclass(frozen=True, slots=True)
class ClockSegment:
    ready_event_id: str
    day_zero: date
    free_days: tuple[date, ...]
    ready_days: tuple[date, ...]  # days after day 0 in hospital while ready
    payable_days: tuple[date, ...]
    ended_by_event_id: str | None


@dataclass(frozen=True, slots=True)
class PaymentClockResult:
    stay_id: str
    model_id: str
    failures: tuple[str, ...]
    segments: tuple[ClockSegment, ...]

    @property
    def duties_met(self) -> bool:
        return not self.failures

    @property
    def payable_days(self) -> tuple[date, ...]:
        """Zero days when the hospital did not meet its notice duties."""
        if self.failures:
            return ()
        return tuple(day for segment in self.segments for day in segment.payable_days)


def notice_duty_failures(stay: HospitalStay, model: PaymentClockModel) -> tuple[str, ...]:
    """Why the hospital's notice duties are not met (empty when they are)."""
    failures: list[str] = []
    if stay.needs_municipal_support:
        admitted, notice = stay.first(Kind.ADMITTED), stay.first(Kind.ADMISSION_NOTICE_SENT)
        limit = timedelta(hours=model.admission_notice_hours)
        if admitted is None or notice is None:
            failures.append("LAW-ADM24: admission or admission notice not reported")
        elif notice.at - admitted.at > limit:
            hours = (notice.at - admitted.at) / timedelta(hours=1)
            failures.append(
                f"LAW-ADM24: admission notice sent after {hours:g} h "
                f"(limit {model.admission_notice_hours} h)"
            )
    ready = stay.first(Kind.READY_NOTICE_SENT)
    if ready is None:
        failures.append("LAW-READY: no ready-for-discharge notice sent")
    elif stay.sip_needed:
        deadline = to_swedish_time(ready.at).date() + timedelta(days=model.sip_deadline_days)
        called = [e for e in stay.events if e.event_type is Kind.SIP_CALLED]
        if not any(to_swedish_time(e.at).date() <= deadline for e in called):
            failures.append(
                f"LAW-SIP3: SIP not called by {deadline} "
                f"({model.sip_deadline_days} days after the ready notice)"
            )
    return tuple(failures)


def day_zero(notice: StayEvent, model: PaymentClockModel, holidays: Container[date]) -> date:
    sent = to_swedish_time(notice.at)
    day = sent.date() if sent.time() < model.notice_cutoff else sent.date() + ONE_DAY
    if model.day_basis is DayBasis.WORKING:
        day = first_working_day_from(day, holidays)
    return day


def _segment(
    notice: StayEvent,
    end: StayEvent | None,
    until: date,
    model: PaymentClockModel,
    holidays: Container[date],
) -> ClockSegment:
    zero = day_zero(notice, model, holidays)
    working = model.day_basis is DayBasis.WORKING
    free = following_days(zero, model.free_days, working_only=working, holidays=holidays)
    if end is None:
        last = until
    else:
        end_day = to_swedish_time(end.at).date()
        counts = end.event_type is Kind.DISCHARGED and model.count_discharge_day
        last = end_day if counts else end_day - ONE_DAY
    ready_days = days_between(zero + ONE_DAY, last)
    first_payable = (free[-1] if free else zero) + ONE_DAY
    payable = tuple(day for day in ready_days if day >= first_payable)
    return ClockSegment(
        notice.event_id, zero, free, ready_days, payable, end.event_id if end else None
    )


def run_payment_clock(
    stay: HospitalStay, model: PaymentClockModel, holidays: Container[date], *, until: date
) -> PaymentClockResult:
    """LAW-PAY individual clock; a clock still running counts days up to ``until``."""
    segments: list[ClockSegment] = []
    open_notice: StayEvent | None = None
    for event in stay.ordered_events():
        if event.event_type is Kind.READY_NOTICE_SENT and open_notice is None:
            open_notice = event
        elif event.event_type in (Kind.READINESS_CANCELLED, Kind.DISCHARGED) and open_notice:
            segments.append(_segment(open_notice, event, until, model, holidays))
            open_notice = None
        if event.event_type is Kind.DISCHARGED:
            break
    if open_notice is not None:
        segments.append(_segment(open_notice, None, until, model, holidays))
    failures = notice_duty_failures(stay, model)
    return PaymentClockResult(stay.stay_id, model.model_id, failures, tuple(segments))
