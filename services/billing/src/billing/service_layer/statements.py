"""Distribution runs (JH-MT-FIXED, JH-TB, JH-ECO) are kept as statements, once per period.

A statement stores the run's inputs and every step. Each supplier's finance issues its own
share of the distribution (a region its MT and JH-ECO invoices, each municipality its JH-TB
invoice): the first share stores the statement, later shares must come to the same steps.
Running the same period again with the same inputs bills nothing and answers with the stored
steps; other inputs are refused (409), since the period's invoices are issued — a correction
is a credit note. The statement keeps the readings of the agreement the run applied
(``statement_reading``, issue 13), shown with its steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session, col, select

from billing.adapters.connection_tables import StatementReadingRow
from billing.adapters.invoice_tables import BilledItemRow, InvoiceRow, StatementRow
from billing.domain import AllocationTerms, BillingError, Invoice, Period, VatTreatment
from billing.domain.work.rules import Reading
from billing.service_layer.errors import commit_or_conflict
from billing.service_layer.issuing import RunResult, issue
from billing.service_layer.reference import directory, reference


@dataclass(frozen=True)
class Run:
    """A distribution run as asked: which statement, with which inputs, for which supplier."""

    kind: str
    period: str
    parameters: Mapping[str, Any]
    supplier_id: str
    readings: tuple[Reading, ...] = field(default=())

    @property
    def scope(self) -> str:
        """The billed-item scope of the statement's invoices (one item per invoice)."""
        return f"{self.kind}/{self.period}"


PLACEHOLDER_STEP = "REF-PLACEHOLDER-USE: priced on the placeholder "
"""A statement's steps name every placeholder it was priced on (kept with the stored steps)."""


@dataclass(frozen=True)
class StatementView:
    """A statement as shown: stored (issued) or a preview that issued nothing, with the
    readings of the agreement it applied and notes on how it relates to the stored one."""

    kind: str
    period: str
    parameters: Mapping[str, Any]
    steps: tuple[str, ...]
    invoice_numbers: tuple[int, ...]
    stored: bool
    readings: tuple[Reading, ...]
    notes: tuple[str, ...] = ()


def stored_view(session: Session, row: StatementRow, notes: Iterable[str] = ()) -> StatementView:
    return StatementView(
        row.kind,
        row.period,
        dict(row.parameters),
        tuple(row.steps),
        tuple(statement_invoice_numbers(session, row)),
        True,
        tuple(stored_readings(session, row.kind, row.period)),
        tuple(notes),
    )


def statement_invoice_numbers(session: Session, row: StatementRow) -> list[int]:
    """Every share issued so far: the first run's numbers and the later shares' billed items."""
    later = select(BilledItemRow.invoice_number).where(
        BilledItemRow.scope == f"{row.kind}/{row.period}"
    )
    return sorted({*row.invoice_numbers, *session.exec(later)})


def _issued_by(session: Session, row: StatementRow, supplier_id: str) -> bool:
    numbers = statement_invoice_numbers(session, row)
    query = select(InvoiceRow.number).where(
        col(InvoiceRow.number).in_(numbers), InvoiceRow.supplier_id == supplier_id
    )
    return session.exec(query).first() is not None


def _same_parameters(row: StatementRow, run: Run) -> None:
    changed = [name for name, value in run.parameters.items() if row.parameters.get(name) != value]
    if changed:
        name = changed[0]
        message = (
            f"{run.kind} {run.period} was run with {name} = {row.parameters.get(name)}; "
            "its invoices are issued — credit them to correct"
        )
        raise RequestRejected([FieldError(name, run.kind, message)], 409)


def earlier_run(uow: UnitOfWork, run: Run) -> RunResult | None:
    """The answer to a repeat of a supplier's share, or None while the share is to issue."""
    row = uow.session.get(StatementRow, (run.kind, run.period))
    if row is None:
        return None
    _same_parameters(row, run)
    if not _issued_by(uow.session, row, run.supplier_id):
        return None
    note = f"{run.kind} {run.period} was already run; nothing billed again"
    return RunResult(run.kind, run.period, (), warnings=(note,), steps=tuple(row.steps))


def _not_a_supplier(run: Run, invoices: Iterable[Invoice]) -> RequestRejected:
    suppliers = sorted({directory().organisation(i.supplier.party_id) for i in invoices})
    message = (
        f"{directory().organisation(run.supplier_id)} supplies no invoice of "
        f"{run.kind} {run.period}; its suppliers ({', '.join(suppliers)}) each run their own"
    )
    return RequestRejected([FieldError("Authorization", "ACCESS-SUPPLIER", message)], 403)


def _same_steps(row: StatementRow, run: Run, steps: tuple[str, ...]) -> None:
    if tuple(row.steps) != steps:
        message = (
            f"{run.kind} {run.period} comes to other figures than its stored statement "
            "(the price book changed since): the issued shares stand — credit them to correct"
        )
        raise RequestRejected([FieldError("period", run.kind, message)], 409)


def record_run(
    uow: UnitOfWork, run: Run, steps: Iterable[str], invoices: Iterable[Invoice]
) -> RunResult:
    """Issue the supplier's share of the distribution; the first share stores the statement.
    Every check comes before the first write."""
    steps, invoices = tuple(steps), tuple(invoices)
    own = [invoice for invoice in invoices if invoice.supplier.party_id == run.supplier_id]
    if not own:
        raise _not_a_supplier(run, invoices)
    row = uow.session.get(StatementRow, (run.kind, run.period))
    if row is not None:
        _same_steps(row, run, steps)
    issued = tuple(issue(uow, i, scope=run.scope, items=[i.invoice_id]) for i in own)
    if row is None:
        uow.session.add(
            StatementRow(
                kind=run.kind,
                period=run.period,
                parameters=dict(run.parameters),
                steps=list(steps),
                invoice_numbers=[i.row.number for i in issued if i.row.number is not None],
            )
        )
        uow.session.add_all(reading_rows(run))
    message = f"{run.kind} {run.period} is being run right now"
    commit_or_conflict(uow, "period", "RUN-ONCE", message)
    return RunResult(run.kind, run.period, issued, steps=steps)


def reading_rows(run: Run) -> list[StatementReadingRow]:
    return [
        StatementReadingRow(
            kind=run.kind,
            period=run.period,
            reading_id=r.reading_id,
            rule_id=r.rule_id,
            text=r.text,
            source=r.source,
        )
        for r in run.readings
    ]


def stored_readings(session: Session, kind: str, period: str) -> list[Reading]:
    """The readings a stored statement applied (none for statements stored before issue 13)."""
    query = select(StatementReadingRow).where(
        StatementReadingRow.kind == kind, StatementReadingRow.period == period
    )
    rows = session.exec(query.order_by(col(StatementReadingRow.rule_id)))
    return [Reading(r.rule_id, r.reading_id, r.text, r.source) for r in rows]


def terms(rule_id: str, stream: str, period: Period, issue_date: date) -> AllocationTerms:
    data = reference()
    vat = data.vat_by_rule.get(rule_id, VatTreatment())
    days = data.work_rules.payment_terms_days
    return AllocationTerms(rule_id, stream, period, issue_date, days, vat)


def region_of(municipalities: Iterable[str]) -> str:
    """The one region the municipalities of a distribution belong to."""
    parties = reference().parties
    regions = {parties[m].region_id for m in municipalities if m in parties}
    if len(regions) != 1:
        raise BillingError(f"the distribution spans regions {sorted(regions)}")
    return regions.pop()
