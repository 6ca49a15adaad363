"""The price book over HTTP: tariffs and index values as data (issue 4, item 1).

Finance of a billing party changes it: a tariff only a party of its agreement, an index
(national, used by every agreement) any party. Everyone else only reads it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from handover_common.access import Authorised, forbidden
from handover_common.inputs import Day
from handover_common.service import UoW

from billing.adapters.price_book import index_rows, index_value_of, tariff_of, tariff_rows
from billing.domain import IndexValue, Tariff
from billing.entrypoints.dependencies import BillingParty, entered_by
from billing.entrypoints.schemas_common import INDEX_NAME
from billing.entrypoints.schemas_prices import (
    IndexValueIn,
    IndexValueOut,
    QuoteOut,
    TariffIn,
    TariffOut,
)
from billing.service_layer.agreements import is_party_to
from billing.service_layer.prices import add_tariff, enter_index_value, quote, rules_of
from billing.service_layer.reference import directory

router = APIRouter(prefix="/v1", tags=["price book"])


@router.get("/tariffs")
def list_tariffs(uow: UoW) -> list[TariffOut]:
    with uow:
        return [TariffOut.of(tariff_of(row)) for row in tariff_rows(uow.session)]


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
def list_indices(uow: UoW) -> list[IndexValueOut]:
    with uow:
        return [IndexValueOut.of(index_value_of(row)) for row in index_rows(uow.session)]


@router.put("/indices/{index}/{year}")
def put_index_value(
    index: Annotated[str, Path(pattern=INDEX_NAME)],
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: IndexValueIn,
    uow: UoW,
    _: BillingParty,
    access: Authorised,
    response: Response,
) -> IndexValueOut:
    """201 when entered now, 200 when the same value was there; another value is a 409."""
    value = IndexValue(index, year, body.value, body.note)
    with uow:
        created = enter_index_value(uow, value, entered_by(access))
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return IndexValueOut.of(value)


@router.get("/prices/{tariff_id}")
def get_price(tariff_id: str, on: Day, uow: UoW) -> QuoteOut:
    """The unit price on a day with its formula, or 422 naming a missing index year."""
    with uow:
        return QuoteOut.of(quote(uow, tariff_id, on), on)
