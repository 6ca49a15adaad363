"""`insert_rows` (issue 11): on SQLite it binds each row's values itself instead of through
SQLAlchemy's per-row parameter building. Every column type the services write must come out of
the database as SQLAlchemy's own executemany stores it, on both databases."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from handover_common.bulk_insert import _plan, insert_rows
from handover_common.db import JsonText, make_engine
from handover_common.timestamps import UtcDateTime
from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Uuid,
    insert,
    select,
)
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

METADATA = MetaData()
SAMPLES = Table(
    "test_bulk_samples",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", Uuid, nullable=False),
    Column("name", String, nullable=False),
    Column("on_day", Date),
    Column("at", UtcDateTime),
    Column("amount", Numeric(12, 2)),
    Column("facts", JSON),
    Column("body", LargeBinary),
)
INSERT = insert(SAMPLES)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    METADATA.drop_all(engine)
    METADATA.create_all(engine)
    yield engine
    METADATA.drop_all(engine)
    engine.dispose()


def rows(count: int) -> list[dict[str, Any]]:
    return [
        {
            "ref": uuid.UUID(int=i + 1),
            "name": f"ö-{i}",
            "on_day": date(2026, 12, 1 + i % 28) if i % 3 else None,
            "at": datetime(2026, 12, 8, 1, i % 60, tzinfo=UTC),
            "amount": Decimal("1234.50") + i,
            "facts": JsonText('{"given":"as text"}') if i % 2 else {"n": i, "list": [1, None]},
            "body": b"\x00\xff" * i,
        }
        for i in range(count)
    ]


def stored(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        query = select(*(c for c in SAMPLES.c if c.name != "id")).order_by(SAMPLES.c.id)
        return [tuple(row) for row in connection.execute(query)]


def test_rows_are_stored_as_sqlalchemys_own_executemany_stores_them(engine: Engine) -> None:
    with Session(engine) as session:
        session.execute(INSERT, rows(7))
        session.commit()
    expected = stored(engine)
    with engine.begin() as connection:
        connection.execute(SAMPLES.delete())
    with Session(engine) as session:
        insert_rows(session, INSERT, rows(7))
        session.commit()
    assert stored(engine) == expected
    assert expected[1][5] == {"given": "as text"} and expected[0][5] == {"n": 0, "list": [1, None]}
    own_path = _plan(INSERT, engine.dialect, tuple(rows(1)[0])) is not None
    assert own_path == (engine.dialect.name == "sqlite")  # PostgreSQL: insertmanyvalues


def test_they_are_part_of_the_sessions_transaction(engine: Engine) -> None:
    with Session(engine) as session:
        insert_rows(session, INSERT, rows(3))
        session.rollback()
    assert stored(engine) == []


def test_a_row_without_a_column_the_first_row_has_is_refused_and_nothing_is_stored(
    engine: Engine,
) -> None:
    broken = rows(3)
    del broken[2]["name"]
    with Session(engine) as session, pytest.raises(Exception):  # noqa: B017 - differs by path and driver
        insert_rows(session, INSERT, broken)
    assert stored(engine) == []


PARENTS = Table("test_bulk_parents", METADATA, Column("id", Integer, primary_key=True))
CHILDREN = Table(
    "test_bulk_children",
    METADATA,
    Column("id", Integer, primary_key=True),
    Column("parent_id", Integer, ForeignKey("test_bulk_parents.id"), nullable=False),
)


class Parent(SQLModel, table=True):
    """The ORM's view of PARENTS: a handler's row added to the session."""

    __table__ = PARENTS


def test_the_orms_pending_rows_are_written_first_as_session_execute_writes_them(
    engine: Engine,
) -> None:
    """A queued row may refer to one a handler added through the ORM in the same transaction
    (found by the review: SQLite wrote the queued row first and its foreign key failed)."""
    with Session(engine) as session:
        session.add(Parent(id=1))
        insert_rows(session, insert(CHILDREN), [{"id": 1, "parent_id": 1}])
        session.commit()
    with engine.connect() as connection:
        assert connection.execute(select(CHILDREN.c.parent_id)).scalar_one() == 1


class Labelled(SQLModel, table=True):
    __tablename__ = "test_bulk_labelled"
    id: int = Field(primary_key=True)
    label: str | None = Field(default=None, sa_column_kwargs={"default": "unnamed"})


def test_an_orm_insert_keeps_the_orms_own_path_where_none_means_the_default(
    engine: Engine,
) -> None:
    SQLModel.metadata.create_all(engine, tables=[Labelled.__table__])  # type: ignore[attr-defined]
    try:
        statement = insert(Labelled)
        assert _plan(statement, engine.dialect, ("id", "label")) is None
        with Session(engine) as session:
            insert_rows(session, statement, [{"id": 1, "label": None}])
            session.commit()
        with engine.connect() as connection:
            label = connection.execute(select(Labelled.__table__.c.label)).scalar_one()  # type: ignore[attr-defined]
        assert label == "unnamed"
    finally:
        Labelled.__table__.drop(engine)  # type: ignore[attr-defined]
