"""The caller as a billing party, and the invoices a party may see."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from handover_common.access import Access, Authorised, Organisation, forbidden
from handover_common.errors import NotFound
from sqlmodel import Session

from billing.adapters.invoice_tables import InvoiceRow, number_of
from billing.service_layer.reference import directory
from billing.settings import BillingSettings


async def settings_of(request: Request) -> BillingSettings:
    settings: BillingSettings = request.app.state.runtime.settings
    return settings


Settings = Annotated[BillingSettings, Depends(settings_of)]


def party_of(org: Organisation) -> str | None:
    """The billing party (party id) an organisation is, if any."""
    return directory().party_of(org.kind.value, org.code)


def billing_party(access: Authorised) -> str:
    """The caller's organisation as a billing party; any other organisation is refused."""
    party_id = party_of(access.org)
    if party_id is None:
        message = f"{access.org} is not a party to a billing agreement"
        raise forbidden("Authorization", "ACCESS-PARTY", message)
    return party_id


BillingParty = Annotated[str, Depends(billing_party)]
"""The party id of the caller's organisation, resolved before the body is handled."""


def entered_by(access: Access) -> str:
    """Who changed the price book: the organisation and the person (HSA id)."""
    return f"{access.org} {access.caller.person}"


def stored_invoice(session: Session, invoice_id: str) -> InvoiceRow:
    number = number_of(invoice_id)
    row = None if number is None else session.get(InvoiceRow, number)
    if row is None:
        raise NotFound("invoice")
    return row


def is_party(row: InvoiceRow, org: Organisation) -> bool:
    return str(org) in (row.supplier_org, row.customer_org)


def visible_invoice(session: Session, invoice_id: str, org: Organisation) -> InvoiceRow:
    """The invoice if ``org`` is its supplier or customer; otherwise it does not exist."""
    row = stored_invoice(session, invoice_id)
    if not is_party(row, org):
        raise NotFound("invoice")
    return row
