"""The price book over HTTP: tariffs and index values as data (issue 4, item 1).

Finance of a billing party changes it: a tariff only a party of its agreement, an index
(national, used by every agreement) any party. Everyone else only reads it.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from handover_common.access import Authorised, forbidden
from handover_common.inputs import Day
from handover_common.pages import MAX_LIMIT, Limit, Offset, Page, page_of
from handover_common.service import UoW

from billing.adapters.price_book import index_rows, index_value_of, tariff_of, tariff_rows
from billing.domain import IndexValue, Tariff
from billing.domain.provenance import ChangeKind
from billing.entrypoints.dependencies import BillingParty, entered_by
from billing.entrypoints.schemas_common import INDEX_NAME
from billing.entrypoints.schemas_prices import (
    IndexValueIn,
    IndexValueOut,
    PlaceholderOut,
    QuoteOut,
    TariffAmountIn,
    TariffChangeOut,
    TariffIn,
    TariffOut,
    VersionOut,
)
from billing.service_layer.agreements import is_party_to
from billing.service_layer.prices import (
    add_tariff,
    confirm_index_value,
    confirm_tariff,
    correct_tariff_amount,
    enter_index_value,
    quote,
    rules_of,
    stored_tariff_row,
    versions,
)
from billing.service_layer.reference import directory, shipped_placeholders

router = APIRouter(prefix="/v1", tags=["price book"])


@router.get("/tariffs")
def list_tariffs(uow: UoW, limit: Limit = MAX_LIMIT, offset: Offset = 0) -> Page[TariffOut]:
    """The price book's tariffs, by tariff and validity: every tariff with its validity, amount,
    provenance (placeholder, entered, confirmed) and version."""
    with uow:
        tariffs = [TariffOut.of(tariff_of(row)) for row in tariff_rows(uow.session)]
    return page_of(tariffs, limit, offset)


def _party_to_every_rule(uow: UoW, tariff: Tariff, party_id: str) -> None:
    """A party changes only its agreements' tariffs: the new version's rule, and the rule of
    every stored version of the same tariff (so no one re-labels another agreement's tariff)."""
    for rule_id in sorted(rules_of(uow, tariff)):
        if not is_party_to(party_id, rule_id):
            organisation = directory().organisation(party_id)
            message = f"{organisation} is not a party of the agreement of {rule_id}"
            raise forbidden("rule_id", "ACCESS-PARTY", message)


@router.post("/tariffs", status_code=status.HTTP_201_CREATED)
def post_tariff(
    body: TariffIn, uow: UoW, party: BillingParty, access: Authorised
) -> list[TariffOut]:
    """Adds a version; an open-ended earlier version is closed the day before (answered too)."""
    tariff = body.as_tariff()
    with uow:
        _party_to_every_rule(uow, tariff, party)
        closed = add_tariff(uow, tariff, entered_by(access))
    return [TariffOut.of(t) for t in (closed, tariff) if t is not None]


@router.get("/indices")
def list_indices(uow: UoW, limit: Limit = 100, offset: Offset = 0) -> Page[IndexValueOut]:
    """The index values (e.g. the price base amount per year) with their provenance and version."""
    with uow:
        values = [IndexValueOut.of(index_value_of(row)) for row in index_rows(uow.session)]
    return page_of(values, limit, offset)


@router.put(
    "/indices/{index}/{year}",
    responses={201: {"model": IndexValueOut, "description": "entered now: a new value"}},
)
def put_index_value(
    index: Annotated[str, Path(pattern=INDEX_NAME)],
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: IndexValueIn,
    uow: UoW,
    _: BillingParty,
    access: Authorised,
    response: Response,
) -> IndexValueOut:
    """201 when entered now; 200 when it replaces a placeholder (REF-PLACEHOLDER), is the same
    value, or corrects an entered one with a ``reason`` (REF-CORRECTION: a new version);
    another value without a reason is a 409 INDEX-ENTERED."""
    value = IndexValue(index, year, body.value, body.note)
    with uow:
        stored, change = enter_index_value(uow, value, entered_by(access), body.reason)
    created = change.kind is ChangeKind.NEW
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return IndexValueOut.of(stored, change)


@router.post("/indices/{index}/{year}/confirmation")
def confirm_index(
    index: Annotated[str, Path(pattern=INDEX_NAME)],
    year: Annotated[int, Path(ge=2000, le=2100)],
    uow: UoW,
    _: BillingParty,
    access: Authorised,
) -> IndexValueOut:
    """REF-CONFIRM: a second person of finance confirms an entered value."""
    with uow:
        stored, change = confirm_index_value(uow, index, year, entered_by(access))
    return IndexValueOut.of(stored, change)


@router.get("/indices/{index}/{year}/versions")
def index_versions(
    index: Annotated[str, Path(pattern=INDEX_NAME)],
    year: Annotated[int, Path(ge=2000, le=2100)],
    uow: UoW,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[VersionOut]:
    """Every version of the value, oldest first, with who set it, when and why."""
    with uow:
        found = [VersionOut.of(row) for row in versions(uow, "index", f"{index}/{year}")]
    return page_of(found, limit, offset)


@router.put("/tariffs/{tariff_id}/{valid_from}")
def put_tariff_amount(
    tariff_id: str,
    valid_from: date,
    body: TariffAmountIn,
    uow: UoW,
    party: BillingParty,
    access: Authorised,
) -> TariffChangeOut:
    """The amount of a stored version: replaces a placeholder (REF-PLACEHOLDER), or corrects an
    entered amount with a ``reason`` (REF-CORRECTION); else 409 TARIFF-ENTERED."""
    with uow:
        tariff = tariff_of(stored_tariff_row(uow, tariff_id, valid_from))
        _party_to_every_rule(uow, tariff, party)
        stored, change = correct_tariff_amount(
            uow, tariff_id, valid_from, body.amount, entered_by(access), body.reason
        )
    return TariffChangeOut(tariff=TariffOut.of(stored), change=change.kind.value)


@router.post("/tariffs/{tariff_id}/{valid_from}/confirmation")
def post_tariff_confirmation(
    tariff_id: str, valid_from: date, uow: UoW, party: BillingParty, access: Authorised
) -> TariffChangeOut:
    """REF-CONFIRM: a second person of finance of the agreement confirms an entered amount."""
    with uow:
        tariff = tariff_of(stored_tariff_row(uow, tariff_id, valid_from))
        _party_to_every_rule(uow, tariff, party)
        stored, change = confirm_tariff(uow, tariff_id, valid_from, entered_by(access))
    return TariffChangeOut(tariff=TariffOut.of(stored), change=change.kind.value)


@router.get("/tariffs/{tariff_id}/{valid_from}/versions")
def tariff_versions(
    tariff_id: str, valid_from: date, uow: UoW, limit: Limit = 100, offset: Offset = 0
) -> Page[VersionOut]:
    """Every version of one tariff amount, oldest first: who entered or corrected it, when and
    why."""
    with uow:
        found = [VersionOut.of(r) for r in versions(uow, "tariff", f"{tariff_id}/{valid_from}")]
    return page_of(found, limit, offset)


@router.get("/reference-values/placeholders")
def list_placeholders(
    uow: UoW, limit: Limit = MAX_LIMIT, offset: Offset = 0
) -> Page[PlaceholderOut]:
    """Finance's to-do list: every shipped placeholder still in use (REF-PLACEHOLDER)."""
    with uow:
        uses = [PlaceholderOut.of(use) for use in shipped_placeholders(uow.session)]
    return page_of(uses, limit, offset)


@router.get("/prices/{tariff_id}")
def get_price(tariff_id: str, on: Day, uow: UoW) -> QuoteOut:
    """The unit price on a day with its formula, or 422 naming a missing index year."""
    with uow:
        return QuoteOut.of(quote(uow, tariff_id, on), on)
