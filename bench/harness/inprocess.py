"""The in-process benchmarks beside this harness, run as they are run by hand:
bench/bench_responsibility.py (decisions per second) and bench/bench_billing.py (an invoice
run over generated work reports). Each prints its own ceiling and ratio."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]


@dataclass
class InProcess:
    name: str
    command: list[str]
    output: str
    seconds: float
    figures: dict[str, float]


def _run(name: str, script: str, args: list[str], patterns: dict[str, str]) -> InProcess:
    command = [sys.executable, str(BENCH / script), *args]
    began = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=BENCH.parent)
    seconds = time.monotonic() - began
    output = done.stdout + (f"\n(exit {done.returncode})\n{done.stderr}" if done.returncode else "")
    figures = {}
    for key, pattern in patterns.items():
        if match := re.search(pattern, done.stdout):
            figures[key] = float(match.group(1).replace(",", ""))
    shown = ["python", f"bench/{script}", *args]
    return InProcess(name, shown, output.rstrip(), seconds, figures)


def decisions(situations: int) -> InProcess:
    return _run(
        "decisions per second",
        "bench_responsibility.py",
        ["--situations", str(situations)],
        {
            "decisions_per_second": r"decisions/second \(decide\):\s+([\d,]+)",
            "ceiling_per_second": r"situations/second \(ceiling\):\s+([\d,]+)",
        },
    )


def invoices(reports: int) -> InProcess:
    return _run(
        "invoice run",
        "bench_billing.py",
        ["--reports", str(reports)],
        {
            "reports_per_second": r"invoice run\s+[\d.]+ s\s+=\s+([\d,]+) reports/s",
            "run_seconds": r"invoice run\s+([\d.]+) s",
            "ceiling_per_second": r"ceiling \(Decimal sum\)\s+[\d.]+ s\s+=\s+([\d,]+) reports/s",
        },
    )
