"""Party details as finance maintains them (issue 13): one row per version, never updated.

Version 0 of every party is what ``parties.json`` ships (placeholders); finance's versions
start at 1. The current details are the highest version; an issued invoice keeps the
details it was issued with (``invoice.supplier_details`` / ``customer_details``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from handover_common.timestamps import UtcDateTime
from sqlalchemy import event
from sqlmodel import Field, Session, SQLModel, col, select

from billing.domain.parties import PartyDetails, PaymentAccount, PaymentScheme
from billing.domain.provenance import SHIPPED, Provenance, Status


class PartyDetailRow(SQLModel, table=True):
    __tablename__ = "party_detail"

    party_id: str = Field(primary_key=True)
    version: int = Field(primary_key=True)
    org_number: str
    buyer_reference: str
    bankgiro: str | None = None
    plusgiro: str | None = None
    status: str
    set_by: str
    set_at: datetime = Field(sa_type=UtcDateTime)
    reason: str | None = None


def _refuse(_mapper: Any, _connection: Any, target: Any) -> None:
    raise ValueError("a party's details are versioned: add a version, never change one")


event.listen(PartyDetailRow, "before_update", _refuse)
event.listen(PartyDetailRow, "before_delete", _refuse)


def _accounts(bankgiro: str | None, plusgiro: str | None) -> tuple[PaymentAccount, ...]:
    pairs = ((PaymentScheme.BANKGIRO, bankgiro), (PaymentScheme.PLUSGIRO, plusgiro))
    return tuple(PaymentAccount(scheme, number) for scheme, number in pairs if number)


def details_of(row: PartyDetailRow) -> PartyDetails:
    provenance = Provenance(Status(row.status), row.set_by, row.set_at, row.reason)
    accounts = _accounts(row.bankgiro, row.plusgiro)
    return PartyDetails(row.org_number, row.buyer_reference, accounts, provenance, row.version)


def row_of(party_id: str, details: PartyDetails) -> PartyDetailRow:
    numbers = {account.scheme: account.number for account in details.accounts}
    provenance = details.provenance
    assert provenance.set_at is not None, "only finance's versions are stored"
    return PartyDetailRow(
        party_id=party_id,
        version=details.version,
        org_number=details.org_number,
        buyer_reference=details.buyer_reference,
        bankgiro=numbers.get(PaymentScheme.BANKGIRO),
        plusgiro=numbers.get(PaymentScheme.PLUSGIRO),
        status=provenance.status.value,
        set_by=provenance.set_by,
        set_at=provenance.set_at,
        reason=provenance.reason,
    )


@cache
def shipped_details() -> Mapping[str, PartyDetails]:
    """Version 0 of each party: the placeholders ``parties.json`` ships (party id → details)."""
    text = resources.files("billing.reference_data").joinpath("parties.json").read_text("utf-8")
    shipped: dict[str, PartyDetails] = {}
    for item in json.loads(text)["parties"]:
        accounts = _accounts(item.get("bankgiro"), item.get("plusgiro"))
        status = Status(item.get("status", Status.PLACEHOLDER.value))
        provenance = SHIPPED if status is Status.PLACEHOLDER else Provenance(status, "system", None)
        shipped[item["party_id"]] = PartyDetails(
            item["org_number"], item["buyer_reference"], accounts, provenance
        )
    return shipped


def history(session: Session, party_id: str) -> list[PartyDetails]:
    """Finance's versions of a party's details, newest first."""
    query = select(PartyDetailRow).where(PartyDetailRow.party_id == party_id)
    rows = session.exec(query.order_by(col(PartyDetailRow.version).desc()))
    return [details_of(row) for row in rows]


def latest_versions(
    session: Session, party_ids: Iterable[str] | None = None
) -> Mapping[str, PartyDetails]:
    """The newest version finance entered for each party (of ``party_ids``) that has one."""
    query = select(PartyDetailRow).order_by(col(PartyDetailRow.version))
    if party_ids is not None:
        query = query.where(col(PartyDetailRow.party_id).in_(list(party_ids)))
    return {row.party_id: details_of(row) for row in session.exec(query)}


def snapshot(details: PartyDetails) -> dict[str, Any]:
    """The details an invoice was issued with, as stored on the invoice row."""
    provenance = details.provenance
    return {
        "org_number": details.org_number,
        "buyer_reference": details.buyer_reference,
        "accounts": [[a.scheme.value, a.number] for a in details.accounts],
        "version": details.version,
        "status": provenance.status.value,
        "set_by": provenance.set_by,
        "set_at": None if provenance.set_at is None else provenance.set_at.isoformat(),
    }


def from_snapshot(data: Mapping[str, Any]) -> PartyDetails:
    set_at = data.get("set_at")
    provenance = Provenance(
        Status(data["status"]),
        data["set_by"],
        None if set_at is None else datetime.fromisoformat(set_at),
    )
    accounts = tuple(PaymentAccount(PaymentScheme(s), n) for s, n in data["accounts"])
    return PartyDetails(
        data["org_number"], data["buyer_reference"], accounts, provenance, data["version"]
    )
