"""Distribution runs: MT fixed part (JH-MT-FIXED), supplementary amount (JH-TB) and joint
development funds (JH-ECO). The money is the domain's; this module stores the outcome.
Each run issues the share of one supplier (``supplier_id``), see ``statements``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from handover_common.unit_of_work import UnitOfWork

from billing.adapters.price_book import load_price_book
from billing.domain import (
    Period,
    SupplementaryStatement,
    joint_funds_invoices,
    mt_fixed_invoices,
    mt_fixed_statement,
    reconcile_supplementary_amount,
    split_joint_development_funds,
    supplementary_invoices,
)
from billing.service_layer.errors import domain_errors
from billing.service_layer.issuing import RunResult
from billing.service_layer.reference import reference
from billing.service_layer.statements import Run, earlier_run, record_run, region_of, terms


def run_mt_fixed(
    uow: UnitOfWork, year: int, half: int, issue_date: date, supplier_id: str
) -> RunResult:
    """JH-MT-FIXED: half-yearly in advance, split by registered devices."""
    data = reference()
    period = Period.half_year(year, half)
    register = data.device_register
    run = Run("JH-MT-FIXED", period.label, {"register_id": register.register_id}, supplier_id)
    earlier = earlier_run(uow, run)
    if earlier is not None:
        return earlier
    with domain_errors():
        book = load_price_book(uow.session)
        statement = mt_fixed_statement(data.mt_fixed_model, register, period, book)
        invoices = mt_fixed_invoices(
            statement,
            region_id=region_of(register.devices),
            parties=data.parties,
            terms=terms("JH-MT-FIXED", "mt-fixed", period, issue_date),
        )
    return record_run(uow, run, statement.steps(), invoices)


def supplementary_statement(
    uow: UnitOfWork, year: int, connected_persons: int
) -> SupplementaryStatement:
    """JH-TB for ``year`` from the persons connected in ``year``−1 (no invoices)."""
    data = reference()
    with domain_errors():
        return reconcile_supplementary_amount(
            year=year,
            connected_persons=connected_persons,
            model=data.supplementary_model,
            factor_values=data.supplementary_factors,
            price_book=load_price_book(uow.session),
        )


def run_supplementary(
    uow: UnitOfWork, year: int, connected_persons: int, issue_date: date, supplier_id: str
) -> RunResult:
    """JH-TB: each municipality invoices the region its share of the reconciled amount."""
    run = Run("JH-TB", str(year), {"connected_persons": connected_persons}, supplier_id)
    earlier = earlier_run(uow, run)
    if earlier is not None:
        return earlier
    statement = supplementary_statement(uow, year, connected_persons)
    with domain_errors():
        invoices = supplementary_invoices(
            statement,
            region_id=region_of(statement.distribution),
            parties=reference().parties,
            terms=terms("JH-TB", "supplementary", Period.year(year), issue_date),
        )
    return record_run(uow, run, statement.steps(), invoices)


def run_joint_funds(
    uow: UnitOfWork,
    budget_id: str,
    budget: Decimal,
    year: int,
    issue_date: date,
    supplier_id: str,
) -> RunResult:
    """JH-ECO: 50 % region / 50 % municipalities; the administrator invoices the others."""
    funds = reference().joint_funds
    run = Run("JH-ECO", budget_id, {"budget": str(budget), "year": year}, supplier_id)
    earlier = earlier_run(uow, run)
    if earlier is not None:
        return earlier
    with domain_errors():
        split = split_joint_development_funds(
            budget_id=budget_id,
            budget=budget,
            region_id=funds.region_id,
            municipality_key=funds.municipality_key,
            region_share=funds.region_share,
        )
        invoices = joint_funds_invoices(
            split,
            administrator_id=funds.administrator_id,
            parties=reference().parties,
            terms=terms("JH-ECO", "joint-funds", Period.year(year), issue_date),
        )
    return record_run(uow, run, split.steps(), invoices)
