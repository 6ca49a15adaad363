"""Who may do what: finance maintains prices and runs invoicing; parties see their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from handover_common.access import CurrentOrganisation, Organisation
from handover_common.errors import FieldError, NotFound, RequestRejected
from sqlmodel import Session

from billing.adapters.invoice_tables import InvoiceRow, number_of
from billing.settings import BillingSettings


def settings_of(request: Request) -> BillingSettings:
    settings: BillingSettings = request.app.state.runtime.settings
    return settings


Settings = Annotated[BillingSettings, Depends(settings_of)]


def is_finance(org: Organisation, settings: BillingSettings) -> bool:
    return org.kind in settings.finance_organisation_kinds


def finance(org: CurrentOrganisation, settings: Settings) -> Organisation:
    if not is_finance(org, settings):
        kinds = ", ".join(settings.finance_organisation_kinds)
        message = f"only finance ({kinds}) maintains prices and runs invoicing"
        raise RequestRejected([FieldError("X-Organisation", "ACCESS-FINANCE", message)], 403)
    return org


Finance = Annotated[Organisation, Depends(finance)]


def visible_invoice(session: Session, invoice_id: str, org: Organisation) -> InvoiceRow:
    """The invoice if ``org`` is its supplier or customer; otherwise it does not exist."""
    number = number_of(invoice_id)
    row = None if number is None else session.get(InvoiceRow, number)
    if row is None or str(org) not in (row.supplier_org, row.customer_org):
        raise NotFound("invoice")
    return row
