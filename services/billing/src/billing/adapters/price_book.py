"""The price book in the database: rows ↔ domain tariffs and index values, and the seed."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from billing.adapters.price_tables import IndexValueRow, ReferenceSeedRow, TariffRow
from billing.domain import IndexValue, PriceBook, PriceUnit, Tariff, Validity

SEED_NAME = "reference-data/price-book/v1"


def tariff_of(row: TariffRow) -> Tariff:
    return Tariff(
        tariff_id=row.tariff_id,
        rule_id=row.rule_id,
        description=row.description,
        base_amount=Decimal(row.base_amount),
        unit=PriceUnit(row.unit),
        base_year=row.base_year,
        validity=Validity(row.valid_from, row.valid_to),
        index=row.index_name,
        note=row.note,
    )


def tariff_row(tariff: Tariff, entered_by: str) -> TariffRow:
    return TariffRow(
        tariff_id=tariff.tariff_id,
        rule_id=tariff.rule_id,
        description=tariff.description,
        base_amount=str(tariff.base_amount),
        unit=tariff.unit.value,
        base_year=tariff.base_year,
        index_name=tariff.index,
        valid_from=tariff.validity.valid_from,
        valid_to=tariff.validity.valid_to,
        note=tariff.note,
        entered_by=entered_by,
    )


def index_value_of(row: IndexValueRow) -> IndexValue:
    return IndexValue(row.index_name, row.year, Decimal(row.value), row.note)


def index_value_row(value: IndexValue, entered_by: str) -> IndexValueRow:
    return IndexValueRow(
        index_name=value.index,
        year=value.year,
        value=str(value.value),
        note=value.note,
        entered_by=entered_by,
    )


def tariff_rows(session: Session) -> list[TariffRow]:
    query = select(TariffRow).order_by(col(TariffRow.tariff_id), col(TariffRow.valid_from))
    return list(session.exec(query))


def index_rows(session: Session) -> list[IndexValueRow]:
    query = select(IndexValueRow).order_by(col(IndexValueRow.index_name), col(IndexValueRow.year))
    return list(session.exec(query))


def load_price_book(session: Session) -> PriceBook:
    """Every tariff version and index value in the database, as one immutable price book."""
    return PriceBook(
        tariffs=tuple(tariff_of(row) for row in tariff_rows(session)),
        index_values=tuple(index_value_of(row) for row in index_rows(session)),
    )


def seed_price_book(engine: Engine, book: PriceBook) -> bool:
    """Load the seed tariffs and indices once per database; False when already seeded."""
    with Session(engine) as session:
        if session.get(ReferenceSeedRow, SEED_NAME) is not None:
            return False
        session.add(ReferenceSeedRow(name=SEED_NAME))
        session.add_all(tariff_row(tariff, "reference-data") for tariff in book.tariffs)
        session.add_all(index_value_row(value, "reference-data") for value in book.index_values)
        try:
            session.commit()
        except IntegrityError:  # another instance seeded at the same moment
            return False
    return True
