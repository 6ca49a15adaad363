"""The price book over HTTP: tariffs and index values as data (issue 4, item 1)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Response, status
from handover_common.access import CurrentOrganisation
from handover_common.service import UoW

from billing.adapters.price_book import index_rows, index_value_of, tariff_of, tariff_rows
from billing.domain import IndexValue
from billing.entrypoints.dependencies import Finance
from billing.entrypoints.schemas_common import INDEX_NAME
from billing.entrypoints.schemas_prices import (
    IndexValueIn,
    IndexValueOut,
    QuoteOut,
    TariffIn,
    TariffOut,
)
from billing.service_layer.prices import add_tariff, enter_index_value, quote

router = APIRouter(tags=["price book"])


@router.get("/tariffs")
def list_tariffs(uow: UoW, _: CurrentOrganisation) -> list[TariffOut]:
    with uow:
        return [TariffOut.of(tariff_of(row)) for row in tariff_rows(uow.session)]


@router.post("/tariffs", status_code=status.HTTP_201_CREATED)
def post_tariff(body: TariffIn, uow: UoW, org: Finance) -> list[TariffOut]:
    """Adds a version; an open-ended earlier version is closed the day before (answered too)."""
    tariff = body.as_tariff()
    with uow:
        closed = add_tariff(uow, tariff, str(org))
    return [TariffOut.of(t) for t in (closed, tariff) if t is not None]


@router.get("/indices")
def list_indices(uow: UoW, _: CurrentOrganisation) -> list[IndexValueOut]:
    with uow:
        return [IndexValueOut.of(index_value_of(row)) for row in index_rows(uow.session)]


@router.put("/indices/{index}/{year}")
def put_index_value(
    index: Annotated[str, Path(pattern=INDEX_NAME)],
    year: Annotated[int, Path(ge=2000, le=2100)],
    body: IndexValueIn,
    uow: UoW,
    org: Finance,
    response: Response,
) -> IndexValueOut:
    """201 when entered now, 200 when the same value was there; another value is a 409."""
    value = IndexValue(index, year, body.value, body.note)
    with uow:
        created = enter_index_value(uow, value, str(org))
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return IndexValueOut.of(value)


@router.get("/prices/{tariff_id}")
def get_price(tariff_id: str, on: date, uow: UoW, _: CurrentOrganisation) -> QuoteOut:
    """The unit price on a day with its formula, or 422 naming a missing index year."""
    with uow:
        return QuoteOut.of(quote(uow, tariff_id, on), on)
