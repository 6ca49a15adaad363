"""Statements of the distribution runs (JH-TB first): every step, from count to shares."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from handover_common.access import Authorised, Organisation
from handover_common.errors import NotFound
from handover_common.service import UoW

from billing.adapters.invoice_tables import StatementRow
from billing.entrypoints.dependencies import party_of
from billing.entrypoints.schemas_invoices import StatementOut
from billing.service_layer.allocation_runs import supplementary_statement
from billing.service_layer.reference import reference
from billing.service_layer.statements import region_of, statement_invoice_numbers

router = APIRouter(prefix="/v1", tags=["statements"])


def _may_see_supplementary(org: Organisation) -> bool:
    """The JH-TB parties: the municipalities sharing the amount and their region."""
    municipalities = list(reference().supplementary_factors)
    parties = {*municipalities, region_of(municipalities)}
    return party_of(org) in parties


@router.get("/supplementary/{year}/statement")
def supplementary_statement_of(
    year: Annotated[int, Path(ge=2000, le=2100)],
    uow: UoW,
    access: Authorised,
    connected_persons: Annotated[int | None, Query(ge=0)] = None,
) -> StatementOut:
    """JH-TB: the stored reconciliation of ``year``, or a preview for ``connected_persons``."""
    if not _may_see_supplementary(access.org):
        raise NotFound("statement")
    with uow:
        row = uow.session.get(StatementRow, ("JH-TB", str(year)))
        if row is not None:
            return StatementOut.of(row, statement_invoice_numbers(uow.session, row))
        if connected_persons is None:
            raise NotFound("statement (run it, or preview with ?connected_persons=N)")
        preview = supplementary_statement(uow, year, connected_persons)
    parameters = {"connected_persons": connected_persons}
    return StatementOut(
        kind="JH-TB",
        period=str(year),
        parameters=parameters,
        steps=list(preview.steps()),
        invoice_ids=[],
        stored=False,
    )
