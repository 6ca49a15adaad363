"""The running system (broker + four services as processes, tests/support/system.py) on SQLite
or PostgreSQL: idle CPU, referral intake and end to end at saturation (wrk), CPU per discharge
(a fixed batch), latency per stage at fixed offered rates (open loop)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from handover_common.access.dev_issuer import DevIssuer
from handover_common.launcher import LocalSystem

from bench.harness.bodies import PHASE_SPAN, message_id
from bench.harness.load import OpenLoopResult, WrkResult, open_loop, wrk
from bench.harness.procs import CpuMeter, system_processes, wait_quiet
from bench.harness.runlog import Log
from bench.harness.stages import STAGES, Trace, column, epoch, rows, traces
from bench.harness.stats import Percentiles, percentiles
from tests.support.databases import fresh_postgres, postgres_available
from tests.support.system import running_system, scalar

CARE_REQUESTS = "select count(*) from care_request"
DISCHARGES = "select count(*) from discharge"
INFORMATION_OUTCOMES = "select count(*) from deadline_publication where rule_id = 'LAW-INFO'"
"""Each bench discharge brings its medication list: the deadline watch publishes its LAW-INFO
as met once, at the first sweep after it — part of what a discharge costs."""
SWEEP_SECONDS = 5
"""The deadline watch's interval in the bench (30 s by default): a batch's own deadline
outcomes then fall inside its CPU window instead of into whichever phase comes next."""


@dataclass
class Running:
    kind: str  # "sqlite" | "postgres"
    system: LocalSystem
    token: str
    pids: dict[str, int]  # service name (and "broker") → pid
    postgres_databases: list[str] | None
    quiet_below: float = 0.3  # of one core: lowered to just above idle once idle is known

    def settle(self, timeout: float = 60) -> float:
        """Wait until the services and the broker are back to idle (backlogs consumed)."""
        return wait_quiet(self.pids, threshold=self.quiet_below, timeout=timeout)

    @property
    def referral_port(self) -> int:
        return self.system.services["referral"].port

    def count(self, service: str, sql: str) -> int:
        return scalar(self.system, service, sql)

    def meter(self) -> CpuMeter:
        return CpuMeter(self.pids, self.postgres_databases)


@contextmanager
def running(kind: str, workdir: Path) -> Iterator[Running]:
    """The whole system on fresh databases: SQLite files, or one PostgreSQL database per
    service (tests/support/databases.py)."""
    with ExitStack() as stack:
        urls: dict[str, str] = {}
        if kind == "postgres":
            if not postgres_available():
                raise RuntimeError("PostgreSQL is not reachable at HANDOVER_TEST_PG_URL")
            urls = {
                name: stack.enter_context(fresh_postgres())
                for name in ("referral", "responsibility", "billing", "notification")
            }
        sweeps = {"DEADLINE_WATCH_SECONDS": str(SWEEP_SECONDS)}
        system = stack.enter_context(running_system(workdir / kind, sweeps, urls))
        issuer = DevIssuer(system.extra_env["DEV_ISSUER_DIR"])
        token = issuer.token("region:23", "hospital-unit")
        databases = [url.rsplit("/", 1)[1] for url in urls.values()] or None
        yield Running(kind, system, token, system_processes(), databases)


def wait_for_care_requests(
    run: Running, expected: int, timeout: float, sql: str = CARE_REQUESTS
) -> float | None:
    """Seconds until `expected` care requests (or what `sql` counts) exist; None when they did
    not in `timeout` (or nothing moved for 20 s)."""
    began = time.monotonic()
    last, moved = -1, began
    while time.monotonic() - began < timeout:
        now = run.count("referral", sql)
        if now >= expected:
            return time.monotonic() - began
        if now != last:
            last, moved = now, time.monotonic()
        elif time.monotonic() - moved > 20:
            return None
        time.sleep(0.25)
    return None


def settled_count(run: Running, sql: str) -> int:
    """The referral count once it stopped changing for a second."""
    last = run.count("referral", sql)
    while True:
        time.sleep(1)
        now = run.count("referral", sql)
        if now == last:
            return now
        last = now


def latest_care_request(run: Running) -> float:
    [(latest,)] = rows(run.system, "referral", "select max(created_at) from care_request")
    return epoch(latest)


# ------------------------------------------------------------------------------ the phases


@dataclass
class Idle:
    seconds: float
    per_process: dict[str, float]  # CPU seconds

    @property
    def percent_of_core(self) -> float:
        return 100 * sum(self.per_process.values()) / self.seconds


def warm_up(run: Running, workdir: Path, phase: int, pause: float) -> None:
    """A few discharges through everything (and a check that they come out as care requests)."""
    before = run.count("referral", CARE_REQUESTS)
    sent = open_loop(
        run.referral_port,
        rate=20,
        seconds=1,
        base=phase * PHASE_SPAN,
        workdir=workdir,
        server_pids=[],
        token=run.token,
    )
    if sent.ok != sent.sent:
        raise RuntimeError(f"warm-up: {sent.sent - sent.ok} discharges refused ({run.kind})")
    if wait_for_care_requests(run, before + sent.ok, 60) is None:
        raise RuntimeError(f"warm-up: care requests did not appear ({run.kind})")
    time.sleep(pause)  # billing and notification take the last events; consumers go idle


def idle(run: Running, seconds: float) -> Idle:
    meter = run.meter().start()
    time.sleep(seconds)
    spent = meter.stop()
    services = sum(v for k, v in spent.items() if k != "postgres")
    run.quiet_below = 1.5 * services / meter.wall + 0.05
    return Idle(meter.wall, spent)


@dataclass
class Saturation:
    wrk: WrkResult
    discharges: int  # stored by referral during the wrk run
    care_requests: int  # of them, care requests at the end
    seconds: float | None  # first POST → last care request; None when not all came
    waited: float


def saturation(
    run: Running, workdir: Path, seconds: float, timeout: float, phase: int
) -> Saturation:
    """wrk as fast as referral takes distinct discharges for `seconds`, then wait until every
    stored discharge has its care request: intake rate and sustained end-to-end rate."""
    discharges_before = run.count("referral", DISCHARGES)
    requests_before = run.count("referral", CARE_REQUESTS)
    result = wrk(
        run.referral_port,
        run.token,
        seconds=seconds,
        base=phase * PHASE_SPAN,
        workdir=workdir,
        server_pid=run.pids["referral"],
    )
    stored = settled_count(run, DISCHARGES) - discharges_before  # wrk left some in flight
    began = time.monotonic()
    took = wait_for_care_requests(run, requests_before + stored, timeout)
    waited = time.monotonic() - began
    done = run.count("referral", CARE_REQUESTS) - requests_before
    span = latest_care_request(run) - result.started_wall if took is not None else None
    run.settle()
    return Saturation(result, stored, done, span, waited)


@dataclass
class CpuBatch:
    discharges: int
    rate: float
    seconds: float  # wall time metered (sending, draining, settling)
    per_process: dict[str, float]  # CPU seconds
    complete: bool


def cpu_batch(run: Running, workdir: Path, count: int, rate: float, phase: int) -> CpuBatch:
    """CPU seconds each process spends on a fixed batch of discharges, from before the first
    is sent until the last care request and the last LAW-INFO outcome exist and every process
    is quiet again."""
    before = run.count("referral", CARE_REQUESTS)
    outcomes = run.count("referral", INFORMATION_OUTCOMES)
    meter = run.meter().start()
    sent = open_loop(
        run.referral_port,
        rate=rate,
        seconds=count / rate,
        base=phase * PHASE_SPAN,
        workdir=workdir,
        server_pids=[],
        token=run.token,
    )
    complete = wait_for_care_requests(run, before + sent.ok, 120) is not None
    expected = outcomes + sent.ok
    swept = wait_for_care_requests(run, expected, 4 * SWEEP_SECONDS + 30, INFORMATION_OUTCOMES)
    complete = complete and swept is not None
    run.settle()
    spent = meter.stop()
    return CpuBatch(sent.ok, rate, meter.wall, spent, complete and sent.ok == sent.offered)


@dataclass
class RatePoint:
    offered_rate: float
    result: OpenLoopResult | None
    end_to_end_ms: Percentiles | None = None
    stages_ms: list[Percentiles] = field(default_factory=list)
    completed: int = 0
    verdict: str = "stable"  # or "not stable: why", or "not run: why"
    trend_ms: tuple[float, float] | None = None  # p50 of the first and the last fifth
    drain_seconds: float = 0.0

    @property
    def stable(self) -> bool:
        return self.verdict == "stable"


def rate_point(
    run: Running, workdir: Path, rate: float, seconds: float, drain: float, phase: int
) -> RatePoint:
    """`rate` discharges per second for `seconds`, on schedule, then the trace of each."""
    before = run.count("referral", CARE_REQUESTS)
    base = phase * PHASE_SPAN
    result = open_loop(
        run.referral_port,
        rate=rate,
        seconds=seconds,
        base=base,
        workdir=workdir,
        server_pids=[run.pids["referral"]],
        token=run.token,
        drain=drain,
    )
    if early := intake_verdict(result):
        return RatePoint(rate, result, verdict=early)  # no higher rate follows an unstable one
    began = time.monotonic()
    wait_for_care_requests(run, before + result.ok, drain)
    drained = time.monotonic() - began
    posted = {
        message_id(base + i): (result.began(i), result.answered[i])
        for i in range(result.sent)
        if 200 <= result.status[i] < 300
    }
    found = traces(run.system, posted)
    point = RatePoint(rate, result, drain_seconds=drained)
    ordered = sorted(found.values(), key=lambda t: t.posted)
    point.completed = sum(1 for t in ordered if t.care_request is not None)
    point.end_to_end_ms = percentiles([1000 * e for e in column([t.end_to_end for t in ordered])])
    per_stage = list(zip(*(t.stages() for t in ordered), strict=True)) or [()] * len(STAGES)
    point.stages_ms = [percentiles([1000 * v for v in column(s)]) for s in per_stage]
    point.verdict = verdict(result, ordered, point.completed, drain)
    times = [1000 * (t.end_to_end or 0.0) for t in ordered]
    point.trend_ms = climb(times, result.sent / result.rate)[:2]
    run.settle()
    return point


FALLING_BEHIND = 0.1
"""Latency may grow by at most this many seconds per second of sending (plus 0.1 s of noise)
before a rate counts as not sustained: the system would fall behind by a tenth of the load."""


def climb(times: list[float], seconds: float) -> tuple[float, float, bool]:
    """Median latency (ms) of the first and the last fifth of `times` (ms, in send order)
    over a window of `seconds`, and whether it climbs faster than FALLING_BEHIND allows."""
    fifth = max(1, len(times) // 5)
    first, last = percentiles(times[:fifth]).p50, percentiles(times[-fifth:]).p50
    span = 0.8 * seconds  # between the middles of the two fifths
    return first, last, last - first > 1000 * (FALLING_BEHIND * span + 0.1)


def intake_verdict(result: OpenLoopResult) -> str:
    """Why the HTTP side alone shows the rate is not sustained ("" when it does not)."""
    if result.aborted:
        return f"not stable: referral fell behind ({result.aborted})"
    refused = result.sent - result.ok
    if refused:
        return f"not stable: {refused} of {result.sent} requests refused or unanswered"
    if result.send_lag_ms().p99 > 100:
        return "not stable: the generator could not keep its schedule"
    first, last, climbing = climb(result.response_ms(), result.sent / result.rate)
    if climbing:
        return (
            f"not stable: referral answered {result.achieved_rate():,.0f}/s, its answer time "
            f"climbing (p50 {first:,.0f} → {last:,.0f} ms)"
        )
    return ""


def verdict(result: OpenLoopResult, ordered: list[Trace], completed: int, drain: float) -> str:
    """Stable when every request was answered 2xx on schedule, every care request came within
    the drain time, and neither the answer time nor POST → care request climbs over the
    window faster than FALLING_BEHIND allows (a growing backlog)."""
    if early := intake_verdict(result):
        return early
    if completed < result.ok:
        return f"not stable: {completed} of {result.ok} care requests after {drain:.0f} s drain"
    times = [1000 * (t.end_to_end or 0.0) for t in ordered]
    first, last, climbing = climb(times, result.sent / result.rate)
    if climbing:
        return f"not stable: backlog grows (p50 {first:,.0f} → {last:,.0f} ms)"
    return "stable"


@dataclass
class SystemResults:
    kind: str
    idle: Idle
    saturation: Saturation
    cpu: CpuBatch
    idle_for_cpu: dict[str, float]  # idle CPU seconds per process over the batch's wall time
    rates: list[RatePoint]
    startup_seconds: float


@dataclass
class SystemPlan:
    idle_seconds: float
    saturation_seconds: float
    saturation_timeout: float
    cpu_batch: int
    rates: list[float]
    rate_seconds: float
    rate_drain: float
    idle_pause: float  # seconds between the warm-up and the idle measurement


def bench_system(kind: str, workdir: Path, plan: SystemPlan, log: Log) -> SystemResults:
    started = time.monotonic()
    with running(kind, workdir) as run:
        startup = time.monotonic() - started
        log(f"{kind}: system up in {startup:.1f} s; warming up")
        warm_up(run, workdir, phase=0, pause=plan.idle_pause)
        log(f"{kind}: idle CPU over {plan.idle_seconds:.0f} s")
        quiet = idle(run, plan.idle_seconds)
        log(f"{kind}: saturation (wrk {plan.saturation_seconds:.0f} s, then the backlog)")
        sat = saturation(run, workdir, plan.saturation_seconds, plan.saturation_timeout, phase=1)
        sustained = sat.care_requests / sat.seconds if sat.seconds else 20.0
        batch_rate = max(10.0, min(200.0, round(sustained / 2)))
        log(f"{kind}: CPU batch of {plan.cpu_batch} at {batch_rate:.0f}/s")
        cpu = cpu_batch(run, workdir, plan.cpu_batch, batch_rate, phase=2)
        idle_share = {
            name: s * cpu.seconds / quiet.seconds for name, s in quiet.per_process.items()
        }
        points: list[RatePoint] = []
        for index, rate in enumerate(plan.rates):
            if points and not points[-1].stable:
                points.append(RatePoint(rate, None, verdict="not run: a lower rate was not stable"))
                continue
            log(f"{kind}: {rate:.0f} discharges/s for {plan.rate_seconds:.0f} s")
            point = rate_point(
                run, workdir, rate, plan.rate_seconds, plan.rate_drain, phase=3 + index
            )
            log(f"{kind}: {rate:.0f}/s {point.verdict}")
            points.append(point)
    return SystemResults(kind, quiet, sat, cpu, idle_share, points, startup)
