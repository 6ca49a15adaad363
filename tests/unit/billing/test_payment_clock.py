"""LAW-PAY payment clock: day 0, free days, cancellation, notice duties, models as data."""

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from billing.domain import (
    AllocationTerms,
    BillingError,
    ClockKind,
    DayBasis,
    ExclusionReason,
    HospitalStay,
    PaymentClockModel,
    PaymentClockResult,
    Period,
    StayEvent,
    StayEventType,
    Validity,
    model_for,
    monthly_average_invoice,
    monthly_average_payable,
    payment_clock_invoices,
    run_payment_clock,
)

from tests.unit.billing.builders import parties, price_book

D = Decimal
T = StayEventType
SOMATIC = PaymentClockModel(
    "somatic",
    "example",
    "somatic",
    ClockKind.INDIVIDUAL,
    2,
    DayBasis.CALENDAR,
    time(12, 0),
    "PAY",
    Validity(date(2019, 1, 1)),
)
NO_HOLIDAYS: frozenset[date] = frozenset()


def stay(
    *events: tuple[StayEventType, datetime],
    sip_needed: bool = False,
    admitted: datetime = datetime(2023, 3, 1, 8),
    notice_after_h: int = 2,
    municipality: str = "ost",
    stay_id: str = "s1",
) -> HospitalStay:
    base = [
        StayEvent(f"{stay_id}-adm", T.ADMITTED, admitted),
        StayEvent(
            f"{stay_id}-note", T.ADMISSION_NOTICE_SENT, admitted + timedelta(hours=notice_after_h)
        ),
    ]
    numbered = [StayEvent(f"{stay_id}-e{i}", kind, at) for i, (kind, at) in enumerate(events)]
    return HospitalStay(
        stay_id,
        "region",
        municipality,
        "P-1",
        "somatic",
        tuple(base + numbered),
        sip_needed=sip_needed,
    )


def days(result: PaymentClockResult) -> list[str]:
    return [d.isoformat() for d in result.payable_days]


def test_notice_before_12_makes_that_day_day_zero_then_two_free_days():
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 11, 59)),
        (T.DISCHARGED, datetime(2023, 3, 11, 10)),
    )
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31))
    assert result.segments[0].day_zero == date(2023, 3, 6)
    assert result.segments[0].free_days == (date(2023, 3, 7), date(2023, 3, 8))
    assert days(result) == ["2023-03-09", "2023-03-10"]  # the discharge day is not payable


def test_notice_at_12_00_moves_day_zero_to_the_next_day():
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 12, 0)),
        (T.DISCHARGED, datetime(2023, 3, 11, 10)),
    )
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31))
    assert result.segments[0].day_zero == date(2023, 3, 7)
    assert days(result) == ["2023-03-10"]


def test_model_may_count_the_discharge_day():
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 9)), (T.DISCHARGED, datetime(2023, 3, 11, 10))
    )
    model = replace(SOMATIC, count_discharge_day=True)
    assert len(run_payment_clock(s, model, NO_HOLIDAYS, until=date(2023, 3, 31)).payable_days) == 3


def test_discharge_within_the_free_days_costs_nothing():
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 9)), (T.DISCHARGED, datetime(2023, 3, 8, 15))
    )
    assert run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31)).payable_days == ()


def test_cancellation_stops_the_clock_and_a_new_notice_restarts_it():
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 10)),
        (T.READINESS_CANCELLED, datetime(2023, 3, 10, 9)),
        (T.READY_NOTICE_SENT, datetime(2023, 3, 13, 10)),
        (T.DISCHARGED, datetime(2023, 3, 18, 10)),
    )
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31))
    assert days(result) == ["2023-03-09", "2023-03-16", "2023-03-17"]
    assert [seg.ended_by_event_id for seg in result.segments] == ["s1-e1", "s1-e3"]


def test_a_running_clock_counts_up_to_the_given_day():
    s = stay((T.READY_NOTICE_SENT, datetime(2023, 3, 6, 10)))
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 10))
    assert days(result) == ["2023-03-09", "2023-03-10"]


def test_working_day_basis_skips_weekends_and_holidays():
    easter_2023 = frozenset({date(2023, 4, 7), date(2023, 4, 10)})  # Good Friday, Easter Monday
    model = replace(SOMATIC, day_basis=DayBasis.WORKING)
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 4, 6, 13)),  # Thursday after 12:00
        (T.DISCHARGED, datetime(2023, 4, 17, 10)),
    )
    result = run_payment_clock(s, model, easter_2023, until=date(2023, 4, 30))
    assert result.segments[0].day_zero == date(2023, 4, 11)  # first working day after
    assert result.segments[0].free_days == (date(2023, 4, 12), date(2023, 4, 13))
    assert days(result) == ["2023-04-14", "2023-04-15", "2023-04-16"]


@pytest.mark.parametrize(("hours", "met"), [(24, True), (25, False)])
def test_admission_notice_within_24_hours(hours, met):
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 10)),
        (T.DISCHARGED, datetime(2023, 3, 11, 10)),
        notice_after_h=hours,
    )
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31))
    assert result.duties_met is met
    assert (len(result.payable_days) == 2) is met
    if not met:
        assert result.failures[0].startswith("LAW-ADM24")


@pytest.mark.parametrize(("sip_day", "met"), [(9, True), (10, False)])
def test_sip_must_be_called_within_3_days_when_needed(sip_day, met):
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2023, 3, 6, 10)),
        (T.SIP_CALLED, datetime(2023, 3, sip_day, 15)),
        (T.DISCHARGED, datetime(2023, 3, 11, 10)),
        sip_needed=True,
    )
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31))
    assert result.duties_met is met
    if not met:
        assert result.payable_days == ()
        assert "LAW-SIP3" in result.failures[0]


def test_without_a_ready_notice_nothing_is_payable():
    s = stay((T.DISCHARGED, datetime(2023, 3, 11, 10)))
    result = run_payment_clock(s, SOMATIC, NO_HOLIDAYS, until=date(2023, 3, 31))
    assert result.payable_days == ()
    assert "LAW-READY" in result.failures[0]


def test_invoices_price_each_day_with_that_year_s_daily_amount():
    s = stay(
        (T.READY_NOTICE_SENT, datetime(2022, 12, 28, 10)),
        (T.DISCHARGED, datetime(2023, 1, 4, 10)),
        admitted=datetime(2022, 12, 20, 8),
    )
    bad = stay(
        (T.READY_NOTICE_SENT, datetime(2022, 12, 28, 10)),
        notice_after_h=30,
        admitted=datetime(2022, 12, 20, 8),
        stay_id="s2",
    )
    clocks = [
        (x, run_payment_clock(x, SOMATIC, NO_HOLIDAYS, until=date(2023, 1, 31))) for x in (s, bad)
    ]
    invoices = {}
    for month in (Period.month(2022, 12), Period.month(2023, 1)):
        terms = AllocationTerms("LAW-PAY", "law-pay", month, date(2023, 2, 5))
        found, excluded = payment_clock_invoices(
            clocks, model=SOMATIC, price_book=price_book(), parties=parties(), terms=terms
        )
        invoices[month.label] = found
        assert [(e.report_id, e.reason) for e in excluded] == [
            ("s2", ExclusionReason.NOTICE_DUTIES_NOT_MET)
        ]
    (december,) = invoices["2022-12"]
    (january,) = invoices["2023-01"]
    assert december.total == D("9300.00")  # 31 Dec at the 2022 amount
    assert january.total == D("31500.00")  # 1–3 Jan at 10,500
    assert (january.supplier.party_id, january.customer.party_id) == ("region", "ost")
    assert "s1-e0" in january.lines[0].source_ids
    assert january.lines[0].subject_ref == "P-1"


def average_stay(
    stay_id: str, ready_day: int, discharge_day: int, month: int = 3, municipality: str = "ost"
) -> HospitalStay:
    return stay(
        (T.READY_NOTICE_SENT, datetime(2023, month, ready_day, 10)),
        (T.DISCHARGED, datetime(2023, month, discharge_day, 10)),
        admitted=datetime(2023, month, 1, 8),
        stay_id=stay_id,
        municipality=municipality,
    )


AVERAGE = replace(SOMATIC, kind=ClockKind.MONTHLY_AVERAGE, free_days=7)


def test_monthly_average_over_a_rolling_three_month_window():
    stays = [
        average_stay("jan", 2, 13, month=1),  # 10 ready days (3–12 Jan)
        average_stay("mar-a", 2, 7),  # 4 ready days
        average_stay("mar-b", 2, 12),  # 9 ready days
        average_stay("dec", 2, 30, month=12),  # outside the window (December 2023)
        average_stay("other", 2, 28, municipality="berg"),
    ]
    statement = monthly_average_payable(
        stays, AVERAGE, NO_HOLIDAYS, municipality_id="ost", month=Period.month(2023, 3)
    )
    assert statement.window == Period(date(2023, 1, 1), date(2023, 3, 31))
    assert statement.ready_days == {"jan": 10, "mar-a": 4, "mar-b": 9}
    # average 23/3 = 7.67 > 7 → (23/3 − 7) × 2 stays in March = 1.33 days
    assert statement.payable_days == D("1.33")
    terms = AllocationTerms("LAW-PAY", "law-pay", Period.month(2023, 3), date(2023, 4, 5))
    invoice = monthly_average_invoice(
        statement,
        region_id="region",
        model=AVERAGE,
        price_book=price_book(),
        parties=parties(),
        terms=terms,
    )
    assert invoice is not None
    assert invoice.total == D("13965.00")  # 1.33 × 10,500


def test_monthly_average_within_the_allowed_days_costs_nothing():
    stays = [average_stay("a", 2, 7), average_stay("b", 2, 9)]
    statement = monthly_average_payable(
        stays, AVERAGE, NO_HOLIDAYS, municipality_id="ost", month=Period.month(2023, 3)
    )
    assert statement.payable_days == 0
    terms = AllocationTerms("LAW-PAY", "law-pay", Period.month(2023, 3), date(2023, 4, 5))
    assert (
        monthly_average_invoice(
            statement,
            region_id="region",
            model=AVERAGE,
            price_book=price_book(),
            parties=parties(),
            terms=terms,
        )
        is None
    )


def test_the_model_is_chosen_by_agreement_care_type_and_date():
    psychiatry = replace(SOMATIC, model_id="psy", care_type="psychiatry", free_days=5)
    later = replace(SOMATIC, model_id="new", validity=Validity(date(2026, 1, 1)))
    old = replace(SOMATIC, validity=Validity(date(2019, 1, 1), date(2025, 12, 31)))
    models = [old, psychiatry, later]
    pick = model_for
    assert (
        pick(models, agreement_id="example", care_type="psychiatry", on=date(2023, 1, 1))
        is psychiatry
    )
    assert pick(models, agreement_id="example", care_type="somatic", on=date(2025, 12, 31)) is old
    assert pick(models, agreement_id="example", care_type="somatic", on=date(2026, 1, 1)) is later
    with pytest.raises(BillingError):
        pick(models, agreement_id="JH-2026", care_type="somatic", on=date(2026, 1, 1))
