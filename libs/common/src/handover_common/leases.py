"""One holder at a time among a service's replicas (issue 10): the outbox relay and scheduled
jobs run where the lease is held, so each outbox row is sent by one replica — in order per
patient, which rows claimed by several relays would not keep — and a job runs once.

On PostgreSQL the lease is a session advisory lock held on a connection of its own: when the
holder dies its connection closes and another replica takes over on its next try. SQLite is one
process's database, so a lease there is always held.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for pg_advisory_lock."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Lease:
    def __init__(self, engine: Engine, name: str):
        self._engine = engine
        self._key = lock_key(name)
        self._connection: Connection | None = None
        self._holding = False

    @property
    def always_held(self) -> bool:
        """SQLite: one process's database, so its one replica holds every lease."""
        return self._engine.dialect.name != "postgresql"

    def held(self) -> bool:
        """True while this replica holds the lease; tries to take it when free."""
        if self.always_held:
            return True
        try:
            return self._check() if self._holding else self._try()
        except DBAPIError:
            self.release()  # the connection is gone, and the lock with it
            return False

    def _try(self) -> bool:
        if self._connection is None:
            self._connection = self._engine.connect()
        query = text("SELECT pg_try_advisory_lock(:key)")
        self._holding = bool(self._connection.execute(query, {"key": self._key}).scalar())
        self._connection.commit()  # the lock is the session's; no transaction stays open
        return self._holding

    def _check(self) -> bool:
        assert self._connection is not None
        self._connection.execute(text("SELECT 1"))
        self._connection.commit()
        return True

    def release(self) -> None:
        if self._connection is not None:
            try:  # a pooled connection outlives close(): end its session, and the lock with it
                self._connection.invalidate()
                self._connection.close()
            except DBAPIError:
                log.warning("lease connection was already gone")
        self._connection, self._holding = None, False


@contextmanager
def exclusively(engine: Engine, name: str) -> Iterator[None]:
    """Wait for the lock, run, release: for work every replica does, one after another (the
    migration at start-up)."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(name)})
        connection.commit()
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})
            connection.commit()
