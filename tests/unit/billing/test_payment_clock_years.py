"""Issue 13 §5 and issue 14 §6: LAW-PAY for any year — the holiday calendar, the region →
agreement mapping as data, missing models named, late notices corrected (LAW-PAY-LATE)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from billing.domain import (
    ClockKind,
    DayBasis,
    HospitalStay,
    IndexValue,
    PaymentClockModel,
    Period,
    PriceBook,
    PriceUnit,
    StayEvent,
    StayEventType,
    Tariff,
    Validity,
    model_for,
    run_payment_clock,
)
from billing.domain.payment_clock.corrections import BilledLines, late_corrections
from billing.domain.payment_clock.model import NoPaymentClockModel, agreement_for
from billing.domain.payment_clock.working_days import first_working_day_from
from billing.reference_data import load_reference_data

from tests.unit.billing.test_credit_notes import issued_invoice

K = StayEventType


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2028, 4, 14), "Långfredagen 2028"),
        (date(2028, 6, 23), "Midsommarafton 2028 (an eve, data)"),
        (date(2031, 12, 24), "Julafton 2031 (an eve, data)"),
        (date(2035, 5, 3), "Kristi himmelsfärdsdag 2035"),
        (date(2040, 12, 31), "Nyårsafton 2040 (an eve, data)"),
    ],
)
def test_the_calendar_knows_every_year_not_only_a_typed_list(day: date, name: str) -> None:
    """Was: holidays.json listed 2025–2027 only, silently wrong from 2028."""
    assert day in load_reference_data().holidays, name


def test_working_days_skip_holidays_and_eves_of_any_year() -> None:
    holidays = load_reference_data().holidays
    assert first_working_day_from(date(2028, 6, 23), holidays) == date(2028, 6, 26)
    assert date(2028, 6, 22) not in holidays  # an ordinary Thursday


def test_law_pay_agreement_every_region_is_mapped_as_data() -> None:
    """Was: no model for Jämtland Härjedalen; the agreement came from a setting."""
    data = load_reference_data()
    jh = agreement_for(data.payment_clock_agreements, region_id="region-jh", on=date(2026, 3, 1))
    assert jh.provenance.is_placeholder  # the shipped example, listed on every run
    model = model_for(
        data.payment_clock_models.values(),
        agreement_id=jh.agreement_id,
        care_type="somatic",
        on=date(2026, 3, 1),
    )
    assert model.kind is ClockKind.INDIVIDUAL
    with pytest.raises(NoPaymentClockModel, match=r"payment_clock\.json") as missing:
        agreement_for(data.payment_clock_agreements, region_id="region-x", on=date(2026, 3, 1))
    assert missing.value.field == "agreement_id"
    with pytest.raises(NoPaymentClockModel, match="care valid on"):
        model_for(
            data.payment_clock_models.values(),
            agreement_id="jh",
            care_type="x",
            on=date(2026, 1, 1),
        )


MODEL = PaymentClockModel(
    "m",
    "a",
    "somatic",
    ClockKind.INDIVIDUAL,
    2,
    DayBasis.CALENDAR,
    time(12),
    "DAILY",
    Validity(date(2019, 1, 1), None),
)
BOOK = PriceBook(
    tariffs=(
        Tariff(
            "DAILY",
            "LAW-PAY",
            "daily",
            Decimal("11000.00"),
            PriceUnit.DAY,
            2026,
            Validity(date(2026, 1, 1), None),
        ),
    ),
    index_values=(IndexValue("VPI", 2026, Decimal(100)),),
)


def _stay(*events: tuple[StayEventType, str]) -> HospitalStay:
    return HospitalStay(
        "s1",
        "region-jh",
        "kommun-ostersund",
        "p1",
        "somatic",
        tuple(
            StayEvent(f"e{i}", kind, datetime.fromisoformat(at))
            for i, (kind, at) in enumerate(events)
        ),
        needs_municipal_support=False,
    )


def test_law_pay_late_a_later_cancellation_corrects_a_billed_month() -> None:
    march = Period.month(2026, 3)
    before = _stay(
        (K.READY_NOTICE_SENT, "2026-03-10T09:00:00+01:00"),
        (K.DISCHARGED, "2026-03-16T10:00:00+01:00"),
    )
    result = run_payment_clock(before, MODEL, frozenset(), until=date(2026, 4, 30))
    (first,) = late_corrections(before, result, MODEL, months=[march], billed={}, price_book=BOOK)
    assert first.first_billing and [line.quantity for line in first.lines] == [3]
    after = _stay(
        (K.READY_NOTICE_SENT, "2026-03-10T09:00:00+01:00"),
        (K.READINESS_CANCELLED, "2026-03-14T09:00:00+01:00"),
        (K.DISCHARGED, "2026-03-16T10:00:00+01:00"),
    )
    now = run_payment_clock(after, MODEL, frozenset(), until=date(2026, 4, 30))

    invoice = dataclasses.replace(issued_invoice(), lines=first.lines)
    billed = {"2026-03": [BilledLines(invoice, (1,))]}
    (fix,) = late_corrections(after, now, MODEL, months=[march], billed=billed, price_book=BOOK)
    assert [line.quantity for line in fix.lines] == [1] and fix.credit[0].positions == (1,)
    same = {"2026-03": [BilledLines(dataclasses.replace(invoice, lines=fix.lines), (1,))]}
    assert late_corrections(after, now, MODEL, months=[march], billed=same, price_book=BOOK) == []
