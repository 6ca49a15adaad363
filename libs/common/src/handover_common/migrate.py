"""Alembic, driven from code: each service keeps its scripts in `<service>/migrations`."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlmodel import create_engine

from handover_common.leases import exclusively
from handover_common.timestamps import render_item


def alembic_config(url: str, script_location: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, script_location: Path) -> None:
    """Replicas starting together migrate one after another: the first upgrades, the others
    find the database at head (issue 10)."""
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with exclusively(engine, f"migrate:{script_location}"):
            command.upgrade(alembic_config(url, script_location), "head")
    finally:
        engine.dispose()


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's migrations/env.py."""
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    batch = url.startswith("sqlite")
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=target_metadata,
            render_as_batch=batch,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=batch,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()


def main() -> None:
    """`python -m handover_common.migrate revision <service> "<message>"` autogenerates."""
    _, verb, service, message = sys.argv
    assert verb == "revision"
    location = Path(str(__import__(service).__file__)).parent / "migrations"
    config = alembic_config(f"sqlite:///var/migrate-{service}.db", location)
    command.upgrade(config, "head")
    command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main()
