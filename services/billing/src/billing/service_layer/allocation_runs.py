"""Distribution runs: MT fixed part (JH-MT-FIXED), supplementary amount (JH-TB) and joint
development funds (JH-ECO). The money is the domain's; this module stores the outcome.
Each run issues the share of one supplier (``supplier_id``), see ``statements``.

JH-TB counts the persons connected during the year before from the JH-PAL-2 decisions held
(``responsibility_decision``) plus finance's adjustments, each with its reason (issue 13)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from handover_contracts.envelope import utcnow
from sqlmodel import Session, col, select

from billing.adapters.connection_tables import CountAdjustmentRow, DecisionRow
from billing.adapters.invoice_tables import StatementRow
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
from billing.domain.distribution.connections import (
    ConnectedCount,
    CountAdjustment,
    DecisionFact,
    count_connected,
)
from billing.service_layer.errors import domain_errors
from billing.service_layer.issuing import RunResult
from billing.service_layer.reference import reference
from billing.service_layer.statements import (
    PLACEHOLDER_STEP,
    Run,
    StatementView,
    earlier_run,
    record_run,
    region_of,
    stored_view,
    terms,
)


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
    return record_run(uow, replace(run, readings=statement.readings), statement.steps(), invoices)


def _decision_facts(session: Session, count_year: int) -> list[DecisionFact]:
    """Every decision of the patients with a JH-PAL-2 decision taken by the end of the year:
    their later decisions tell when a connection ended."""
    connected = select(DecisionRow.patient_ref).where(
        col(DecisionRow.palliative_connected), DecisionRow.decided_on <= date(count_year, 12, 31)
    )
    query = select(DecisionRow).where(col(DecisionRow.patient_ref).in_(connected))
    rows = session.exec(query.order_by(col(DecisionRow.recorded_at)))
    return [
        DecisionFact(
            str(r.decision_id),
            r.patient_ref,
            r.decided_on,
            r.valid_until,
            r.palliative_connected,
            n,
        )
        for n, r in enumerate(rows)
    ]


def _adjustments(session: Session, year: int) -> list[CountAdjustment]:
    query = select(CountAdjustmentRow).where(CountAdjustmentRow.year == year)
    rows = session.exec(query.order_by(col(CountAdjustmentRow.id)))
    return [CountAdjustment(r.delta, r.reason, r.recorded_by, r.recorded_at) for r in rows]


def connected_count(
    session: Session, year: int, extra: CountAdjustment | None = None
) -> ConnectedCount:
    """JH-TB for ``year``: the persons connected during ``year``−1, derived and adjusted."""
    adjustments = [*_adjustments(session, year), *([extra] if extra else [])]
    try:
        return count_connected(_decision_facts(session, year - 1), adjustments, year - 1)
    except ValueError as error:
        raise RequestRejected([FieldError("delta", "JH-TB", str(error))]) from None


def record_count_adjustment(
    uow: UnitOfWork, year: int, delta: int, reason: str, recorded_by: str, party_id: str
) -> ConnectedCount:
    """Finance of the JH-TB region corrects the count, with a reason, before the year's
    statement is stored; afterwards the issued shares stand (credit them to correct)."""
    region = region_of(reference().supplementary_factors)
    if party_id != region:
        message = "only the region's finance, which holds the JH-PAL-2 decisions, adjusts the count"
        raise RequestRejected([FieldError("Authorization", "JH-TB", message)], 403)
    if uow.session.get(StatementRow, ("JH-TB", str(year))) is not None:
        message = f"JH-TB {year} is issued with its count; credit its invoices to correct"
        raise RequestRejected([FieldError("year", "JH-TB", message)], 409)
    adjustment = CountAdjustment(delta, reason, recorded_by, utcnow())
    count = connected_count(uow.session, year, adjustment)
    uow.session.add(
        CountAdjustmentRow(year=year, delta=delta, reason=reason, recorded_by=recorded_by)
    )
    uow.commit()
    return count


def supplementary_statement(
    uow: UnitOfWork, year: int, connected_persons: int | None = None
) -> SupplementaryStatement:
    """JH-TB for ``year`` (no invoices): for the count derived from the decisions held, or a
    what-if for ``connected_persons`` when that is another count."""
    data = reference()
    count = connected_count(uow.session, year)
    asked = count.total if connected_persons is None else connected_persons
    with domain_errors():
        return reconcile_supplementary_amount(
            year=year,
            connected_persons=asked,
            model=data.supplementary_model,
            factor_values=data.supplementary_factors,
            price_book=load_price_book(uow.session),
            count=count if asked == count.total else None,
        )


def placeholder_steps(uow: UnitOfWork, year: int) -> tuple[str, ...]:
    """REF-PLACEHOLDER-USE on the JH-TB statement: the shipped examples its amount, its
    adjustment and its key are priced on (the same date the reconciliation prices on)."""
    data, book, on = reference(), load_price_book(uow.session), date(year, 1, 1)
    model = data.supplementary_model
    uses = {
        *data.key_placeholders.get("JH-TB", ()),
        *book.placeholders_for(model.amount_tariff_id, on),
        *book.placeholders_for(model.adjustment_tariff_id, on),
    }
    return tuple(sorted(f"{PLACEHOLDER_STEP}{use.label}" for use in uses))


def supplementary_view(uow: UnitOfWork, year: int, connected_persons: int | None) -> StatementView:
    """JH-TB's statement for the count asked, or the derived one: the stored statement only if
    it is for that count; any other count is recomputed as a preview, never served stale."""
    row = uow.session.get(StatementRow, ("JH-TB", str(year)))
    count = connected_count(uow.session, year)
    stored = None if row is None else row.parameters.get("connected_persons")
    if row is not None and connected_persons in (None, stored):
        notes = []
        if count.total != stored:
            notes.append(
                f"the decisions and adjustments held now give {count.total} persons for "
                f"{count.year}; the issued statement used {stored} — credit it to correct"
            )
        return stored_view(uow.session, row, notes)
    statement = supplementary_statement(uow, year, connected_persons)
    notes = []
    if statement.count is None:
        notes.append(f"what-if for {connected_persons}: the count derived is {count.total}")
    if row is not None:
        notes.append(f"JH-TB {year} is issued for {stored} persons; this preview issued nothing")
    parameters = {"connected_persons": statement.connected_persons}
    steps = (*statement.steps(), *placeholder_steps(uow, year))
    readings = statement.readings
    return StatementView("JH-TB", str(year), parameters, steps, (), False, readings, tuple(notes))


def _confirmed(year: int, typed: int | None, count: ConnectedCount) -> None:
    """A count sent with the run must be the derived one: it is derived, never typed."""
    if typed is not None and typed != count.total:
        message = (
            f"the JH-PAL-2 decisions held give {count.total} persons connected during "
            f"{count.year} ({count.derived} derived, {count.adjustment_total:+d} adjusted), not "
            f"{typed}; record an adjustment with its reason (POST /v1/supplementary/{year}/"
            "count-adjustments) to change it"
        )
        raise RequestRejected([FieldError("connected_persons", "JH-TB", message)], 409)


def run_supplementary(
    uow: UnitOfWork, year: int, connected_persons: int | None, issue_date: date, supplier_id: str
) -> RunResult:
    """JH-TB: each municipality invoices the region its share of the reconciled amount, for
    the count derived from the decisions held (``connected_persons``, if sent, must match)."""
    count = connected_count(uow.session, year)
    _confirmed(year, connected_persons, count)
    statement = supplementary_statement(uow, year)
    parameters = {"connected_persons": count.total}
    run = Run("JH-TB", str(year), parameters, supplier_id, statement.readings)
    earlier = earlier_run(uow, run)
    if earlier is not None:
        return earlier
    with domain_errors():
        invoices = supplementary_invoices(
            statement,
            region_id=region_of(statement.distribution),
            parties=reference().parties,
            terms=terms("JH-TB", "supplementary", Period.year(year), issue_date),
        )
    steps = (*statement.steps(), *placeholder_steps(uow, year))
    return record_run(uow, run, steps, invoices)


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
