"""The price book in the database: rows ↔ domain tariffs and index values, and the seed.

Each row carries its provenance (status, who, when, version, reason — issue 13). A run that
refuses placeholders marks its session (``refuse_placeholders``); the book loaded in that
session then raises ``PlaceholderRefused`` instead of pricing on one, before anything is stored.
"""

from __future__ import annotations

from decimal import Decimal

from handover_contracts.envelope import utcnow
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from billing.adapters.price_tables import IndexValueRow, ReferenceSeedRow, TariffRow
from billing.domain import IndexValue, PriceBook, PriceUnit, Tariff, Validity
from billing.domain.provenance import Provenance, Status

SEED_NAME = "reference-data/price-book/v1"
REFUSE_PLACEHOLDERS = "refuse_placeholders"
SHIPPED_BY = "reference-data"


def refuse_placeholders(session: Session) -> None:
    """REF-PLACEHOLDER-USE: the price book of this session refuses to price on placeholders."""
    session.info[REFUSE_PLACEHOLDERS] = True


def provenance_of(row: TariffRow | IndexValueRow) -> Provenance:
    return Provenance(Status(row.status), row.entered_by, row.entered_at, row.reason)


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
        provenance=provenance_of(row),
        version=row.version,
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
        entered_at=tariff.provenance.set_at or utcnow(),
        status=tariff.provenance.status.value,
        version=tariff.version,
        reason=tariff.provenance.reason,
    )


def index_value_of(row: IndexValueRow) -> IndexValue:
    return IndexValue(
        row.index_name, row.year, Decimal(row.value), row.note, provenance_of(row), row.version
    )


def index_value_row(value: IndexValue, entered_by: str) -> IndexValueRow:
    return IndexValueRow(
        index_name=value.index,
        year=value.year,
        value=str(value.value),
        note=value.note,
        entered_by=entered_by,
        entered_at=value.provenance.set_at or utcnow(),
        status=value.provenance.status.value,
        version=value.version,
        reason=value.provenance.reason,
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
        refuse_placeholders=bool(session.info.get(REFUSE_PLACEHOLDERS)),
    )


def seed_price_book(engine: Engine, book: PriceBook) -> bool:
    """Load the seed tariffs and indices once per database; False when already seeded."""
    with Session(engine) as session:
        if session.get(ReferenceSeedRow, SEED_NAME) is not None:
            return False
        session.add(ReferenceSeedRow(name=SEED_NAME))
        session.add_all(tariff_row(tariff, SHIPPED_BY) for tariff in book.tariffs)
        session.add_all(index_value_row(value, SHIPPED_BY) for value in book.index_values)
        try:
            session.commit()
        except IntegrityError:  # another instance seeded at the same moment
            return False
    return True
