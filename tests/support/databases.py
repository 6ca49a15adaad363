"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, select

PG_ADMIN_URL = os.environ.get("HANDOVER_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")


def postgres_available() -> bool:
    try:
        with psycopg.connect(PG_ADMIN_URL, connect_timeout=2):
            return True
    except psycopg.Error:
        return False


@contextmanager
def fresh_postgres() -> Iterator[str]:
    name = f"handover_t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def fresh_database(kind: str, directory: Path) -> Iterator[str]:
    if kind == "postgres":
        with fresh_postgres() as url:
            yield url
    else:
        yield f"sqlite:///{directory / f'{uuid.uuid4().hex[:8]}.db'}"


def count(engine: Engine, table: type[SQLModel]) -> int:
    """Rows in a table, read through a service's engine."""
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(table)).one())
