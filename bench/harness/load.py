"""The two load generators, run as child processes with their own CPU time measured:
wrk (closed loop, for the highest rate a server takes) and bench/harness/openloop.py (a fixed
schedule, for latency at a given offered rate)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness.bodies import PATH, lua_script
from bench.harness.procs import cpu_seconds
from bench.harness.stats import Percentiles, percentiles

ROOT = Path(__file__).resolve().parents[2]


def run_child(args: list[str], out: Path, timeout: float) -> tuple[int, float]:
    """Run `args` with stdout to `out`; returns (exit status, the child's CPU seconds)."""
    with out.open("wb") as sink:
        process = subprocess.Popen(args, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT)
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_utime + usage.ru_stime
        if time.monotonic() > deadline:
            process.kill()
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            raise TimeoutError(f"{args[0]} ran over {timeout:.0f} s; see {out}")
        time.sleep(0.05)


@dataclass
class WrkResult:
    requests: int
    seconds: float
    errors: int  # connect/read/write/timeout errors and non-2xx answers
    latency_ms: Percentiles
    client_cpu: float  # wrk's own CPU seconds
    server_cpu: float  # the server process's CPU seconds over the same run
    threads: int
    connections: int
    started_wall: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def wrk(
    port: int,
    token: str,
    *,
    seconds: float,
    base: int,
    workdir: Path,
    server_pid: int,
    threads: int = 1,
    connections: int = 32,
) -> WrkResult:
    """POST distinct discharges to 127.0.0.1:`port` for `seconds` seconds."""
    script = workdir / "discharges.lua"
    script.write_text(lua_script(token))
    out = workdir / f"wrk-{port}-{base}.txt"
    args = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
        f"http://127.0.0.1:{port}{PATH}",
        "--",
        str(threads),
        str(base),
    ]
    server_before = cpu_seconds(server_pid)
    started = time.time()
    code, client_cpu = run_child(args, out, timeout=seconds + 60)
    server_cpu = cpu_seconds(server_pid) - server_before
    text = out.read_text()
    if code != 0 or "WRK-JSON" not in text:
        raise RuntimeError(f"wrk failed ({code}): {text[-2000:]}")
    data = json.loads(text.split("WRK-JSON", 1)[1].strip().splitlines()[0])
    errors = sum(int(data[k]) for k in ("connect", "read", "write", "status", "timeout"))
    latency = Percentiles(
        data["p50_us"] / 1000, data["p95_us"] / 1000, data["p99_us"] / 1000, data["max_us"] / 1000
    )
    return WrkResult(
        requests=int(data["requests"]),
        seconds=data["duration_us"] / 1e6,
        errors=errors,
        latency_ms=latency,
        client_cpu=client_cpu,
        server_cpu=server_cpu,
        threads=threads,
        connections=connections,
        started_wall=started,
    )


@dataclass
class OpenLoopResult:
    rate: float
    offered: int
    sent: int
    aborted: str
    base: int
    connections: int  # opened in all
    scheduled: list[float]  # wall-clock seconds, per request
    sent_at: list[float]
    answered: list[float | None]
    status: list[int]
    cpu: float  # the generator's CPU seconds while sending and reading answers
    server_cpu: float

    @property
    def ok(self) -> int:
        return sum(1 for s in self.status if 200 <= s < 300)

    @property
    def answered_count(self) -> int:
        return sum(1 for a in self.answered if a is not None)

    def began(self, index: int) -> float:
        """When request `index` was due (or sent, if the timer fired a little early)."""
        return max(self.scheduled[index], self.sent_at[index])

    def response_ms(self) -> list[float]:
        """Answer time − scheduled send time, per answered request (ms)."""
        return [(a - self.began(i)) * 1000 for i, a in enumerate(self.answered) if a]

    def send_lag_ms(self) -> Percentiles:
        """How late the generator sent, against its schedule."""
        return percentiles(
            [(t - s) * 1000 for s, t in zip(self.scheduled, self.sent_at, strict=True)]
        )

    def achieved_rate(self) -> float:
        """2xx answers per second, over the span from the first answer to the last: the
        offered rate when the server keeps up, less when answers queue up."""
        done = sorted(
            a
            for a, status in zip(self.answered, self.status, strict=True)
            if a is not None and 200 <= status < 300
        )
        if len(done) < 2 or done[-1] == done[0]:
            return 0.0
        return (len(done) - 1) / (done[-1] - done[0])


def open_loop(
    port: int,
    *,
    rate: float,
    seconds: float,
    base: int,
    workdir: Path,
    server_pids: list[int],
    token: str = "",
    connections: int = 256,
    drain: float = 30.0,
) -> OpenLoopResult:
    out = workdir / f"openloop-{port}-{base}.json"
    args = [
        sys.executable,
        "-m",
        "bench.harness.openloop",
        f"--port={port}",
        f"--rate={rate}",
        f"--duration={seconds}",
        f"--base={base}",
        f"--connections={connections}",
        f"--drain={drain}",
        f"--out={out}",
    ]
    if token:
        token_file = workdir / "token"
        token_file.write_text(token)
        args.append(f"--token-file={token_file}")
    before = sum(cpu_seconds(p) for p in server_pids)
    code, _ = run_child(args, workdir / "openloop.log", timeout=seconds + drain + 120)
    server_cpu = sum(cpu_seconds(p) for p in server_pids) - before
    if code != 0:
        log = (workdir / "openloop.log").read_text()[-2000:]
        raise RuntimeError(f"open-loop generator failed ({code}): {log}")
    data = json.loads(out.read_text())
    return OpenLoopResult(**data, server_cpu=server_cpu)
