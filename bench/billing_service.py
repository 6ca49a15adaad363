"""The service side of bench_billing.py: the monthly run through a database.

Stores the generated reports as work.reported rows (each report id once, as the service
does), then times ``run_work_invoices`` — what ``POST /v1/invoice-runs`` runs: load the
month's unbilled reports, rate them, issue the invoices with their lines, mark reports billed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

import billing
from billing.adapters.price_book import seed_price_book
from billing.adapters.work_tables import WorkReportRow
from billing.domain import Period, WorkReport
from billing.reference_data import load_reference_data
from billing.service_layer.reference import directory
from billing.service_layer.work import report_row
from billing.service_layer.work_mapping import normalised
from billing.service_layer.work_runs import run_work_invoices
from handover_common.db import make_engine
from handover_common.migrate import upgrade
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.billing_events import WorkReported
from sqlalchemy import Engine, insert

Timer = Callable[[Callable[[], Any]], tuple[float, Any]]


def as_event(report: WorkReport) -> WorkReported:
    """The work.reported event a municipality's system would send for ``report``."""
    codes = directory().codes
    time_parts = report.time
    return WorkReported.model_validate(
        {
            "report_id": report.report_id,
            "kind": report.kind.value,
            "performer_code": codes[report.performer_id],
            "counterparty_code": codes[report.counterparty_id],
            "responsible_code": codes[report.responsible_id],
            "patient_ref": report.subject_ref,
            "task_type": report.task_type,
            "started_at": report.start,
            "ended_at": report.end,
            "intervention_minutes": time_parts.intervention_minutes,
            "administration_minutes": time_parts.administration_minutes,
            "reporting_back_minutes": time_parts.reporting_back_minutes,
            "travel_minutes": time_parts.travel_minutes,
            "combined_with_ordinary_visit": time_parts.travel_combined_with_ordinary_visit,
            "costs": [asdict(cost) for cost in report.costs],
        }
    )


def service_run(reports: list[WorkReport], url: str, timed: Timer) -> None:
    """Store each report id once, then time the service's monthly run through the database."""
    upgrade(url, Path(billing.__file__).parent / "migrations")
    engine = make_engine(url)
    seed_price_book(engine, load_reference_data().price_book)
    unique = {r.report_id: r for r in reversed(reports)}.values()
    rows = [report_row(normalised(as_event(r)), "bench", "bench").model_dump() for r in unique]
    store_s, _ = timed(lambda: _insert(engine, rows))
    suppliers = sorted({r.performer_id for r in unique})  # each supplier runs its own invoicing
    with UnitOfWork(engine, "bench") as uow:
        run_s, runs = timed(
            lambda: [
                run_work_invoices(uow, Period.month(2026, 3), date(2026, 4, 5), supplier)
                for supplier in suppliers
            ]
        )
    print(f"stored reports         {len(rows):>12,}  in {store_s:8.2f} s")
    print(f"service run            {run_s:12.2f} s  = {len(rows) / run_s:,.0f} reports/s")
    print(f"service invoices       {sum(len(run.issued) for run in runs):>12,}")


def _insert(engine: Engine, rows: list[dict[str, object]]) -> None:
    with engine.begin() as connection:
        connection.execute(insert(WorkReportRow), rows)
