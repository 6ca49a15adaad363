"""LAW-PAY invoices: the region invoices the municipality monthly for payable days.

The daily amount is a tariff (per agreement, or the national amount set yearly by
Socialstyrelsen), priced on each payable day, so a stay crossing a new year gets one line
per daily amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal

from billing.domain.distribution.invoices import AllocationTerms
from billing.domain.invoicing.invoices import (
    DocumentType,
    Invoice,
    InvoiceLine,
    UnitCode,
    make_line,
)
from billing.domain.parties import Party, party
from billing.domain.payment_clock.average import MonthlyAverageStatement
from billing.domain.payment_clock.clock import PaymentClockResult
from billing.domain.payment_clock.model import HospitalStay, PaymentClockModel
from billing.domain.periods import Period
from billing.domain.prices.tariffs import PriceBook
from billing.domain.work.rules import Exclusion, ExclusionReason

RULE = "LAW-PAY"


def stay_lines(
    stay: HospitalStay,
    result: PaymentClockResult,
    model: PaymentClockModel,
    month: Period,
    price_book: PriceBook,
    *,
    prefix: str = "",
) -> list[InvoiceLine]:
    """The payable days of one stay in ``month``: one line per daily amount."""
    by_price: dict[Decimal, list[date]] = {}
    for day in result.payable_days:
        if month.contains(day):
            by_price.setdefault(price_book.price(model.daily_tariff_id, day).amount, []).append(day)
    sources = (stay.stay_id, *(e.event_id for e in stay.ordered_events()))
    return [
        make_line(
            rule_id=RULE,
            description=f"{prefix}{len(days)} payable days {days[0]}–{days[-1]}",
            quantity=Decimal(len(days)),
            unit=UnitCode.DAY,
            unit_price=price,
            source_ids=sources,
            service_date=days[0],
            subject_ref=stay.patient_ref,
            tariff_id=model.daily_tariff_id,
        )
        for price, days in by_price.items()
    ]


def law_pay_invoice(
    terms: AllocationTerms, region: Party, municipality: Party, lines: list[InvoiceLine]
) -> Invoice:
    return Invoice(
        invoice_id=f"{terms.stream}/{terms.period.label}/{region.party_id}/{municipality.party_id}",
        document_type=DocumentType.INVOICE,
        rule_id=RULE,
        supplier=region,
        customer=municipality,
        issue_date=terms.issue_date,
        due_date=terms.issue_date + timedelta(days=terms.payment_terms_days),
        period=terms.period,
        buyer_reference=municipality.party_id,  # the municipality's own reference, at issue
        lines=tuple(lines),
        vat=terms.vat,
    )


def payment_clock_invoices(
    clocks: Iterable[tuple[HospitalStay, PaymentClockResult]],
    *,
    model: PaymentClockModel,
    price_book: PriceBook,
    parties: Mapping[str, Party],
    terms: AllocationTerms,
) -> tuple[tuple[Invoice, ...], tuple[Exclusion, ...]]:
    """Individual model: one invoice per region → municipality for the month's payable days."""
    groups: dict[tuple[str, str], list[InvoiceLine]] = {}
    excluded: list[Exclusion] = []
    for stay, result in clocks:
        if not result.duties_met:
            reason = ExclusionReason.NOTICE_DUTIES_NOT_MET
            excluded.append(Exclusion(stay.stay_id, reason, RULE, "; ".join(result.failures)))
            continue
        lines = stay_lines(stay, result, model, terms.period, price_book)
        if lines:
            groups.setdefault((stay.region_id, stay.municipality_id), []).extend(lines)
    invoices = tuple(
        law_pay_invoice(terms, party(parties, region), party(parties, municipality), lines)
        for (region, municipality), lines in sorted(groups.items())
    )
    return invoices, tuple(excluded)


def monthly_average_invoice(
    statement: MonthlyAverageStatement,
    *,
    region_id: str,
    model: PaymentClockModel,
    price_book: PriceBook,
    parties: Mapping[str, Party],
    terms: AllocationTerms,
) -> Invoice | None:
    """Monthly-average model: one line of payable (average excess) days, or no invoice."""
    if statement.payable_days <= 0:
        return None
    quote = price_book.price(model.daily_tariff_id, statement.month.end)
    line = make_line(
        rule_id=RULE,
        description=f"average excess days {statement.month.label}",
        quantity=statement.payable_days,
        unit=UnitCode.DAY,
        unit_price=quote.amount,
        source_ids=tuple(sorted(statement.ready_days)),
        service_date=statement.month.end,
        tariff_id=model.daily_tariff_id,
    )
    region, municipality = party(parties, region_id), party(parties, statement.municipality_id)
    return law_pay_invoice(terms, region, municipality, [line])
