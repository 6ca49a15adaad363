"""Billing's HTTP routes, all under /v1: thin, they hand requests to the service layer."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from handover_common.access import Authorised, Organisation
from handover_common.pages import Limit, Offset, Page, page_of
from handover_common.service import UoW
from handover_contracts.identifiers import PatientRef
from sqlmodel import col, select

from billing.adapters.orm import ResponsibilityRow
from billing.entrypoints import (
    api_invoices,
    api_parties,
    api_payment_clock,
    api_prices,
    api_runs,
    api_statements,
    api_work,
)

router = APIRouter(prefix="/v1", tags=["billing"])


def bears_cost(row: ResponsibilityRow, org: Organisation) -> bool:
    return (row.cost_bearer_kind, row.cost_bearer_code) == (org.kind.value, org.code)


@router.get("/responsibilities/{patient_ref}")
def responsibilities(
    patient_ref: Annotated[PatientRef, Path()],
    uow: UoW,
    access: Authorised,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[dict[str, Any]]:
    """Who bears the cost of each component for a patient, newest first (own rows only).

    Every look-up is audited: refused when the patient has rows and none is the caller's
    (the answer is then as if there were none), allowed otherwise."""
    query = (
        select(ResponsibilityRow)
        .where(ResponsibilityRow.patient_ref == patient_ref)
        .order_by(col(ResponsibilityRow.id).desc())
    )
    with uow:
        rows = list(uow.session.exec(query))
        own = [row for row in rows if bears_cost(row, access.org)]
        refused = bool(rows) and not own
        if not refused:
            access.read(uow.session, [patient_ref])
            uow.commit()
    if refused:
        access.refuse(patient_ref)
    return page_of([row.model_dump(mode="json") for row in own], limit, offset)


ROUTERS = [
    router,
    *(part.router for part in (api_prices, api_work, api_runs, api_invoices, api_statements)),
    api_parties.router,
    api_payment_clock.router,
]
"""Every router with its full path: the access guard keys its rules by the route's path, which
a router nested in another does not carry (its parent's prefix is not on it)."""
