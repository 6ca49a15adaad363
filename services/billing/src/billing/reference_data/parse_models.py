"""Parsers for the model data: MT fixed part, JH-TB, JH-ECO, LAW-PAY and holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing.domain import (
    AdjustmentReading,
    ClockKind,
    DayBasis,
    DeviceRegister,
    MtFixedModel,
    PaymentClockModel,
    SupplementaryModel,
    Validity,
)
from billing.domain.payment_clock.model import PaymentClockAgreement
from billing.domain.payment_clock.working_days import Eve
from billing.domain.provenance import PlaceholderUse
from billing.reference_data.fields import Fields
from billing.reference_data.parse_prices import provenance_of

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class JointFundsData:
    """JH-ECO parameters: who administers, the region's share, the municipal key."""

    administrator_id: str
    region_id: str
    region_share: Decimal
    municipality_key: dict[str, Decimal]


def parse_mt_fixed(root: Fields) -> tuple[MtFixedModel, DeviceRegister]:
    model = root.child("model")
    register = root.child("device_register")
    devices = register.child("devices")
    counts = {name: devices.integer(name) for name in devices.data}
    for name, count in counts.items():
        if count < 0:
            raise devices.error(name, "a device count cannot be negative")
    return (
        MtFixedModel(
            hourly_tariff_id=model.text("hourly_tariff_id"),
            base_hours_per_year=model.amount("base_hours_per_year"),
            minutes_per_device=model.amount("minutes_per_device"),
            periods_per_year=model.integer("periods_per_year"),
        ),
        DeviceRegister(register.text("register_id"), register.day("as_of"), counts),
    )


def parse_supplementary(
    root: Fields,
) -> tuple[SupplementaryModel, dict[str, dict[str, Decimal]]]:
    model = root.child("model")
    low, high = model.integer("normal_low"), model.integer("normal_high")
    if low > high:
        raise model.error("normal_high", f"interval {low}–{high} is empty")
    weights = model.amounts("weights")
    factors = root.child("factor_values")
    values: dict[str, dict[str, Decimal]] = {}
    for municipality in factors.data:
        values[municipality] = factors.amounts(municipality)
        missing = set(weights) - set(values[municipality])
        if missing:
            raise factors.error(municipality, f"factor values missing: {sorted(missing)}")
    supplementary = SupplementaryModel(
        amount_tariff_id=model.text("amount_tariff_id"),
        adjustment_tariff_id=model.text("adjustment_tariff_id"),
        normal_low=low,
        normal_high=high,
        reading=model.choice("reading", AdjustmentReading),
        weights=weights,
    )
    return supplementary, values


def parse_joint_funds(root: Fields) -> JointFundsData:
    share = root.amount("region_share")
    if not Decimal(0) <= share <= Decimal(1):
        raise root.error("region_share", "must be between 0 and 1")
    return JointFundsData(
        administrator_id=root.text("administrator_id"),
        region_id=root.text("region_id"),
        region_share=share,
        municipality_key=root.amounts("municipality_key"),
    )


def parse_payment_clock_models(root: Fields) -> dict[str, PaymentClockModel]:
    models: dict[str, PaymentClockModel] = {}
    for item in root.children("models"):
        model = PaymentClockModel(
            model_id=item.text("model_id"),
            agreement_id=item.text("agreement_id"),
            care_type=item.text("care_type"),
            kind=item.choice("kind", ClockKind),
            free_days=item.integer("free_days"),
            day_basis=item.choice("day_basis", DayBasis),
            notice_cutoff=item.clock("notice_cutoff"),
            daily_tariff_id=item.text("daily_tariff_id"),
            validity=Validity(item.day("valid_from"), item.optional_day("valid_to")),
            admission_notice_hours=item.integer("admission_notice_hours"),
            sip_deadline_days=item.integer("sip_deadline_days"),
            count_discharge_day=item.boolean("count_discharge_day"),
            window_months=item.integer("window_months"),
            provenance=provenance_of(item),
        )
        if model.model_id in models:
            raise item.error("model_id", f"{model.model_id!r} appears twice")
        models[model.model_id] = model
    return models


def parse_payment_clock_agreements(root: Fields) -> tuple[PaymentClockAgreement, ...]:
    """LAW-PAY-AGREEMENT: region → agreement, with validity (data, not a setting)."""
    return tuple(
        PaymentClockAgreement(
            region_id=item.text("region_id"),
            agreement_id=item.text("agreement_id"),
            validity=Validity(item.day("valid_from"), item.optional_day("valid_to")),
            provenance=provenance_of(item),
        )
        for item in root.children("agreements")
    )


def _month_day(item: Fields, key: str) -> tuple[int, int]:
    text = item.text(key)
    try:
        parsed = date.fromisoformat(f"2000-{text}")  # a leap year: 02-29 is a month_day too
    except ValueError:
        raise item.error(key, f"expected MM-DD, got {text!r}") from None
    return parsed.month, parsed.day


def parse_eves(root: Fields) -> tuple[Eve, ...]:
    """The non-working eves the agreements name; public holidays come from the calendar."""
    eves = []
    for item in root.children("eves"):
        weekday = item.optional_text("weekday")
        if weekday is not None and weekday not in WEEKDAYS:
            raise item.error("weekday", f"{weekday!r} is not one of: {', '.join(WEEKDAYS)}")
        last = _month_day(item, "last") if item.has("last") else None
        if (weekday is None) != (last is None):
            raise item.error("weekday", "give weekday and last together (or neither)")
        eves.append(
            Eve(
                name=item.text("name"),
                first=_month_day(item, "first"),
                last=last,
                weekday=None if weekday is None else WEEKDAYS.index(weekday),
            )
        )
    return tuple(eves)


def key_placeholders(
    root: Fields, status_key: str, kind: str, key: str
) -> tuple[PlaceholderUse, ...]:
    """REF-PLACEHOLDER-USE for a shipped key (JH-TB factors, JH-ECO key, MT devices)."""
    if not provenance_of(root, status_key).is_placeholder:
        return ()
    return (PlaceholderUse(kind, key, "shipped example"),)
