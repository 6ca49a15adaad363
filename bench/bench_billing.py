"""Benchmark: a monthly invoice run over generated work reports (default 1,000,000).

Prints the run's rate and its ratio to a ceiling measured in the same process: the time
of the least work any run must do over the same reports (one pass that prices each report
with a Decimal multiplication and groups it by counterparty). No assertion on time.
With ``--database URL`` it also times the service's run (``POST /v1/invoice-runs``):
reports stored as work.reported rows, then loaded, rated, issued and marked billed.

    .venv/bin/python bench/bench_billing.py [--reports N] [--seed S] [--database URL]
"""

from __future__ import annotations

import argparse
import base64
import random
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from billing.domain import (
    BillableTime,
    BillingContext,
    CostItem,
    CostKind,
    Period,
    WorkKind,
    WorkReport,
    run_monthly_invoices,
)
from billing.reference_data import load_reference_data

T = TypeVar("T")
MUNICIPALITIES = (
    "kommun-berg",
    "kommun-bracke",
    "kommun-harjedalen",
    "kommun-krokom",
    "kommun-ragunda",
    "kommun-stromsund",
    "kommun-are",
    "kommun-ostersund",
)
SIGHT_TASKS = ("reading-writing-training", "reading-tv", "cleaning-glasses")
HEARING_TASKS = ("hearing-aid-handling-training", "hearing-aid-use-motivation")


def generate(count: int, seed: int) -> list[WorkReport]:
    """Mixed March 2026 reports: rental (day and night), sight, hearing, MT; ~1 % redelivered."""
    rng = random.Random(seed)
    reports: list[WorkReport] = []
    for n in range(count):
        if reports and rng.random() < 0.01:
            reports.append(reports[rng.randrange(len(reports))])
            continue
        municipality = MUNICIPALITIES[n % len(MUNICIPALITIES)]
        start = datetime(2026, 3, 1 + rng.randrange(31), rng.randrange(24), rng.randrange(60))
        roll = rng.random()
        kind, task, performer, counterparty = (
            WorkKind.STAFF_RENTAL,
            "wound-care",
            municipality,
            "region-jh",
        )
        costs: tuple[CostItem, ...] = ()
        if roll < 0.10:
            kind, task = WorkKind.SIGHT, rng.choice(SIGHT_TASKS)
        elif roll < 0.18:
            kind, task = WorkKind.HEARING, rng.choice(HEARING_TASKS)
        elif roll < 0.25:
            kind, task, performer, counterparty = (
                WorkKind.MT_SERVICE,
                "pump-service",
                "region-jh",
                municipality,
            )
            costs = (CostItem(CostKind.SPARE_PART, "filter", Decimal(1), Decimal("149.00")),)
        time_parts = BillableTime(
            rng.randrange(5, 150),
            rng.randrange(0, 20),
            rng.randrange(0, 10),
            rng.randrange(0, 40),
            rng.random() < 0.5,
        )
        reports.append(
            WorkReport(
                f"wr-{n}",
                kind,
                performer,
                counterparty,
                "region-jh",
                task,
                start,
                start + timedelta(minutes=90),
                time_parts,
                "pr-" + base64.b32encode((n % 5000).to_bytes(15, "big")).decode().lower(),
                costs,
            )
        )
    return reports


def timed(action: Callable[[], T]) -> tuple[float, T]:
    began = time.perf_counter()
    result = action()
    return time.perf_counter() - began, result


def ceiling(reports: list[WorkReport], price: Decimal) -> dict[str, Decimal]:
    """The least work of a run: one Decimal product per report, summed per counterparty."""
    totals: dict[str, Decimal] = {}
    for report in reports:
        amount = price * report.time.billable_minutes
        totals[report.counterparty_id] = totals.get(report.counterparty_id, Decimal(0)) + amount
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--database", help="also time the service run, e.g. sqlite:///var/b.db")
    args = parser.parse_args()
    data = load_reference_data()
    ctx = BillingContext(data.price_book, data.parties, data.work_rules, data.vat_by_rule)
    generate_s, reports = timed(lambda: generate(args.reports, args.seed))
    ceiling_s, _ = timed(lambda: ceiling(reports, Decimal("659.20")))
    run_s, run = timed(
        lambda: run_monthly_invoices(
            reports, month=Period.month(2026, 3), ctx=ctx, issue_date=date(2026, 4, 5)
        )
    )
    lines = sum(len(invoice.lines) for invoice in run.invoices)
    print(f"reports generated      {len(reports):>12,}  in {generate_s:8.2f} s")
    print(f"invoices / lines       {len(run.invoices):>12,} / {lines:,}")
    print(f"excluded (rule/dupes)  {len(run.exclusions):>12,}")
    print(f"invoice run            {run_s:12.2f} s  = {len(reports) / run_s:,.0f} reports/s")
    print(
        f"ceiling (Decimal sum)  {ceiling_s:12.2f} s  = {len(reports) / ceiling_s:,.0f} reports/s"
    )
    print(f"ratio run / ceiling    {run_s / ceiling_s:12.1f} x")
    if args.database:
        # beside this file (run as a script); needs the database
        from billing_service import service_run  # type: ignore[import-not-found]

        service_run(reports, args.database, timed)


if __name__ == "__main__":
    main()
