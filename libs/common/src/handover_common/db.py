"""Engines for SQLite (default) and PostgreSQL (through DATABASE_URL)."""

from __future__ import annotations

import threading
import weakref
from pathlib import Path
from typing import Any, Protocol

import orjson
from sqlalchemy import Insert, Table, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from handover_common.checkpoints import BACKSTOP_PAGES, Checkpoints


class Lock(Protocol):
    def acquire(self) -> bool: ...
    def release(self) -> None: ...


_WRITERS: weakref.WeakKeyDictionary[Engine, Lock] = weakref.WeakKeyDictionary()


def make_engine(url: str, *, pre_ping: bool = False) -> Engine:
    """`pre_ping` costs a round trip per checkout; without it a connection the database
    dropped fails once, the pool is invalidated, and the retry gets a fresh one."""
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    return create_engine(
        url, pool_pre_ping=pre_ping, pool_size=10, max_overflow=10, **_JSON_COLUMNS
    )


class JsonText(str):
    """A value serialized already (a decision's canonical text, which its fingerprint hashes):
    a JSON column writes it as it is instead of serializing the value a second time (issue 11)."""


def _dump_json(value: Any) -> str:
    if type(value) is JsonText:
        return str(value)
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


_JSON_COLUMNS: dict[str, Any] = {"json_serializer": _dump_json, "json_deserializer": orjson.loads}
"""JSON columns (explanations, care content, event sources) are written on every event: orjson
takes a fifth of the standard library's time (issue 11). The text differs only in spacing."""


def insert_or_ignore(dialect: str, table: Table) -> Insert:
    """`INSERT … ON CONFLICT DO NOTHING` in the dialect's words (both databases have it)."""
    module = postgresql if dialect == "postgresql" else sqlite
    statement: Insert = module.insert(table).on_conflict_do_nothing()
    return statement


def writer_lock(engine: Engine) -> Lock:
    """SQLite takes one writer at a time and makes the others sleep in growing steps (its
    busy timeout), which gives long tails; the process's writers queue on a lock instead.
    Re-entrant: a unit of work may open another in the same thread. Other databases: none."""
    return _WRITERS.get(engine) or _NoLock()


class _NoLock:
    def acquire(self) -> bool:
        return True

    def release(self) -> None:
        return None


def _sqlite_engine(url: str) -> Engine:
    path = url.split("///", 1)[-1]
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": 30}, **_JSON_COLUMNS
    )
    _WRITERS[engine] = threading.RLock()

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
        cursor.close()

    if path and path != ":memory:":
        event.listen(engine, "commit", Checkpoints(path).committed)
    return engine


def database_reachable(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:
        return False
