"""The monthly LAW-PAY run: payable days of ready-for-discharge patients (issue 4, item 5).

Each stay is clocked under its agreement's model for its care type on the ready-notice day
(``model_for``); the agreement is the run's ``agreement_id`` or, by default, the stay's
region's agreement (LAW-PAY-AGREEMENT, issue 13 §5): the one its finance entered
(``payment_clock_entries``), else the shipped placeholder of the reference data. A missing model,
agreement or daily amount is a 4xx naming what to enter and where. Notices that arrive after
a month was billed are corrected in the next run (LAW-PAY-LATE, ``late_notices``).
Individual models bill each stay's payable days of the month, once per stay and month;
monthly-average models bill each municipality's average excess once a month.
A run is one supplier's (a region's finance): it clocks the stays its organisation is a party
to and issues only the invoices that party supplies.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork

from billing.adapters.price_book import load_price_book
from billing.adapters.queries import billed_items, stay_events_for
from billing.domain import (
    AllocationTerms,
    ClockKind,
    Exclusion,
    HospitalStay,
    Invoice,
    PartyKind,
    PaymentClockModel,
    Period,
    PriceBook,
    StayEventType,
    model_for,
    monthly_average_invoice,
    monthly_average_payable,
    payment_clock_invoices,
    run_payment_clock,
)
from billing.domain.errors import MissingIndex, MissingTariff
from billing.domain.payment_clock.model import NoPaymentClockModel, agreement_for
from billing.domain.prices.tariffs import PlaceholderRefused
from billing.domain.provenance import PlaceholderUse
from billing.domain.work.reports import to_swedish_time
from billing.service_layer.errors import commit_or_conflict, domain_errors
from billing.service_layer.issuing import RunResult, issue
from billing.service_layer.late_notices import correct_late_notices
from billing.service_layer.prices import where_to_enter
from billing.service_layer.reference import (
    PaymentClock,
    clock_placeholders,
    directory,
    payment_clock,
    reference,
)
from billing.service_layer.statements import terms
from billing.service_layer.stays import hospital_stays

RULE = "LAW-PAY"
Billable = tuple[Invoice, list[str]]  # an invoice and the items (per month) it bills


def _ready_day(stay: HospitalStay) -> date:
    ready = stay.first(StayEventType.READY_NOTICE_SENT)
    assert ready is not None  # only stays with a ready notice are loaded
    return to_swedish_time(ready.at).date()


def _stays(
    uow: UnitOfWork, month: Period, party_id: str, clock: PaymentClock
) -> tuple[list[HospitalStay], list[str]]:
    """The stays whose hospital region or registered municipality is ``party_id``."""
    models = clock.models.values()
    window = max((model.window_months for model in models), default=1)
    parties = directory()
    code = parties.code(party_id)
    is_region = parties.parties[party_id].kind is PartyKind.REGION
    own = [
        row
        for row in stay_events_for(uow.session, month, window)
        if (row.region_code if is_region else row.municipality_code) == code
    ]
    return hospital_stays(own, parties)


Models = dict[str, tuple[PaymentClockModel, list[HospitalStay]]]


def model_of(
    stay: HospitalStay,
    agreement_id: str | None,
    uses: dict[str, PlaceholderUse],
    clock: PaymentClock,
) -> PaymentClockModel:
    """LAW-PAY-AGREEMENT then LAW-PAY-MODEL: the stay's model; notes placeholders in ``uses``."""
    day = _ready_day(stay)
    agreement = None
    if agreement_id is None:
        agreement = agreement_for(clock.agreements, region_id=stay.region_id, on=day)
        agreement_id = agreement.agreement_id
    model = model_for(
        clock.models.values(),
        agreement_id=agreement_id,
        care_type=stay.care_type,
        on=day,
    )
    uses.update((use.key, use) for use in clock_placeholders(model, agreement))
    return model


def _by_model(
    stays: list[HospitalStay],
    agreement_id: str | None,
    uses: dict[str, PlaceholderUse],
    clock: PaymentClock,
) -> Models:
    groups: Models = {}
    for stay in stays:
        model = model_of(stay, agreement_id, uses, clock)
        groups.setdefault(model.model_id, (model, []))[1].append(stay)
    return groups


def _individual(
    stays: list[HospitalStay], model: PaymentClockModel, terms: AllocationTerms, book: PriceBook
) -> tuple[list[Billable], tuple[Exclusion, ...]]:
    data = reference()
    until = terms.period.end
    clocks = [(s, run_payment_clock(s, model, data.holidays, until=until)) for s in stays]
    invoices, excluded = payment_clock_invoices(
        clocks, model=model, price_book=book, parties=data.parties, terms=terms
    )
    return [(i, sorted({line.source_ids[0] for line in i.lines})) for i in invoices], excluded


def _average(
    stays: list[HospitalStay], model: PaymentClockModel, terms: AllocationTerms, book: PriceBook
) -> list[Billable]:
    data = reference()
    billable: list[Billable] = []
    for municipality in sorted({s.municipality_id for s in stays}):
        statement = monthly_average_payable(
            stays, model, data.holidays, municipality_id=municipality, month=terms.period
        )
        region = next(s.region_id for s in stays if s.municipality_id == municipality)
        invoice = monthly_average_invoice(
            statement,
            region_id=region,
            model=model,
            price_book=book,
            parties=data.parties,
            terms=terms,
        )
        if invoice is not None:
            billable.append((invoice, [f"average:{municipality}"]))
    return billable


def _billable(
    groups: Models,
    terms: AllocationTerms,
    book: PriceBook,
    billed: set[str],
) -> tuple[list[Billable], list[Exclusion]]:
    """Individual clocks for stays not yet billed this month; averages per municipality."""
    billable: list[Billable] = []
    exclusions: list[Exclusion] = []
    for model, group in groups.values():
        if model.kind is ClockKind.INDIVIDUAL:
            unbilled = [s for s in group if s.stay_id not in billed]
            invoices, excluded = _individual(unbilled, model, terms, book)
            billable.extend(invoices)
            exclusions.extend(excluded)
        else:
            averages = _average(group, model, terms, book)
            billable.extend(b for b in averages if b[1][0] not in billed)
    return billable, exclusions


@contextmanager
def _what_to_enter() -> Iterator[None]:
    """A missing amount, index or model as a 4xx naming what to enter and where."""
    try:
        yield
    except (MissingIndex, MissingTariff) as error:
        raise where_to_enter(error) from None
    except NoPaymentClockModel as error:
        raise RequestRejected([FieldError(error.field, "LAW-PAY-MODEL", str(error))]) from None


def run_payment_clock_invoices(
    uow: UnitOfWork,
    month: Period,
    issue_date: date,
    agreement_id: str | None,
    supplier_id: str,
) -> tuple[RunResult, tuple[PlaceholderUse, ...]]:
    """The month's LAW-PAY invoices of one supplier, and the placeholder models it used."""
    scope = f"{RULE}/{month.label}"
    billed = billed_items(uow.session, scope)
    clock = payment_clock(uow.session)
    stays, warnings = _stays(uow, month, supplier_id, clock)
    book = load_price_book(uow.session)
    uses: dict[str, PlaceholderUse] = {}
    with domain_errors(), _what_to_enter():
        groups = _by_model(stays, agreement_id, uses, clock)
        if uses and book.refuse_placeholders:  # REF-PLACEHOLDER-USE: a model is priced on too
            raise PlaceholderRefused(uses[min(uses)])
        clock_terms = terms(RULE, "payment-clock", month, issue_date)
        billable, exclusions = _billable(groups, clock_terms, book, billed)
        late = correct_late_notices(uow, groups, clock_terms, book, supplier_id)
    own = [
        (invoice, items) for invoice, items in billable if invoice.supplier.party_id == supplier_id
    ]
    issued = tuple(issue(uow, invoice, scope=scope, items=items) for invoice, items in own)
    issued += late.issue(uow)
    commit_or_conflict(uow, "month", "RUN-ONCE", f"{RULE} {month.label} is being billed right now")
    result = RunResult(RULE, month.label, issued, tuple(exclusions), (*warnings, *late.steps))
    return result, tuple(uses[key] for key in sorted(uses))
