"""One database transaction: the state change and the events it emits commit together."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping
from functools import cache, partial
from types import TracebackType
from typing import Any, Protocol, TypeVar, cast

from handover_contracts import Envelope, encode, spec_for, wrap
from handover_contracts.envelope import utcnow
from handover_contracts.events import Payload
from sqlalchemy import Insert, bindparam, event, insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import ORMExecuteState
from sqlmodel import Session, SQLModel, select

from handover_common.bulk_insert import insert_rows
from handover_common.context import current_correlation_id
from handover_common.db import writer_lock
from handover_common.tables import OutboxMessage
from handover_common.tracing import current_traceparent
from handover_common.wakeup import OUTBOX_COMMITTED

OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
_INSERT_OUTBOX = insert(OUTBOX)


class BeforeCommit(Protocol):
    """Bookkeeping gathered over a transaction and written once, just before it commits;
    its `after_commit()`, if it has one, runs once the transaction has committed."""

    def write(self, session: Session) -> None: ...


B = TypeVar("B", bound=BeforeCommit)
M = TypeVar("M", bound=SQLModel)
_UNSEEN = object()


class UnitOfWork:
    """`hold_commits`: the consumer's batch, where a handler's `commit()` only flushes and
    the batch commits once, with all its inbox rows, at the end (`commit_held`).

    Each outbox row keeps the `traceparent` of the span current when it was published (the
    request's, or the consumed event's): the trace goes on through the broker."""

    def __init__(
        self,
        engine: Engine,
        producer_name: str,
        cause: Envelope | None = None,
        *,
        hold_commits: bool = False,
    ):
        self._engine = engine
        self.producer_name = producer_name
        self.cause = cause
        self.published: list[Envelope] = []
        self._outbox_rows: list[dict[str, Any]] = []
        self._hold_commits = hold_commits
        self._before_commit: dict[type[Any], BeforeCommit] = {}
        self._found: dict[tuple[type[Any], tuple[tuple[str, object], ...]], Any] = {}

    def __enter__(self) -> UnitOfWork:
        self._writer = writer_lock(self._engine)
        self._writer.acquire()
        self.session = Session(self._engine, expire_on_commit=False)
        event.listen(self.session, "do_orm_execute", self._before_statement)
        return self

    def _before_statement(self, state: ORMExecuteState) -> None:
        """A statement through the session that would autoflush the ORM's pending rows (a
        query, an update, a delete) sees the queued inserts too: they are written first, so a
        handler never misses a row an earlier event of its batch queued. `find`, `preload`
        and `no_autoflush` blocks do not autoflush, and do not write them."""
        if not state.is_insert and self.session.autoflush and self._queued():
            self.write_inserts()

    def _queued(self) -> bool:
        queued = self._before_commit.get(_Inserts)
        return isinstance(queued, _Inserts) and any(queued.rows.values())

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            # close() rolls back anything uncommitted but keeps loaded objects readable
            self.session.close()
        finally:
            self._writer.release()

    def publish(self, payload: Payload, *, partition_key: str) -> Envelope:
        """Queue an event in the outbox; it leaves only if this unit of work commits."""
        envelope = wrap(
            payload,
            producer=self.producer_name,
            partition_key=partition_key,
            correlation_id=self.cause.correlation_id if self.cause else current_correlation_id(),
            causation_id=str(self.cause.event_id) if self.cause else None,
        )
        self._outbox_rows.append(_outbox_row(envelope))
        self.published.append(envelope)
        return envelope

    def find(self, model: type[M], **where: object) -> M | None:
        """The row of `model` with these column values, without flushing this transaction's
        pending changes first (autoflush would, once per event of a batch): a row this
        transaction `keep`s is found from then on. Only for tables this transaction writes
        through `keep` alone — a consumer's own projections."""
        key = (model, tuple(sorted(where.items())))
        found = self._found.get(key, _UNSEEN)
        if found is _UNSEEN:
            # Most lookups of a projection miss (a new decision, a new care request): the key is
            # asked for on the transaction's connection, below the ORM, and only a row that
            # exists is loaded as an object (the ORM's per-query set-up cost more, issue 11).
            statement = _key_of(model, tuple(sorted(where)))
            identity = self.session.connection().execute(statement, where).first()
            with self.session.no_autoflush:
                found = None if identity is None else self.session.get(model, tuple(identity))
            self._found[key] = found
        return found  # type: ignore[no-any-return]

    def preload(self, model: type[M], column: str, values: Iterable[object]) -> None:
        """`find(model, **{column: value})` answered for all these values by one query: a
        consumer batch's lookups of one projection (issue 11). A value found here in another
        type than the caller's later `find` uses (a UUID for a str) is only a missed
        shortcut: that `find` queries itself."""
        wanted = {v for v in values if (model, ((column, v),)) not in self._found}
        if not wanted:
            return
        statement = select(model).where(getattr(model, column).in_(wanted))
        with self.session.no_autoflush:
            rows = {str(getattr(row, column)): row for row in self.session.exec(statement)}
        for value in wanted:
            self._found[model, ((column, value),)] = rows.get(str(value))

    def keep(self, row: M, **where: object) -> M:
        """Add `row`, found by `find(type(row), **where)` for the rest of this transaction."""
        self.session.add(row)
        self._found[type(row), tuple(sorted(where.items()))] = row
        return row

    def new(self, model: type[M], values: Mapping[str, Any], **where: object) -> M:
        """A new row of `model` with these values (the model's defaults for the rest), found by
        `find(model, **where)` for the rest of this transaction and inserted as it commits,
        with the other new rows of its table in one Core statement: building and flushing an
        ORM row cost more than most events' handling (issue 11). The row is a plain record of
        the model's fields, not an ORM object: read and set its fields, nothing else. A
        statement through the session that would autoflush writes it first; only for a table
        whose key the values give (no key the database numbers)."""
        row = NewRow(_fresh_fields(model), values)
        self.insert_at_commit(_insert_into(model), row.fields)  # validates the table first
        self._found[model, tuple(sorted(where.items()))] = row
        return cast(M, row)

    def before_commit(self, kind: type[B]) -> B:
        """This transaction's one `kind()` (made on first use), written when it commits: a
        consumer batch's per-event bookkeeping (counts, feed entries) becomes a statement or
        two per batch instead of several per event. Nothing is written if it rolls back."""
        found = self._before_commit.get(kind)
        if found is None:
            found = self._before_commit[kind] = kind()
        return found  # type: ignore[return-value]

    def insert_at_commit(self, statement: Insert, row: dict[str, Any]) -> None:
        """`row` inserted by `statement` as this transaction commits, with the other rows of the
        same statement in one execution (issue 11), or before a statement through the session
        that would autoflush. Statements run in the order first used — a referenced table's
        row first."""
        self.before_commit(_Inserts).add(statement, row)

    def write_inserts(self) -> None:
        """The rows `insert_at_commit` queued, written now: for a read of their table later in
        the same transaction (a consumer batch's later event looking up an earlier one's row).
        A `new` row is found in the database from then on: a change to it is a loaded row's."""
        queued = self._before_commit.get(_Inserts)
        if queued is not None:
            queued.write(self.session)
            written = [key for key, row in self._found.items() if isinstance(row, NewRow)]
            for key in written:
                self._found.pop(key).written()

    def commit(self) -> None:
        if self._hold_commits:
            self.session.flush()
        else:
            self.commit_held()

    def commit_held(self) -> None:
        pending, self._before_commit = self._before_commit, {}
        for bookkeeping in pending.values():
            bookkeeping.write(self.session)
        rows, self._outbox_rows = self._outbox_rows, []
        if rows:
            written = utcnow()  # when the rows get their ids (referral's deadline watch reads both)
            stamped = [{**row, "created_at": written} for row in rows]
            insert_rows(self.session, _INSERT_OUTBOX, stamped)
        self.session.commit()
        if rows:
            OUTBOX_COMMITTED.notify()
        for bookkeeping in pending.values():
            after_commit = getattr(bookkeeping, "after_commit", None)
            if after_commit is not None:
                after_commit()


class _Inserts:
    def __init__(self) -> None:
        self.rows: dict[Insert, list[dict[str, Any]]] = {}

    def add(self, statement: Insert, row: dict[str, Any]) -> None:
        self.rows.setdefault(statement, []).append(row)

    def write(self, session: Session) -> None:
        """Each statement's rows so far, in the order the statements were first used: the
        statements stay (emptied), so that order holds after a `write_inserts()` too."""
        for statement, batch in self.rows.items():
            if batch:
                rows = batch.copy()
                batch.clear()
                insert_rows(session, statement, rows)


class NewRow:
    """A row `UnitOfWork.new` inserts at commit: its fields as attributes, and `fields` the
    same dictionary, read when the insert runs (so a later change in the transaction counts).
    Once written before the commit (`write_inserts`), a change to it would be lost: it is
    refused, and `find` gives the stored row to change instead."""

    __slots__ = ("__dict__", "_written")
    _written: bool

    def __init__(self, defaults: dict[str, Any], values: Mapping[str, Any]) -> None:
        object.__setattr__(self, "_written", False)
        self.__dict__.update(defaults)
        self.__dict__.update(values)

    def __setattr__(self, name: str, value: Any) -> None:
        if self._written:
            raise RuntimeError(f"{name}: this new row is written already; change what find gives")
        self.__dict__[name] = value

    def written(self) -> None:
        object.__setattr__(self, "_written", True)

    @property
    def fields(self) -> dict[str, Any]:
        return self.__dict__


def record_of(model: type[M], values: Mapping[str, Any]) -> M:
    """A plain record of `model`'s fields (its defaults for those `values` lacks), for a row
    written with a Core statement (`.fields`): a fraction of an ORM row's cost (issue 11).
    Read and set its fields, nothing else; it is not an ORM object."""
    return cast(M, NewRow(_fresh_fields(model), values))


def record_fields(record: object) -> dict[str, Any]:
    """The fields of a `record_of` record, as the dictionary its insert is given."""
    assert isinstance(record, NewRow), "record_fields takes a record_of record"
    return record.fields


def _fresh_fields(model: type[SQLModel]) -> dict[str, Any]:
    plain, factories = _defaults_of(model)
    return {**plain, **{name: make() for name, make in factories}}


@cache
def _defaults_of(
    model: type[SQLModel],
) -> tuple[dict[str, Any], tuple[tuple[str, Callable[[], Any]], ...]]:
    """A model's defaults: plain values, and the fields with a factory (called per row). A key
    the database numbers is left out, so the insert leaves it to the database."""
    plain: dict[str, Any] = {}
    factories: list[tuple[str, Callable[[], Any]]] = []
    numbered = model.__table__.autoincrement_column  # type: ignore[attr-defined]
    for name, info in model.model_fields.items():
        if numbered is not None and name == numbered.name:
            continue
        if info.default_factory is not None:
            factories.append((name, info.default_factory))  # type: ignore[arg-type]
        elif isinstance(info.default, list | dict | set):  # each row its own, as pydantic does
            factories.append((name, partial(copy.copy, info.default)))
        elif not info.is_required():
            plain[name] = info.default
    return plain, tuple(factories)


@cache
def _insert_into(model: type[SQLModel]) -> Insert:
    table = model.__table__  # type: ignore[attr-defined]
    if table.autoincrement_column is not None:
        raise ValueError(f"UnitOfWork.new: {table.name}'s key is numbered by the database")
    return insert(table)


@cache
def _key_of(model: type[SQLModel], columns: tuple[str, ...]) -> Any:
    """The primary key of `model`'s row with these column values, as a Core statement built
    once per table and columns (SQLAlchemy then finds its compiled form by key)."""
    table = model.__table__  # type: ignore[attr-defined]
    return select(*table.primary_key.columns).where(*(table.c[c] == bindparam(c) for c in columns))


def _outbox_row(envelope: Envelope) -> dict[str, Any]:
    return {
        "event_id": envelope.event_id,
        "event_type": envelope.event_type,
        "topic": spec_for(envelope.event_type).topic,
        "partition_key": envelope.partition_key,
        "body": encode(envelope),
        "traceparent": current_traceparent(),
    }
