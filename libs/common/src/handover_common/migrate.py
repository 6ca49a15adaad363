"""Alembic, driven from code: each service keeps its scripts in `<service>/migrations`.

Once per release, where the services start with MIGRATE_ON_START=false (issue 14):

    python -m handover_common.migrate upgrade <service>    # the release's migration Job
    python -m handover_common.migrate wait <service>       # each replica's init container
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, pool
from sqlmodel import create_engine

from handover_common.leases import exclusively
from handover_common.settings import ServiceSettings
from handover_common.timestamps import render_item

log = logging.getLogger(__name__)


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


def migrations_of(service: str) -> Path:
    return Path(str(importlib.import_module(service).__file__)).parent / "migrations"


def settings_of(service: str) -> ServiceSettings:
    """The service's own settings class (one per service, in `<service>.settings`), from the
    environment: the same DATABASE_URL the service itself would use."""
    module = importlib.import_module(f"{service}.settings")
    [cls] = [
        c
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, ServiceSettings) and c is not ServiceSettings
    ]
    return cls()


def at_head(url: str, script_location: Path) -> bool:
    """True when the database is at this code's head, or ahead of it: a revision this code does
    not know was written by a newer release (migrations keep the previous release working)."""
    script = ScriptDirectory.from_config(alembic_config(url, script_location))
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    finally:
        engine.dispose()
    known = {revision.revision for revision in script.walk_revisions()}
    return current == set(script.get_heads()) or bool(current - known)


def wait(url: str, script_location: Path, timeout: float, interval: float) -> bool:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if at_head(url, script_location):
                return True
            log.info("the database is not at head yet: waiting for the migration")
        except Exception as error:  # not reachable yet, or not even created
            log.info("the database is not ready: %s", error)
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handover_common.migrate")
    verbs = parser.add_subparsers(dest="verb", required=True)
    for verb, text in (
        ("upgrade", "upgrade the service's database (DATABASE_URL) to head, once"),
        ("wait", "wait until the service's database is at head (exit 1 after --timeout)"),
        ("revision", "autogenerate a revision against a scratch SQLite database"),
    ):
        sub = verbs.add_parser(verb, help=text)
        sub.add_argument(
            "service", nargs="?" if verb != "revision" else None, default=os.environ.get("SERVICE")
        )
        if verb == "wait":
            sub.add_argument("--timeout", type=float, default=600.0)
            sub.add_argument("--interval", type=float, default=2.0)
        if verb == "revision":
            sub.add_argument("message")
    args = parser.parse_args(argv)
    if not args.service:
        parser.error("name the service (or set SERVICE, as the images do)")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    location = migrations_of(args.service)
    if args.verb == "revision":
        config = alembic_config(f"sqlite:///var/migrate-{args.service}.db", location)
        command.upgrade(config, "head")
        command.revision(config, message=args.message, autogenerate=True)
        return 0
    url = settings_of(args.service).resolved_database_url()
    if args.verb == "upgrade":
        upgrade(url, location)
        log.info("%s: the database is at head", args.service)
        return 0
    logging.getLogger("alembic").setLevel(logging.WARNING)  # not twice a line per poll
    if wait(url, location, args.timeout, args.interval):
        return 0
    log.error("%s: the database is not at head after %s s", args.service, args.timeout)
    return 1


if __name__ == "__main__":
    sys.exit(main())
