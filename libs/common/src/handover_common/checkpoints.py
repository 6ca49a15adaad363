"""SQLite's write-ahead log copied back into the database file (a checkpoint) on a short-lived
thread of its own, not by the transaction that happens to fill it: that commit used to wait for
the copy and its fsync, ~4 % of a consumer thread's time in a replay (issue 11). The thread
works while the committing one goes on (the copy and fsync release the GIL).

A commit asks for a checkpoint at most every `EVERY_SECONDS`; neither a passive checkpoint nor
the restart of a long log ever waits for a writer or a reader. SQLite's own automatic
checkpoint stays as a backstop, at a higher mark, for a log the thread cannot keep up with."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

EVERY_SECONDS = 0.2
AFTER_COMMIT_SECONDS = 0.05
"""SQLAlchemy tells of a commit as it begins: the checkpoint that follows it waits this long."""
RESTART_PAGES = 4_000
"""A log this long (~16 MB) is restarted: passive checkpoints running beside a steady writer
never catch up with it, and a log starts again from its beginning only once they have."""
BACKSTOP_PAGES = 10_000
"""SQLite's automatic checkpoint (default 1,000 pages) at ~40 MB of log instead."""


class Checkpoints:
    """The checkpoints of one database file, asked for by its engine's commits: one runs at
    most every `EVERY_SECONDS`, and one always follows the last commit of a burst."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._due = 0.0
        self._pending = False
        self._again = False

    def committed(self, *_args: Any) -> None:
        """Never raises: SQLAlchemy calls it before the commit, which an error would fail."""
        with self._lock:
            if self._pending:
                self._again = True
                return
            self._pending = True
        try:
            # a thread of its own for each: one database's steady commits never hold back
            # another's checkpoints (a process of tests has many)
            delay = max(AFTER_COMMIT_SECONDS, self._due - time.monotonic())
            timer = threading.Timer(delay, self._serve)
            timer.daemon = True
            timer.start()
        except Exception as error:  # no new thread at interpreter shutdown
            log.debug("checkpoint of %s not asked for: %s", self.path, error)
            with self._lock:
                self._pending = False

    def _serve(self) -> None:
        try:
            self.run()
        finally:  # whatever happened, a later commit asks again
            self._due = time.monotonic() + EVERY_SECONDS
            with self._lock:
                self._pending = False
                again, self._again = self._again, False
            if again:
                self.committed()

    def run(self) -> None:
        """One checkpoint now."""
        try:
            # mode=rw: a database removed meanwhile (a test's) is not made again, empty
            connection = sqlite3.connect(f"file:{quote(self.path)}?mode=rw", uri=True, timeout=0)
            try:
                _checkpoint(connection)
            finally:
                connection.close()
        except sqlite3.Error as error:
            log.debug("checkpoint of %s skipped: %s", self.path, error)


def _checkpoint(connection: sqlite3.Connection) -> None:
    _busy, log_pages, _copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    if log_pages > RESTART_PAGES:
        # without waiting (no busy timeout): a restart waiting for a reader would hold every
        # writer back meanwhile; it is tried again after a later commit
        connection.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
