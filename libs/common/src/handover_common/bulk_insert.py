"""Many rows into one table in one execution, on SQLite without SQLAlchemy's per-row work.

SQLAlchemy builds every row's parameters through its general `construct_params` (defaults,
missing keys, expanding binds) before its type processors run. For an INSERT of a fixed set of
columns that is most of the statement's Python time: a consumer batch's decisions, outbox and
projection rows (issue 11). On SQLite the compiled statement is positional, so its parameters
are each row's values in the statement's order, each through its column's bind processor, and
the driver takes the list as it is. PostgreSQL keeps SQLAlchemy's own path: its batched
`insertmanyvalues` is what makes an INSERT of many rows cheap there."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.engine import Dialect
from sqlmodel import Session

_Binds = tuple[tuple[str, Callable[[Any], Any] | None], ...]


def insert_rows(session: Session, statement: Insert, rows: Sequence[dict[str, Any]]) -> None:
    """`session.execute(statement, rows)`, with the same effect; every row has the same keys.
    The statement is a module's constant: its plan is kept by identity, not by structure."""
    connection = session.connection()
    plan = _plan(statement, connection.dialect, tuple(rows[0])) if rows else None
    if plan is None:
        session.execute(statement, rows)
        return
    if session.autoflush:  # as session.execute does: the ORM's pending rows go first
        session.flush()
    sql, binds = plan
    connection.exec_driver_sql(sql, [_values(row, binds) for row in rows])


def _values(row: dict[str, Any], binds: _Binds) -> tuple[Any, ...]:
    return tuple([row[key] if process is None else process(row[key]) for key, process in binds])


@lru_cache(maxsize=256)
def _plan(statement: Insert, dialect: Dialect, keys: tuple[str, ...]) -> tuple[str, _Binds] | None:
    """The SQL and (key, bind processor) per position, or None where SQLAlchemy's own path
    is needed: another dialect, a RETURNING, a column default computed per row, an ORM bulk
    insert (`insert(Model)`: it leaves out a row's None values for the column's default)."""
    orm = statement._propagate_attrs.get("compile_state_plugin") == "orm"  # no public accessor
    if dialect.name != "sqlite" or statement._returning or orm:
        return None
    compiled = statement.compile(dialect=dialect, column_keys=list(keys))
    positions = compiled.positiontup
    if positions is None or compiled.insert_prefetch or set(positions) != set(keys):
        return None
    processors = compiled._bind_processors  # SQLAlchemy's own, as its executions use them
    binds: list[tuple[str, Callable[[Any], Any] | None]] = []
    for key in positions:
        process = processors.get(key)
        if process is not None and not callable(process):  # a tuple's, one per element
            return None
        binds.append((key, process))
    return compiled.string, tuple(binds)
