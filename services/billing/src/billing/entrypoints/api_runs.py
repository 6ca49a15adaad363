"""Invoice runs over HTTP (issue 4, items 3–5). Finance of a billing party only; each run
issues the invoices the caller's organisation supplies, and is safe to repeat.

Each run lists the shipped placeholder values it used, and refuses to issue on one when asked
(``refuse_placeholders``, default from the settings; REF-PLACEHOLDER-USE, issue 13 §1)."""

from __future__ import annotations

from fastapi import APIRouter
from handover_common.service import UoW

from billing.entrypoints.dependencies import BillingParty, Settings
from billing.entrypoints.schemas_runs import (
    JointFundsRunIn,
    MonthlyRunIn,
    MtFixedRunIn,
    PaymentClockRunIn,
    PriceCorrectionRunIn,
    RunOut,
    SupplementaryRunIn,
)
from billing.service_layer.allocation_runs import run_joint_funds, run_mt_fixed, run_supplementary
from billing.service_layer.credits import run_price_corrections
from billing.service_layer.payment_runs import run_payment_clock_invoices
from billing.service_layer.prices import placeholder_policy, run_placeholders
from billing.service_layer.reference import reference
from billing.service_layer.work_runs import run_work_invoices
from billing.settings import BillingSettings

router = APIRouter(prefix="/v1/invoice-runs", tags=["invoice runs"])


def _refuse(asked: bool | None, settings: BillingSettings) -> bool:
    return settings.refuse_placeholders if asked is None else asked


@router.post("")
def monthly_run(body: MonthlyRunIn, uow: UoW, supplier: BillingParty, settings: Settings) -> RunOut:
    """Rental, sight, hearing, MT variable, GB-ECO, hospital staff and GEN-RES of a month."""
    with uow, placeholder_policy(uow, _refuse(body.refuse_placeholders, settings)):
        result = run_work_invoices(uow, body.period, body.issue_date, supplier)
        return RunOut.of(result, run_placeholders(uow, result))


@router.post("/payment-clock")
def payment_clock_run(
    body: PaymentClockRunIn, uow: UoW, supplier: BillingParty, settings: Settings
) -> RunOut:
    """LAW-PAY: the month's payable days of ready-for-discharge patients; the agreement is the
    body's or, by default, each stay's region's (reference data); late notices are corrected."""
    with uow, placeholder_policy(uow, _refuse(body.refuse_placeholders, settings)):
        result, models = run_payment_clock_invoices(
            uow, body.period, body.issue_date, body.agreement_id, supplier
        )
        return RunOut.of(result, run_placeholders(uow, result, models))


@router.post("/mt-fixed")
def mt_fixed_run(
    body: MtFixedRunIn, uow: UoW, supplier: BillingParty, settings: Settings
) -> RunOut:
    """JH-MT-FIXED: the half-year's fixed part, in advance, split by devices."""
    keys = reference().key_placeholders["JH-MT-FIXED"]
    with uow, placeholder_policy(uow, _refuse(body.refuse_placeholders, settings), keys):
        result = run_mt_fixed(uow, body.year, body.half, body.issue_date, supplier)
        return RunOut.of(result, run_placeholders(uow, result, keys if result.issued else ()))


@router.post("/supplementary")
def supplementary_run(
    body: SupplementaryRunIn, uow: UoW, supplier: BillingParty, settings: Settings
) -> RunOut:
    """JH-TB: the year's supplementary amount, reconciled and distributed."""
    keys = reference().key_placeholders["JH-TB"]
    with uow, placeholder_policy(uow, _refuse(body.refuse_placeholders, settings), keys):
        result = run_supplementary(
            uow, body.year, body.connected_persons, body.issue_date, supplier
        )
        return RunOut.of(result, run_placeholders(uow, result, keys if result.issued else ()))


@router.post("/joint-funds")
def joint_funds_run(
    body: JointFundsRunIn, uow: UoW, supplier: BillingParty, settings: Settings
) -> RunOut:
    """JH-ECO: a joint development budget split 50/50 and invoiced by its administrator."""
    keys = reference().key_placeholders["JH-ECO"]
    with uow, placeholder_policy(uow, _refuse(body.refuse_placeholders, settings), keys):
        result = run_joint_funds(
            uow, body.budget_id, body.budget, body.year, body.issue_date, supplier
        )
        return RunOut.of(result, run_placeholders(uow, result, keys if result.issued else ()))


@router.post("/price-corrections")
def price_correction_run(body: PriceCorrectionRunIn, uow: UoW, supplier: BillingParty) -> RunOut:
    """REF-CORRECTION-RUN: after an index or tariff was corrected, each issued invoice of the
    caller priced otherwise gets a credit note for those lines and an invoice at the corrected
    price — together, the difference. Issued invoices are never changed; safe to repeat."""
    with uow:
        result = run_price_corrections(uow, body.tariff_ids, body.issue_date, supplier)
        return RunOut.of(result, run_placeholders(uow, result))
