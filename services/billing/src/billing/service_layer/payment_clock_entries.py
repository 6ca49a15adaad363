"""A region's LAW-PAY payment clock as its finance enters it (issue 13): which agreement the
region's stays are clocked under and that agreement's model, each change a new version with
provenance (``payment_clock_entry``); the shipped example of ``payment_clock.json`` is version 0.

Rules:

* LAW-PAY-ENTRY-DAYS — the day counts are in range (free days 0–90, the SIP deadline 0–30 days,
  the admission notice 1–168 hours, the averaging window 1–12 months);
* LAW-PAY-ENTRY-TARIFF — the daily amount is a LAW-PAY tariff of the price book;
* REF-PLACEHOLDER — the first entry replaces the shipped placeholder (no reason needed);
* REF-CORRECTION — an entered or confirmed clock changes only with a reason (the same values
  again change nothing);
* REF-CONFIRM — a second person of the region's finance confirms the current entered values,
  unchanged;
* LAW-PAY-ENTRY-VERSION — 409: the clock changed since the version the caller read.

Every broken rule is named in one 4xx; nothing is stored then.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session

from billing.adapters.payment_clock_tables import (
    ClockEntry,
    ClockParameters,
    latest_entries,
    row_of,
)
from billing.adapters.price_book import load_price_book
from billing.domain import PaymentClockModel
from billing.domain.payment_clock.model import PaymentClockAgreement
from billing.domain.provenance import SHIPPED, Provenance, Status
from billing.service_layer.errors import commit_or_conflict
from billing.service_layer.reference import reference

RULE = "LAW-PAY"
DAY_LIMITS = {
    "free_days": (0, 90),
    "psychiatry_free_days": (0, 90),
    "sip_deadline_days": (0, 30),
    "admission_notice_hours": (1, 168),
    "window_months": (1, 12),
}


@dataclass(frozen=True)
class RegionClock:
    """A region's current LAW-PAY agreement and models, and where they came from."""

    region_id: str
    version: int  # 0: as shipped (placeholders); finance's from 1
    provenance: Provenance
    agreement: PaymentClockAgreement | None  # None: a region shipped without a mapping
    models: tuple[PaymentClockModel, ...]
    parameters: ClockParameters | None  # None: as shipped

    @classmethod
    def of_entry(cls, entry: ClockEntry) -> RegionClock:
        return cls(
            entry.region_id,
            entry.version,
            entry.provenance,
            entry.agreement(),
            entry.models(),
            entry.parameters,
        )


@dataclass(frozen=True)
class ClockChange:
    parameters: ClockParameters
    status: Status  # ENTERED, or CONFIRMED by a second person
    reason: str | None
    based_on: int | None  # the version the caller read (None: whatever is current)


def shipped_clock(region_id: str) -> RegionClock:
    """Version 0: the region's newest shipped mapping and its agreement's models."""
    data = reference()
    mappings = [a for a in data.payment_clock_agreements if a.region_id == region_id]
    if not mappings:
        return RegionClock(region_id, 0, SHIPPED, None, (), None)
    agreement = max(mappings, key=lambda a: a.validity.valid_from)
    models = tuple(
        m for m in data.payment_clock_models.values() if m.agreement_id == agreement.agreement_id
    )
    return RegionClock(region_id, 0, agreement.provenance, agreement, models, None)


def current_clocks(session: Session, region_ids: Iterable[str]) -> dict[str, RegionClock]:
    """Each region's current clock: its finance's newest version, else the shipped one."""
    ids = list(region_ids)
    entered = latest_entries(session, ids)
    return {i: RegionClock.of_entry(entered[i]) if i in entered else shipped_clock(i) for i in ids}


def _value_problems(session: Session, p: ClockParameters) -> list[FieldError]:
    errors = []
    for field, (low, high) in DAY_LIMITS.items():
        value = getattr(p, field)
        if not low <= value <= high:
            message = f"{field} is {value}: it must be between {low} and {high}"
            errors.append(FieldError(field, "LAW-PAY-ENTRY-DAYS", message))
    tariffs = load_price_book(session).tariffs
    if not any(t.tariff_id == p.daily_tariff_id and t.rule_id == RULE for t in tariffs):
        known = sorted({t.tariff_id for t in tariffs if t.rule_id == RULE})
        message = (
            f"{p.daily_tariff_id!r} is no LAW-PAY tariff of the price book (known: "
            f"{', '.join(known)}); enter its amount with POST /v1/tariffs first"
        )
        errors.append(FieldError("daily_tariff_id", "LAW-PAY-ENTRY-TARIFF", message))
    return errors


def _rule_problems(change: ClockChange, current: RegionClock, by: str) -> list[FieldError]:
    if change.based_on is not None and change.based_on != current.version:
        message = f"based on version {change.based_on}, but version {current.version} is current"
        raise RequestRejected([FieldError("based_on", "LAW-PAY-ENTRY-VERSION", message)], 409)
    same = change.parameters == current.parameters
    if change.status is Status.CONFIRMED:
        if current.provenance.status is not Status.ENTERED:
            status = current.provenance.status
            message = f"only a clock finance entered can be confirmed, not a {status} one"
            return [FieldError("status", "REF-CONFIRM", message)]
        if not same:
            message = "a confirmation repeats the current values unchanged"
            return [FieldError("status", "REF-CONFIRM", message)]
        if current.provenance.set_by == by:
            message = f"entered by {by}: a second person of finance confirms it"
            return [FieldError("status", "REF-CONFIRM", message)]
    elif not current.provenance.is_placeholder and not same and not (change.reason or "").strip():
        message = (
            f"the clock is {current.provenance.status} (version {current.version}, by "
            f"{current.provenance.set_by}): a correction states its reason"
        )
        return [FieldError("reason", "REF-CORRECTION", message)]
    return []


def change_clock(
    uow: UnitOfWork, region_id: str, change: ClockChange, by: str
) -> tuple[RegionClock, bool]:
    """Store the change as the region's next version; (the clock now, whether stored).

    The same values entered again over an entered or confirmed clock store nothing."""
    current = current_clocks(uow.session, [region_id])[region_id]
    errors = _value_problems(uow.session, change.parameters)
    errors += _rule_problems(change, current, by)
    if errors:
        raise RequestRejected(errors)
    unchanged = change.parameters == current.parameters and (
        change.status is Status.ENTERED or current.provenance.status is Status.CONFIRMED
    )
    if unchanged:
        return current, False
    reason = change.reason
    if change.status is Status.CONFIRMED:
        entered_by = current.provenance.set_by
        reason = reason or f"confirms version {current.version} entered by {entered_by}"
    elif current.provenance.is_placeholder:
        shipped = "none" if current.agreement is None else current.agreement.agreement_id
        reason = reason or f"replaces the shipped agreement {shipped}"
    provenance = Provenance(change.status, by, datetime.now(UTC), reason)
    entry = ClockEntry(region_id, change.parameters, provenance, current.version + 1)
    uow.session.add(row_of(entry))
    message = f"the payment clock of {region_id} was changed meanwhile: read it again"
    commit_or_conflict(uow, "based_on", "LAW-PAY-ENTRY-VERSION", message)
    return RegionClock.of_entry(entry), True
