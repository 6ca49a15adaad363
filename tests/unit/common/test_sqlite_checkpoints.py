"""SQLite's log is copied into the database file by a thread of its own (issue 11): a commit no
longer waits for that copy, and the data reaches the file without anyone checkpointing."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from handover_common import checkpoints
from handover_common.db import make_engine
from sqlalchemy import text
from sqlalchemy.engine import Engine


def rows_in_file_alone(database: Path, copy: Path) -> int:
    """The rows the database file holds without its log: a copy without `-wal` beside it."""
    shutil.copyfile(database, copy)
    with sqlite3.connect(copy) as connection:
        try:
            return int(connection.execute("select count(*) from item").fetchone()[0])
        except sqlite3.OperationalError:  # no such table: not even that reached the file
            return 0


def write(engine_url: str, rows: int) -> Engine:
    """Kept open: closing the last connection would checkpoint the log itself."""
    engine = make_engine(engine_url)
    with engine.begin() as connection:
        connection.execute(text("create table if not exists item (id integer primary key, v)"))
    for start in range(0, rows, 10):
        with engine.begin() as connection:
            connection.execute(
                text("insert into item (v) values (:v)"),
                [{"v": "x" * 500} for _ in range(start, start + 10)],
            )
    return engine


def test_committed_rows_reach_the_database_file_without_a_checkpoint_by_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoints, "EVERY_SECONDS", 0.0)
    database = tmp_path / "a.db"
    engine = write(f"sqlite:///{database}", 100)  # ~15 pages: SQLite's own mark is 10,000
    deadline = time.monotonic() + 10
    try:
        while rows_in_file_alone(database, tmp_path / "copy.db") < 100:
            assert time.monotonic() < deadline, "the log was never copied into the database file"
            time.sleep(0.05)
    finally:
        engine.dispose()


def test_without_the_thread_the_rows_stay_in_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above can fail: with the thread's checkpoint doing nothing, the file lacks
    the rows."""
    monkeypatch.setattr(checkpoints.Checkpoints, "run", lambda self: None)
    database = tmp_path / "a.db"
    engine = write(f"sqlite:///{database}", 100)
    time.sleep(0.3)
    try:
        assert rows_in_file_alone(database, tmp_path / "copy.db") == 0
    finally:
        engine.dispose()


def test_a_database_removed_meanwhile_is_not_made_again(tmp_path: Path) -> None:
    database = tmp_path / "gone.db"
    checkpoints.Checkpoints(str(database)).run()
    assert not database.exists()


def test_a_restart_never_holds_a_writer_back_while_a_reader_is_on_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A restart that waited for the reader would lock every writer out meanwhile: the hop
    to the next consumer then took 200 ms now and again."""
    monkeypatch.setattr(checkpoints, "RESTART_PAGES", 0)
    database = tmp_path / "a.db"
    engine = write(f"sqlite:///{database}", 100)
    reader = sqlite3.connect(database)
    writer = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        reader.execute("begin")
        reader.execute("select count(*) from item").fetchone()  # a snapshot on the log
        with engine.begin() as connection:  # after the reader: a frame the reader does not see
            connection.execute(text("insert into item (v) values ('late')"))
        checkpoint = threading.Thread(target=checkpoints.Checkpoints(str(database)).run)
        checkpoint.start()
        time.sleep(0.05)
        writer.execute("insert into item (v) values ('meanwhile')")  # locked if it waited
        checkpoint.join()
    finally:
        reader.close()
        writer.close()
        engine.dispose()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_checkpoint_that_fails_does_not_stop_the_later_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[int] = []

    def fails_first(self: checkpoints.Checkpoints) -> None:
        runs.append(1)
        if len(runs) == 1:
            raise RuntimeError("disk gone")

    monkeypatch.setattr(checkpoints.Checkpoints, "run", fails_first)
    monkeypatch.setattr(checkpoints, "EVERY_SECONDS", 0.0)
    asked = checkpoints.Checkpoints(str(tmp_path / "a.db"))
    for wanted in (1, 2):
        deadline = time.monotonic() + 10
        while len(runs) < wanted:
            asked.committed()
            assert time.monotonic() < deadline, f"checkpoint {wanted} never ran"
            time.sleep(0.02)


def test_a_database_committing_steadily_never_holds_back_another_ones_checkpoints(
    tmp_path: Path,
) -> None:
    busy = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
    with busy.begin() as connection:
        connection.execute(text("create table tick (id integer primary key)"))
    stop = threading.Event()

    def tick() -> None:
        while not stop.is_set():
            with busy.begin() as connection:
                connection.execute(text("insert into tick default values"))
            time.sleep(0.01)

    ticking = threading.Thread(target=tick)
    ticking.start()
    database = tmp_path / "quiet.db"
    try:
        time.sleep(0.3)  # the busy one's checkpoints are under way
        quiet = write(f"sqlite:///{database}", 100)
        deadline = time.monotonic() + 10
        while rows_in_file_alone(database, tmp_path / "copy.db") < 100:
            assert time.monotonic() < deadline, "the quiet database was never checkpointed"
            time.sleep(0.05)
        quiet.dispose()
    finally:
        stop.set()
        ticking.join()
        busy.dispose()
