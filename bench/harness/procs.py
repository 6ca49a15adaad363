"""CPU time of processes from /proc: utime + stime, and the processes a run started."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of every thread of `pid` so far (0 once it is gone)."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    fields = raw[raw.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / TICKS


def cmdline(pid: int) -> list[str]:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return []
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


def system_processes() -> dict[str, int]:
    """The services and the broker this process started, by name (from their command lines)."""
    named: dict[str, int] = {}
    for pid in children(os.getpid()):
        args = cmdline(pid)
        if "-m" in args:
            named[args[args.index("-m") + 1]] = pid
        elif any(a == "broker" for a in args[1:2]):
            named["broker"] = pid
    return named


def postgres_backends(databases: list[str]) -> list[int]:
    """PostgreSQL backends serving `databases`: their title is "postgres: [cluster:] user
    database host(port) state"."""
    wanted = set(databases)
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        args = cmdline(int(entry.name))
        title = args[0] if len(args) == 1 else ""
        if title.startswith("postgres: ") and wanted.intersection(title.split()[1:5]):
            found.append(int(entry.name))
    return found


@dataclass
class CpuMeter:
    """CPU seconds per named process between `start()` and `stop()`; `groups` lists pids
    summed under one name (PostgreSQL backends, looked up again at stop)."""

    pids: Mapping[str, int]
    postgres_databases: list[str] | None = None
    _before: dict[str, float] | None = None
    _backends_before: dict[int, float] | None = None
    _started: float = 0.0
    wall: float = 0.0

    def start(self) -> CpuMeter:
        self._before = {name: cpu_seconds(pid) for name, pid in self.pids.items()}
        if self.postgres_databases:
            self._backends_before = {
                pid: cpu_seconds(pid) for pid in postgres_backends(self.postgres_databases)
            }
        self._started = time.monotonic()
        return self

    def stop(self) -> dict[str, float]:
        assert self._before is not None, "start() first"
        self.wall = time.monotonic() - self._started
        spent = {name: cpu_seconds(pid) - self._before[name] for name, pid in self.pids.items()}
        if self.postgres_databases is not None and self._backends_before is not None:
            now = {pid: cpu_seconds(pid) for pid in postgres_backends(self.postgres_databases)}
            # a backend that ended during the window takes what it spent with it (undercount)
            spent["postgres"] = sum(
                t - self._backends_before.get(pid, 0.0) for pid, t in now.items()
            )
        return spent


def wait_quiet(
    pids: Mapping[str, int], *, threshold: float = 0.15, window: float = 0.5, timeout: float = 30
) -> float:
    """Wait until all `pids` together use less than `threshold` of one core over `window`
    seconds twice in a row (the consumers have nothing left to do); returns seconds waited."""
    began = time.monotonic()
    quiet = 0
    while time.monotonic() - began < timeout and quiet < 2:
        meter = CpuMeter(pids).start()
        time.sleep(window)
        used = sum(meter.stop().values())
        quiet = quiet + 1 if used < threshold * window else 0
    return time.monotonic() - began
