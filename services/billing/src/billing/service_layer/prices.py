"""Finance's commands on the price book: add a tariff version, enter an index value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from sqlmodel import select

from billing.adapters.price_book import index_value_row, load_price_book, tariff_row
from billing.adapters.price_tables import IndexValueRow, TariffRow
from billing.domain import IndexValue, PriceQuote, Tariff, add_tariff_version
from billing.service_layer.errors import commit_or_conflict, domain_errors


def rules_of(uow: UnitOfWork, tariff: Tariff) -> set[str]:
    """The rule of a new version and of every stored version of the same tariff."""
    stored = load_price_book(uow.session).tariffs
    return {tariff.rule_id} | {t.rule_id for t in stored if t.tariff_id == tariff.tariff_id}


def add_tariff(uow: UnitOfWork, tariff: Tariff, entered_by: str) -> Tariff | None:
    """Store a new version; returns the earlier open-ended version it closed, if any."""
    with domain_errors():
        _, closed = add_tariff_version(load_price_book(uow.session), tariff)
    if closed is not None:
        row = uow.session.exec(
            select(TariffRow)
            .where(TariffRow.tariff_id == closed.tariff_id)
            .where(TariffRow.valid_from == closed.validity.valid_from)
        ).one()
        row.valid_to = closed.validity.valid_to
        uow.session.add(row)
    uow.session.add(tariff_row(tariff, entered_by))
    commit_or_conflict(
        uow, "valid_from", "OverlappingValidity", "a version with this start was just added"
    )
    return closed


def enter_index_value(uow: UnitOfWork, value: IndexValue, entered_by: str) -> bool:
    """True when stored now; False when the same value was already there. A different value
    for an entered year is refused (prices already invoiced were computed with it)."""
    existing = uow.session.get(IndexValueRow, (value.index, value.year))
    if existing is not None:
        if Decimal(existing.value) == value.value:
            return False
        message = (
            f"{value.index} {value.year} is already entered as {existing.value}; "
            "invoices may have been priced with it"
        )
        raise RequestRejected([FieldError("value", "INDEX-ENTERED", message)], 409)
    uow.session.add(index_value_row(value, entered_by))
    commit_or_conflict(uow, "year", "INDEX-ENTERED", f"{value.index} {value.year} just entered")
    return True


def quote(uow: UnitOfWork, tariff_id: str, on: date) -> PriceQuote:
    """The unit price on a day, with its formula; MissingIndex names index and year."""
    with domain_errors():
        return load_price_book(uow.session).price(tariff_id, on)
