"""Distribution runs (JH-MT-FIXED, JH-TB, JH-ECO) are kept as statements, once per period.

A statement stores the run's inputs and every step. Running the same period again with the
same inputs bills nothing and answers with the stored steps; other inputs are refused (409),
since the period's invoices are issued — a correction is a credit note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork

from billing.adapters.invoice_tables import StatementRow
from billing.domain import AllocationTerms, BillingError, Invoice, Period, VatTreatment
from billing.service_layer.errors import commit_or_conflict
from billing.service_layer.issuing import RunResult, issue
from billing.service_layer.reference import reference


def earlier_run(
    uow: UnitOfWork, kind: str, period: str, parameters: Mapping[str, Any]
) -> RunResult | None:
    row = uow.session.get(StatementRow, (kind, period))
    if row is None:
        return None
    changed = [name for name, value in parameters.items() if row.parameters.get(name) != value]
    if changed:
        name = changed[0]
        message = (
            f"{kind} {period} was run with {name} = {row.parameters.get(name)}; "
            "its invoices are issued — credit them to correct"
        )
        raise RequestRejected([FieldError(name, kind, message)], 409)
    note = f"{kind} {period} was already run; nothing billed again"
    return RunResult(kind, period, (), warnings=(note,), steps=tuple(row.steps))


def record_run(
    uow: UnitOfWork,
    kind: str,
    period: str,
    parameters: Mapping[str, Any],
    steps: Iterable[str],
    invoices: Iterable[Invoice],
) -> RunResult:
    issued = tuple(issue(uow, invoice) for invoice in invoices)
    uow.session.add(
        StatementRow(
            kind=kind,
            period=period,
            parameters=dict(parameters),
            steps=list(steps),
            invoice_numbers=[i.row.number for i in issued if i.row.number is not None],
        )
    )
    commit_or_conflict(uow, "period", "RUN-ONCE", f"{kind} {period} is being run right now")
    return RunResult(kind, period, issued, steps=tuple(steps))


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
