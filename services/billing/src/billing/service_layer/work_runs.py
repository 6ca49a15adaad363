"""The monthly invoice run over stored work reports (issue 4, item 3).

Rental (JH-RENT-DAY/-NIGHT), sight and hearing (JH-SIGHT), MT variable (JH-MT-VARIABLE),
Gävleborg severe cases (GB-ECO), hospital staff (JH-HOSP-STAFF) and non-residents
(GEN-RES) are all rated by ``run_monthly_invoices``; this module only feeds it the month's
reports not yet billed and stores what it issues. Running a month again bills only reports
that arrived since. A run is one supplier's: it issues the invoices that party supplies and
marks only their reports billed, so the other parties' reports wait for their own runs.
The run's steps name the reading of the agreement each billed rule was rated by (issue 13).
"""

from __future__ import annotations

from datetime import date

from handover_common.unit_of_work import UnitOfWork
from sqlmodel import Session

from billing.adapters.price_book import load_price_book
from billing.adapters.queries import unbilled_report_payloads
from billing.domain import BillingContext, Period, WorkReport, run_monthly_invoices
from billing.service_layer.errors import commit_or_conflict, domain_errors
from billing.service_layer.issuing import RunResult, issue
from billing.service_layer.reference import directory, reference
from billing.service_layer.work_mapping import work_report_of

WORK_SCOPE = "work"


def unbilled_reports(session: Session, month: Period) -> list[WorkReport]:
    parties = directory()
    payloads = unbilled_report_payloads(session, month, WORK_SCOPE)
    with domain_errors():
        return [work_report_of(payload, parties) for payload in payloads]


def run_work_invoices(
    uow: UnitOfWork, month: Period, issue_date: date, supplier_id: str
) -> RunResult:
    data = reference()
    ctx = BillingContext(
        load_price_book(uow.session), data.parties, data.work_rules, data.vat_by_rule
    )
    reports = unbilled_reports(uow.session, month)
    with domain_errors():
        run = run_monthly_invoices(
            reports, month=month, ctx=ctx, issue_date=issue_date, supplier_id=supplier_id
        )
    issued = tuple(
        issue(uow, invoice, scope=WORK_SCOPE, items=sorted(invoice.source_ids))
        for invoice in run.invoices
    )
    commit_or_conflict(uow, "month", "RUN-ONCE", f"{month.label} is being billed right now")
    steps = tuple(reading.line() for reading in run.readings)
    return RunResult("work", month.label, issued, run.exclusions, run.warnings, steps)
