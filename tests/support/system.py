"""The whole system as processes on free ports, for end-to-end tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from handover_common.broker import free_port
from handover_common.launcher import SERVICES, LocalSystem


@contextmanager
def running_system(
    data_dir: Path,
    extra_env: dict[str, str] | None = None,
    database_urls: dict[str, str] | None = None,
) -> Iterator[LocalSystem]:
    """`database_urls` puts a service on another database (PostgreSQL); SQLite otherwise."""
    system = LocalSystem(
        data_dir,
        ports={name: free_port() for name in SERVICES},
        broker_port=free_port(),
        database_urls=dict(database_urls or {}),
        extra_env={"LOG_LEVEL": "WARNING", **(extra_env or {})},
    )
    try:
        yield system.start()
    finally:
        system.stop()


def scalar(system: LocalSystem, service: str, sql: str) -> int:
    """Read one number from a service's database: its PostgreSQL if it has one, else its
    SQLite file (read-only)."""
    if service in system.database_urls:
        return postgres_scalar(system.database_urls[service], sql)
    path = system.data_dir / f"{service}.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as db:
        return int(db.execute(sql).fetchone()[0])


def postgres_dsn(database_url: str) -> str:
    """The SQLAlchemy URL (`postgresql+psycopg://…`) as psycopg takes it."""
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def postgres_scalar(database_url: str, sql: str) -> int:
    with psycopg.connect(postgres_dsn(database_url), connect_timeout=5) as db:
        row = db.execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def url(system: LocalSystem, service: str) -> str:
    return system.services[service].url


def log_of(system: LocalSystem, service: str) -> str:
    return Path(system.services[service].log_path).read_text()
