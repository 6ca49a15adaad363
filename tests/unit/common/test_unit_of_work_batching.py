"""A consumer batch's bookkeeping in one unit of work (issue 11): rows found without a flush per
event, and per-batch writes made once, as the transaction commits — never when it rolls back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from handover_common.db import make_engine
from handover_common.unit_of_work import UnitOfWork, record_fields, record_of
from sqlalchemy import JSON, Column, event, func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, select


class Tally(SQLModel, table=True):
    __tablename__ = "test_tally"
    name: str = Field(primary_key=True)
    seen: int = 0


class Tallies:
    """Bookkeeping for `before_commit`: counts written in one statement per transaction."""

    writes = 0

    def __init__(self) -> None:
        self.names: list[str] = []

    def write(self, session: Session) -> None:
        Tallies.writes += 1
        for name in sorted(set(self.names)):
            session.add(Tally(name=name, seen=self.names.count(name)))


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path}/uow.db")
    SQLModel.metadata.create_all(engine, tables=[Tally.__table__])  # type: ignore[attr-defined]
    yield engine
    engine.dispose()


def flushes(engine: Engine) -> list[str]:
    inserts: list[str] = []
    event.listen(
        engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_: (
            inserts.append(statement) if statement.startswith("INSERT") else None
        ),
    )
    return inserts


def test_a_kept_row_is_found_by_a_later_event_of_the_batch_without_a_flush(engine: Engine) -> None:
    inserts = flushes(engine)
    with UnitOfWork(engine, "test") as uow:
        assert uow.find(Tally, name="a") is None
        kept = uow.keep(Tally(name="a"), name="a")
        for _ in range(3):  # three more events about the same row
            found = uow.find(Tally, name="a")
            assert found is kept
            found.seen += 1
        assert inserts == []  # nothing was flushed to answer those lookups
        uow.commit()
    with Session(engine) as session:
        assert session.get(Tally, "a") == Tally(name="a", seen=3)


def test_a_row_stored_earlier_is_found_and_changed(engine: Engine) -> None:
    with Session(engine) as session:
        session.add(Tally(name="b", seen=1))
        session.commit()
    with UnitOfWork(engine, "test") as uow:
        found = uow.find(Tally, name="b")
        assert found is not None
        found.seen += 1
        uow.commit()
    with Session(engine) as session:
        assert session.get(Tally, "b") == Tally(name="b", seen=2)


def test_bookkeeping_is_written_once_when_the_transaction_commits(engine: Engine) -> None:
    Tallies.writes = 0
    with UnitOfWork(engine, "test", hold_commits=True) as uow:
        for name in ("x", "y", "x"):  # three events of one batch
            uow.before_commit(Tallies).names.append(name)
            uow.commit()  # a handler's commit in a batch only flushes
        assert Tallies.writes == 0
        uow.commit_held()
    assert Tallies.writes == 1
    with Session(engine) as session:
        assert sorted(session.exec(select(Tally.name, Tally.seen)).all()) == [("x", 2), ("y", 1)]


def test_bookkeeping_of_a_transaction_that_rolls_back_is_never_written(engine: Engine) -> None:
    Tallies.writes = 0
    with pytest.raises(RuntimeError), UnitOfWork(engine, "test") as uow:
        uow.before_commit(Tallies).names.append("lost")
        raise RuntimeError("the handler failed")
    assert Tallies.writes == 0
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Tally)).one() == 0


class Mark(SQLModel, table=True):
    __tablename__ = "test_mark"
    id: int = Field(primary_key=True)
    tally: str = Field(foreign_key="test_tally.name")


def test_queued_inserts_written_early_keep_their_statement_order(engine: Engine) -> None:
    """`write_inserts()` in the middle of a transaction: the rows queued after it are written
    at the commit in the order the statements were first used (a referenced row first)."""
    SQLModel.metadata.create_all(engine, tables=[Mark.__table__])  # type: ignore[attr-defined]
    tallies, marks = insert(Tally), insert(Mark)
    inserts = flushes(engine)
    with UnitOfWork(engine, "test") as uow:
        uow.insert_at_commit(tallies, {"name": "a", "seen": 1})
        uow.insert_at_commit(marks, {"id": 1, "tally": "a"})
        uow.write_inserts()
        assert uow.session.get(Mark, 1) is not None  # readable before the commit
        uow.insert_at_commit(marks, {"id": 2, "tally": "b"})  # its tally comes next
        uow.insert_at_commit(tallies, {"name": "b", "seen": 1})
        uow.commit()
    tables = [statement.split()[2] for statement in inserts]
    assert tables == ["test_tally", "test_mark", "test_tally", "test_mark"]
    with Session(engine) as session:
        assert len(session.exec(select(Mark)).all()) == 2


def test_a_new_row_is_found_changed_and_inserted_once_as_the_transaction_commits(
    engine: Engine,
) -> None:
    """`new`: no ORM object and no flush; the batch's new rows of a table are one INSERT, with
    the changes later events of the batch made to them."""
    inserts = flushes(engine)
    with UnitOfWork(engine, "test", hold_commits=True) as uow:
        first = uow.new(Tally, {"name": "a"}, name="a")
        assert first.seen == 0  # the model's default
        for _ in range(3):
            found = uow.find(Tally, name="a")
            assert found is first
            found.seen += 1
        uow.new(Tally, {"name": "b", "seen": 5}, name="b")
        uow.commit()
        assert inserts == []
        uow.commit_held()
    assert len(inserts) == 1
    with Session(engine) as session:
        assert sorted(session.exec(select(Tally.name, Tally.seen)).all()) == [("a", 3), ("b", 5)]


def test_new_rows_of_a_transaction_that_rolls_back_are_never_written(engine: Engine) -> None:
    with pytest.raises(RuntimeError), UnitOfWork(engine, "test") as uow:
        uow.new(Tally, {"name": "lost"}, name="lost")
        raise RuntimeError("the handler failed")
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Tally)).one() == 0


def test_a_new_row_written_early_is_then_found_as_stored(engine: Engine) -> None:
    """After `write_inserts()` a change must go through a loaded row, or it would be lost."""
    with UnitOfWork(engine, "test") as uow:
        uow.new(Tally, {"name": "a", "seen": 1}, name="a")
        uow.write_inserts()
        found = uow.find(Tally, name="a")
        assert isinstance(found, Tally)
        found.seen += 1
        uow.commit()
    with Session(engine) as session:
        assert session.get(Tally, "a") == Tally(name="a", seen=2)


class Numbered(SQLModel, table=True):
    __tablename__ = "test_numbered"
    id: int | None = Field(default=None, primary_key=True)


def test_a_table_whose_key_the_database_numbers_takes_no_new_rows(engine: Engine) -> None:
    with UnitOfWork(engine, "test") as uow, pytest.raises(ValueError, match="numbered"):
        uow.new(Numbered, {}, id=None)


def test_a_record_has_the_models_defaults_and_is_inserted_by_its_fields(engine: Engine) -> None:
    record = record_of(Tally, {"name": "r"})
    assert (record.name, record.seen) == ("r", 0)
    record.seen = 4
    with UnitOfWork(engine, "test") as uow:
        uow.insert_at_commit(insert(Tally), dict(record_fields(record)))
        uow.commit()
    with Session(engine) as session:
        assert session.get(Tally, "r") == Tally(name="r", seen=4)
    with pytest.raises(AssertionError):
        record_fields(Tally(name="orm"))


def test_a_query_that_would_autoflush_sees_the_queued_rows(engine: Engine) -> None:
    """As autoflush does for the ORM's pending rows: a statement through the session writes the
    queued inserts first, so a later event of a batch never misses an earlier one's row; a
    `no_autoflush` block and `find` leave them queued."""
    inserts = flushes(engine)
    with UnitOfWork(engine, "test", hold_commits=True) as uow:
        first = uow.new(Tally, {"name": "a"}, name="a")
        uow.insert_at_commit(insert(Tally), {"name": "b", "seen": 2})
        with uow.session.no_autoflush:
            assert uow.session.exec(select(Tally)).all() == []
        assert uow.find(Tally, name="b") is None
        assert inserts == []
        assert sorted(uow.session.exec(select(Tally.name)).all()) == ["a", "b"]
        assert len(inserts) == 2  # its two statements' rows, before the query
        with pytest.raises(RuntimeError, match="written already"):
            first.seen = 1  # the change would be lost: what `find` gives is changed instead
        stored = uow.find(Tally, name="a")
        assert isinstance(stored, Tally)
        stored.seen = 1
        uow.commit_held()
    with Session(engine) as session:
        assert sorted(session.exec(select(Tally.name, Tally.seen)).all()) == [("a", 1), ("b", 2)]


class Listed(SQLModel, table=True):
    __tablename__ = "test_listed"
    name: str = Field(primary_key=True)
    tags: list[str] = Field(default=[], sa_column=Column(JSON, nullable=False))


def test_each_record_has_its_own_copy_of_a_mutable_default() -> None:
    first, second = record_of(Listed, {"name": "a"}), record_of(Listed, {"name": "b"})
    first.tags.append("x")
    assert second.tags == []
