"""Invoice runs over HTTP (issue 4, items 3–5). Finance of a billing party only; each run
issues the invoices the caller's organisation supplies, and is safe to repeat."""

from __future__ import annotations

from fastapi import APIRouter
from handover_common.service import UoW

from billing.entrypoints.dependencies import BillingParty, Settings
from billing.entrypoints.schemas_runs import (
    JointFundsRunIn,
    MonthlyRunIn,
    MtFixedRunIn,
    PaymentClockRunIn,
    RunOut,
    SupplementaryRunIn,
)
from billing.service_layer.allocation_runs import run_joint_funds, run_mt_fixed, run_supplementary
from billing.service_layer.payment_runs import run_payment_clock_invoices
from billing.service_layer.work_runs import run_work_invoices

router = APIRouter(prefix="/v1/invoice-runs", tags=["invoice runs"])


@router.post("")
def monthly_run(body: MonthlyRunIn, uow: UoW, supplier: BillingParty) -> RunOut:
    """Rental, sight, hearing, MT variable, GB-ECO, hospital staff and GEN-RES of a month."""
    with uow:
        return RunOut.of(run_work_invoices(uow, body.period, body.issue_date, supplier))


@router.post("/payment-clock")
def payment_clock_run(
    body: PaymentClockRunIn, uow: UoW, supplier: BillingParty, settings: Settings
) -> RunOut:
    """LAW-PAY: the month's payable days of ready-for-discharge patients."""
    agreement = body.agreement_id or settings.payment_clock_agreement
    with uow:
        result = run_payment_clock_invoices(uow, body.period, body.issue_date, agreement, supplier)
        return RunOut.of(result)


@router.post("/mt-fixed")
def mt_fixed_run(body: MtFixedRunIn, uow: UoW, supplier: BillingParty) -> RunOut:
    """JH-MT-FIXED: the half-year's fixed part, in advance, split by devices."""
    with uow:
        return RunOut.of(run_mt_fixed(uow, body.year, body.half, body.issue_date, supplier))


@router.post("/supplementary")
def supplementary_run(body: SupplementaryRunIn, uow: UoW, supplier: BillingParty) -> RunOut:
    """JH-TB: the year's supplementary amount, reconciled and distributed."""
    with uow:
        result = run_supplementary(
            uow, body.year, body.connected_persons, body.issue_date, supplier
        )
        return RunOut.of(result)


@router.post("/joint-funds")
def joint_funds_run(body: JointFundsRunIn, uow: UoW, supplier: BillingParty) -> RunOut:
    """JH-ECO: a joint development budget split 50/50 and invoiced by its administrator."""
    with uow:
        result = run_joint_funds(
            uow, body.budget_id, body.budget, body.year, body.issue_date, supplier
        )
        return RunOut.of(result)
