"""`make bench`: ceilings, the system on SQLite and PostgreSQL, replay, in-process benchmarks.

Written to bench/results.md. Every figure is reported with its ratio to a ceiling measured
in the same run; nothing asserts on time.

    .venv/bin/python -m bench.run [--quick] [--databases sqlite,postgres] [--out FILE] ...

`--quick` is a smoke run of about two minutes; the full run stays well under fifteen.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import tempfile
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from bench.harness import inprocess
from bench.harness.bodies import check_numbering
from bench.harness.ceilings import broker_ceiling, http_ceiling
from bench.harness.replay import replay
from bench.harness.report import Results, render
from bench.harness.runlog import Log
from bench.harness.system_bench import SystemPlan, bench_system

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")

FULL = {
    "http_seconds": 10.0,
    "trivial_rate_seconds": 3.0,
    "broker_messages": 20_000,
    "hop_samples": 40,
    "floor_samples": 300,
    "idle_seconds": 10.0,
    "idle_pause": 5.0,
    "saturation_seconds": 10.0,
    "saturation_timeout": 120.0,
    "cpu_batch": 400,
    "rate_seconds": 10.0,
    "rate_drain": 30.0,
    "replay": 100_000,
    "replay_timeout": 75.0,
    "situations": 20_000,
    "reports": 1_000_000,
}
QUICK = {
    "http_seconds": 2.0,
    "trivial_rate_seconds": 1.0,
    "broker_messages": 5_000,
    "hop_samples": 8,
    "floor_samples": 50,
    "idle_seconds": 3.0,
    "idle_pause": 3.0,
    "saturation_seconds": 3.0,
    "saturation_timeout": 40.0,
    "cpu_batch": 80,
    "rate_seconds": 2.0,
    "rate_drain": 8.0,
    "replay": 1_000,
    "replay_timeout": 40.0,
    "situations": 5_000,
    "reports": 100_000,
}
PARTS = ("http", "broker", "system", "replay", "inprocess")
HELP = {
    "http_seconds": "each wrk run against the trivial POST",
    "trivial_rate_seconds": "the open-loop generator against the trivial POST, per rate",
    "broker_messages": "messages for the broker's produce and consume rates",
    "hop_samples": "single hops timed with a long fetch wait (each costs about half of it)",
    "floor_samples": "single hops timed with a short fetch wait",
    "idle_seconds": "the idle CPU window",
    "idle_pause": "quiet seconds after the warm-up before the idle window",
    "saturation_seconds": "wrk against referral",
    "saturation_timeout": "longest wait for the care requests after it",
    "cpu_batch": "discharges in the CPU-per-discharge batch",
    "rate_seconds": "sending time per offered rate",
    "rate_drain": "longest wait for answers and care requests after each rate",
    "replay": "events replayed into a fresh responsibility",
    "replay_timeout": "longest wait for the replay",
    "situations": "bench_responsibility.py --situations",
    "reports": "bench_billing.py --reports",
}


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run of about 2 minutes")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite,postgres")
    parser.add_argument(
        "--rates",
        default="20,50,200,500,1000",
        help="offered discharges/s, ascending (20: a low-load baseline)",
    )
    parser.add_argument("--skip", default="", help=f"parts to leave out: {','.join(PARTS)}")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results.md"), help="the report")
    parser.add_argument("--workdir", help="keep logs and databases here (default: a temp dir)")
    for key, value in FULL.items():
        flag = "--" + key.replace("_", "-")
        parser.add_argument(
            flag, type=type(value), help=f"{HELP[key]} (full {value}, quick {QUICK[key]})"
        )
    args = parser.parse_args()
    defaults = QUICK if args.quick else FULL
    for key, value in defaults.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def meta(args: argparse.Namespace) -> dict[str, str]:
    def git(*command: str) -> str:
        done = subprocess.run(["git", *command], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " with uncommitted changes"
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return {
        "command": "make bench QUICK=1" if args.quick else "make bench",
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "mode": "quick" if args.quick else "full",
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "load": " / ".join(f"{v:.2f}" for v in os.getloadavg()),
    }


def attempt(results: Results, log: Log, label: str, work: Callable[[], T]) -> T | None:
    """A part that fails is named in the report; the others still run."""
    try:
        return work()
    except Exception as error:
        log(f"{label} FAILED: {error}")
        traceback.print_exc()
        results.failures.append(f"{label}: {type(error).__name__}: {error}")
        return None


def main() -> None:
    args = arguments()
    log = Log()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    rates = [float(r) for r in args.rates.split(",") if r.strip()]
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    check_numbering()
    results = Results(meta(args))
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        workdir = Path(args.workdir or tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        if "inprocess" not in skip:
            log(f"in process: decisions ({args.situations:,} situations)")
            if done := attempt(
                results, log, "decisions", lambda: inprocess.decisions(args.situations)
            ):
                results.inprocess.append(done)
        if "http" not in skip:
            log("ceiling: trivial FastAPI POST (wrk, open-loop generator)")
            results.http = attempt(
                results,
                log,
                "HTTP ceiling",
                lambda: http_ceiling(workdir, args.http_seconds, rates, args.trivial_rate_seconds),
            )
        if "broker" not in skip:
            log("ceiling: embedded broker")
            results.broker = attempt(
                results,
                log,
                "broker ceiling",
                lambda: broker_ceiling(args.broker_messages, args.hop_samples, args.floor_samples),
            )
        plan = SystemPlan(
            idle_seconds=args.idle_seconds,
            saturation_seconds=args.saturation_seconds,
            saturation_timeout=args.saturation_timeout,
            cpu_batch=args.cpu_batch,
            rates=rates,
            rate_seconds=args.rate_seconds,
            rate_drain=args.rate_drain,
            idle_pause=args.idle_pause,
        )
        for kind in databases:
            if "system" not in skip:
                system = attempt(
                    results,
                    log,
                    f"system on {kind}",
                    partial(bench_system, kind, workdir, plan, log),
                )
                if system:
                    results.systems.append(system)
            if "replay" not in skip:
                log(f"{kind}: replay of {args.replay:,} events")
                done_replay = attempt(
                    results,
                    log,
                    f"replay on {kind}",
                    partial(replay, kind, args.replay, workdir, args.replay_timeout),
                )
                if done_replay:
                    results.replays.append(done_replay)
        if "inprocess" not in skip:
            log(f"in process: invoice run ({args.reports:,} reports)")
            if done := attempt(
                results, log, "invoice run", lambda: inprocess.invoices(args.reports)
            ):
                results.inprocess.append(done)
    results.seconds = log.elapsed
    Path(args.out).write_text(render(results))
    log(f"wrote {args.out}")
    if results.failures:
        raise SystemExit(f"{len(results.failures)} part(s) failed; see the top of {args.out}")


if __name__ == "__main__":
    main()
