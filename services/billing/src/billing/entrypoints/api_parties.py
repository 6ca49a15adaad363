"""Billing parties over HTTP (issue 13): every region and the agreements' municipalities, with
the invoicing details finance of each party maintains (see ``service_layer.party_details``)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from fastapi import APIRouter
from handover_common.access import Access, Authorised, forbidden
from handover_common.errors import NotFound
from handover_common.pages import MAX_LIMIT, Limit, Offset, Page, page_of
from handover_common.service import UoW
from pydantic import BaseModel, ConfigDict, Field

from billing.adapters.party_tables import history, shipped_details
from billing.domain.parties import Party, PartyDetails, PartyKind, PaymentScheme
from billing.domain.provenance import Status
from billing.entrypoints import examples as ex
from billing.service_layer.party_details import DetailsChange, change_details, current_parties
from billing.service_layer.reference import directory

router = APIRouter(prefix="/v1/parties", tags=["parties"])


class ProvenanceOut(BaseModel):
    status: str
    set_by: str
    set_at: datetime | None
    reason: str | None


class DetailsOut(BaseModel):
    version: int = Field(description="0: as shipped (placeholders); finance's from 1")
    org_number: str
    buyer_reference: str = Field(description="written as BuyerReference on its invoices")
    bankgiro: str | None
    plusgiro: str | None
    provenance: ProvenanceOut

    @classmethod
    def of(cls, details: PartyDetails) -> DetailsOut:
        accounts = {a.scheme: a.number for a in details.accounts}
        p = details.provenance
        return cls(
            version=details.version,
            org_number=details.org_number,
            buyer_reference=details.buyer_reference,
            bankgiro=accounts.get(PaymentScheme.BANKGIRO),
            plusgiro=accounts.get(PaymentScheme.PLUSGIRO),
            provenance=ProvenanceOut(
                status=p.status.value, set_by=p.set_by, set_at=p.set_at, reason=p.reason
            ),
        )


class PartyOut(DetailsOut):
    code: str = Field(description="SCB county (region) or municipality code")
    organisation: str = Field(description="as callers' tokens name it, e.g. region:24")
    kind: str
    name: str
    home_region: str | None = Field(description="a municipality's region (code)")
    versions: list[DetailsOut] | None = None

    @classmethod
    def of_party(cls, party: Party) -> PartyOut:
        names = directory()
        home = party.home_region_id
        return cls(
            **DetailsOut.of(party.details).model_dump(),
            code=names.code(party.party_id),
            organisation=names.organisation(party.party_id),
            kind=party.kind.value,
            name=party.name,
            home_region=None if home is None else names.code(home),
        )


class DetailsIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=ex.examples(ex.PARTY_DETAILS))

    org_number: str = Field(max_length=20, description="NNNNNN-NNNC (PARTY-ORGNR)")
    buyer_reference: str = Field(max_length=200, description="PARTY-BUYER-REF")
    bankgiro: str | None = Field(default=None, max_length=20, description="PARTY-BANKGIRO")
    plusgiro: str | None = Field(default=None, max_length=20, description="PARTY-PLUSGIRO")
    status: Literal["entered", "confirmed"] = Field(
        default="entered", description="confirmed: a second person of finance (PARTY-CONFIRM)"
    )
    reason: str | None = Field(default=None, max_length=1000, description="PARTY-REASON")
    based_on: int | None = Field(default=None, ge=0, description="version read (PARTY-VERSION)")


def _party_id(code: str) -> str:
    party_id = directory().party_id(code)
    if party_id is None:
        raise NotFound("party")
    return party_id


def _own(access: Access, party_id: str) -> None:
    organisation = directory().organisation(party_id)
    if organisation != str(access.org):
        message = f"{access.org} may not change the details of {organisation}"
        raise forbidden("code", "ACCESS-OWN-PARTY", message)


@router.get("")
def list_parties(
    uow: UoW, _access: Authorised, limit: Limit = MAX_LIMIT, offset: Offset = 0
) -> Page[PartyOut]:
    """Every billing party with its current details and where they came from."""
    with uow:
        parties = current_parties(uow.session, directory().parties)
    ordered = [PartyOut.of_party(p) for p in sorted(parties.values(), key=_order)]
    return page_of(ordered, limit, offset)


def _order(party: Party) -> tuple[bool, str]:
    """Regions first, each kind by code."""
    return (party.kind is not PartyKind.REGION, directory().code(party.party_id))


@router.get("/{code}")
def get_party(code: str, uow: UoW, _access: Authorised) -> PartyOut:
    """One party, with every version of its details (newest first, the shipped one last)."""
    party_id = _party_id(code)
    with uow:
        party = current_parties(uow.session, [party_id])[party_id]
        versions = [*history(uow.session, party_id), shipped_details()[party_id]]
    out = PartyOut.of_party(party)
    out.versions = [DetailsOut.of(v) for v in versions]
    return out


@router.put("/{code}")
def put_party(code: str, body: DetailsIn, uow: UoW, access: Authorised) -> PartyOut:
    """Finance of the party enters (or confirms) its details as a new version; issued
    invoices keep the details they were issued with."""
    party_id = _party_id(code)
    _own(access, party_id)
    change = DetailsChange(
        org_number=body.org_number,
        buyer_reference=body.buyer_reference,
        bankgiro=body.bankgiro,
        plusgiro=body.plusgiro,
        status=Status(body.status),
        reason=body.reason,
        based_on=body.based_on,
    )
    with uow:
        change_details(uow, party_id, change, f"{access.org}/{access.caller.person}")
        party = current_parties(uow.session, [party_id])[party_id]
    return PartyOut.of_party(party)
