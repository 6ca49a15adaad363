"""bench/results.md: every figure next to its ceiling from the same run, and how it was got."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from bench.harness.ceilings import BrokerCeiling, HttpCeiling
from bench.harness.events import PARTITIONS
from bench.harness.inprocess import InProcess
from bench.harness.load import OpenLoopResult
from bench.harness.replay import Replay
from bench.harness.stages import STAGES
from bench.harness.stats import Percentiles, percentiles
from bench.harness.system_bench import SWEEP_SECONDS, RatePoint, SystemResults

NAMES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}
STORAGE = {
    "sqlite": "one SQLite file per service",
    "postgres": "one fresh PostgreSQL database per service",
}
IDLE_GOAL = 5.0  # % of one core
REPLAY_GOAL = 60.0  # seconds


@dataclass
class Results:
    meta: dict[str, str]
    http: HttpCeiling | None = None
    broker: BrokerCeiling | None = None
    systems: list[SystemResults] = field(default_factory=list)
    replays: list[Replay] = field(default_factory=list)
    inprocess: list[InProcess] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def num(value: float | None, digits: int = 0) -> str:
    if value is None or math.isnan(value):
        return "—"
    return f"{value:,.{digits}f}"


def ratio(value: float | None, ceiling: float | None) -> str:
    if value is None or not ceiling or math.isnan(value) or math.isnan(ceiling) or value < 0:
        return "—"
    share = value / ceiling
    return f"{share:.3f}" if share < 10 else f"{share:,.0f}"


def table(header: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in body]


# ------------------------------------------------------------------------------ ceilings


def trivial_at(http: HttpCeiling | None, rate: float) -> OpenLoopResult | None:
    if http is None:
        return None
    return next((r for r in http.open_loop if r.rate == rate), None)


def stage_ceilings(results: Results, rate: float) -> list[float | None]:
    """The p50 ceiling (ms) of each stage in STAGES, from this run's ceilings: the trivial
    POST at the same rate, the broker's ack and single hop (at its floor), one decision."""
    trivial = trivial_at(results.http, rate)
    intake = percentiles(trivial.response_ms()).p50 if trivial else None
    hops = results.broker.floor if results.broker else None
    ack = hops.ack_ms.p50 if hops else None
    hop = hops.hop_ms.p50 if hops else None
    both = ack + hop if ack is not None and hop is not None else None
    decide = next(
        (
            1000 / p.figures["decisions_per_second"]
            for p in results.inprocess
            if p.figures.get("decisions_per_second")
        ),
        None,
    )
    return [intake, ack, hop, both, decide, ack, hop, both, None]


def end_to_end_ceiling(results: Results, rate: float) -> float | None:
    ceilings = stage_ceilings(results, rate)
    intake, both = ceilings[0], ceilings[3]
    return None if intake is None or both is None else intake + 2 * both


def http_section(http: HttpCeiling) -> list[str]:
    rows = []
    for run in http.wrk_runs:
        rows.append(
            [
                f"wrk -t{run.threads} -c{run.connections}",
                num(run.rate),
                *(num(v, 1) for v in (run.latency_ms.p50, run.latency_ms.p99)),
                f"{100 * run.client_cpu / run.seconds:.0f} %",
                f"{100 * run.server_cpu / run.seconds:.0f} %",
                str(run.errors),
            ]
        )
    ones = [run for run in http.wrk_runs if run.threads == 1]
    two = next(run for run in http.wrk_runs if run.threads == 2)
    one = max(ones, key=lambda run: run.rate)
    spread = max(r.rate for r in ones) / min(r.rate for r in ones) - 1
    lines = [
        "### HTTP: a trivial FastAPI POST",
        "",
        "`bench/harness/trivial_app.py`: one `async` route that parses the JSON body and answers "
        "202, in one process started as the services start (`uvicorn.run(app, host, port, "
        "log_config=None)`: uvloop and httptools). The same distinct discharge bodies as for "
        "referral (same Lua script). CPU as a share of one core over the run, from "
        "/proc/<pid>/stat (the server) and wait4 (wrk).",
        "",
        *table(
            ["client", "req/s", "p50 ms", "p99 ms", "wrk CPU", "server CPU", "errors"],
            rows,
        ),
        "",
        f"**Ceiling: {num(http.rate)} req/s.** wrk is not the bottleneck: its one thread used "
        f"{100 * one.client_cpu / one.seconds:.0f} % of a core while the server's one process "
        f"used {100 * one.server_cpu / one.seconds:.0f} %: wrk waits for the server, not the "
        f"reverse. A second wrk thread gives {100 * (two.rate / one.rate - 1):+.1f} % against "
        f"the better one-thread run (the two one-thread runs differ by {100 * spread:.1f} %: "
        "that much is noise from the machine).",
        "",
        "#### The open-loop generator against the same app",
        "",
        "`bench/harness/openloop.py` sends on a fixed schedule whatever the answers do; "
        "latency counts from the scheduled send time. Against the trivial app at the rates "
        "offered to the system below, to show it keeps its schedule and is not the bottleneck:",
        "",
    ]
    body = []
    for generated in http.open_loop:
        latency = percentiles(generated.response_ms())
        window = len(generated.scheduled) / generated.rate
        body.append(
            [
                num(generated.rate),
                num(generated.achieved_rate()),
                *latency.cells(1),
                num(generated.send_lag_ms().p99, 1),
                f"{100 * generated.cpu / window:.0f} %",
                f"{100 * generated.server_cpu / window:.0f} %",
                generated.aborted or "—",
            ]
        )
    lines += table(
        [
            "offered /s",
            "answered /s",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "send lag p99 ms",
            "generator CPU",
            "server CPU",
            "aborted",
        ],
        body,
    )
    return [*lines, ""]


def broker_section(broker: BrokerCeiling) -> list[str]:
    rows = [
        [
            str(hop.fetch_max_wait_ms),
            str(hop.samples),
            *hop.hop_ms.cells(1),
            num(hop.ack_ms.p50, 1),
        ]
        for hop in broker.hops
    ]
    floor = broker.floor
    return [
        "### Broker: the embedded Tansu on its own",
        "",
        f"{num(broker.messages)} patient.discharged envelopes ({num(broker.message_bytes)} bytes "
        f"each, keyed by patient, {PARTITIONS} partitions) with the services' producer "
        "(`start_producer`) "
        "and consumer (`make_consumer`) settings, client in this process.",
        "",
        f"- **produce: {num(broker.produce_rate)} msg/s** (send everything, then wait for "
        "every acknowledgement)",
        f"- **consume: {num(broker.consume_rate)} msg/s** (a new group, timed from its assignment)",
        f"- broker CPU for all of it: {num(broker.broker_cpu, 2)} s",
        "",
        "Single hop, one message at a time: `send_and_wait`, then a consumer polling as the "
        "services' consumer loop does has it. This broker holds a fetch for about half of "
        "`fetch_max_wait_ms` even when a record arrives meanwhile, so the hop is timed with the "
        "consumer's default wait, with the one the services use on the embedded broker (when "
        f"the project sets one), and with {floor.fetch_max_wait_ms} ms, the floor: "
        "what the broker itself needs. **The floor is the ceiling used below.**",
        "",
        *table(["fetch_max_wait_ms", "messages", "p50 ms", "p95 ms", "p99 ms", "ack p50 ms"], rows),
        "",
    ]


# ------------------------------------------------------------------------------ systems


def system_section(results: Results, system: SystemResults) -> list[str]:
    http = results.http
    ceiling = http.rate if http else None
    broker = results.broker
    sat = system.saturation
    wrk = sat.wrk
    name = NAMES[system.kind]
    lines = [
        f"## {name}",
        "",
        f"Broker and four services as processes (`tests/support/system.py` `running_system`, "
        f"{STORAGE[system.kind]}); "
        f"up and ready in {num(system.startup_seconds, 1)} s.",
        "",
        "### Referral intake (wrk)",
        "",
        f"wrk -t{wrk.threads} -c{wrk.connections} for {num(wrk.seconds, 1)} s, each request a "
        "distinct valid discharge (message id, stay id, personnummer with its Luhn digit) with a "
        "hospital unit's bearer token.",
        "",
        *table(
            [
                "req/s",
                "ratio to trivial POST",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "errors",
                "referral CPU",
            ],
            [
                [
                    f"**{num(wrk.rate, 1)}**",
                    ratio(wrk.rate, ceiling),
                    *wrk.latency_ms.cells(0),
                    str(wrk.errors),
                    f"{100 * wrk.server_cpu / wrk.seconds:.0f} % of a core",
                ]
            ],
        ),
        "",
        "### End to end at saturation",
        "",
    ]
    if sat.seconds:
        rate = sat.care_requests / sat.seconds
        lines += [
            f"The {num(sat.discharges)} discharges referral stored during the wrk run all had "
            f"their care request {num(sat.seconds, 1)} s after the first POST: **{num(rate, 1)} "
            f"discharges/s** sustained = {ratio(rate, ceiling)} of the trivial POST ceiling, "
            f"{ratio(rate, broker.produce_rate if broker else None)} of the broker's produce "
            "rate (each discharge is 3 events on the broker and 4 database transactions).",
        ]
    else:
        lines += [
            f"**Not stable**: of {num(sat.discharges)} discharges stored during the wrk run, "
            f"{num(sat.care_requests)} had a care request after {num(sat.waited, 0)} s; no "
            "sustained rate is reported.",
        ]
    lines += ["", *latency_section(results, system), "", *cpu_section(results, system), ""]
    return lines


def latency_section(results: Results, system: SystemResults) -> list[str]:
    lines = [
        "### Latency at fixed offered rates (open loop)",
        "",
        "POST → care request created, for every discharge sent in the window. A rate is "
        "*not stable* when requests queued up unanswered, a care request was missing after the "
        "drain time, or the latency (HTTP answer, or POST → care request) of the last fifth of "
        "the requests exceeds the first fifth's by more than 0.1 s per second of sending + "
        "0.1 s: a backlog growing by a tenth of the load. Its latencies are not reported, and "
        "no higher rate is run. Ceiling = the trivial POST at the same rate + 2 × (broker ack "
        "+ single hop at the floor).",
        "",
    ]
    body = []
    for point in system.rates:
        result = point.result
        achieved = num(result.achieved_rate(), 1) if result else "—"
        if point.stable and point.end_to_end_ms is not None:
            e2e = point.end_to_end_ms
            ceiling = end_to_end_ceiling(results, point.offered_rate)
            body.append(
                [
                    num(point.offered_rate),
                    achieved,
                    "stable",
                    trend(point),
                    *e2e.cells(0),
                    num(ceiling, 1),
                    ratio(e2e.p50, ceiling),
                ]
            )
        else:
            verdict = f"**{point.verdict}**"
            body.append([num(point.offered_rate), achieved, verdict, trend(point), *["—"] * 5])
    lines += table(
        [
            "offered /s",
            "answered /s",
            "verdict",
            "p50 first → last fifth, ms",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "ceiling p50 ms",
            "p50 / ceiling",
        ],
        body,
    )
    for point in system.rates:
        if point.stable:
            lines += ["", *stage_table(results, point)]
    return lines


def trend(point: RatePoint) -> str:
    if point.trend_ms is None:
        return "—"
    first, last = point.trend_ms
    return f"{num(first)} → {num(last)}"


def stage_table(results: Results, point: RatePoint) -> list[str]:
    ceilings = stage_ceilings(results, point.offered_rate)
    body = []
    for (label, _), measured, ceiling in zip(STAGES, point.stages_ms, ceilings, strict=True):
        body.append([label, *measured.cells(1), num(ceiling, 1), ratio(measured.p50, ceiling)])
    assert point.end_to_end_ms is not None
    e2e = point.end_to_end_ms
    ceiling = end_to_end_ceiling(results, point.offered_rate)
    body.append(
        ["**POST → care request**", *e2e.cells(1), num(ceiling, 1), ratio(e2e.p50, ceiling)]
    )
    return [
        f"Per stage at {num(point.offered_rate)}/s ({point.completed} discharges traced; "
        "ceilings: intake = the trivial POST at this rate, relay = broker ack, hop = single hop "
        "at the floor, responsibility handler = one in-process decision):",
        "",
        *table(["stage", "p50 ms", "p95 ms", "p99 ms", "ceiling p50 ms", "p50 / ceiling"], body),
    ]


def cpu_section(results: Results, system: SystemResults) -> list[str]:
    cpu, idle = system.cpu, system.idle
    count = max(cpu.discharges, 1)
    total = sum(cpu.per_process.values())
    body = []
    for name, spent in cpu.per_process.items():
        body.append(
            [
                name,
                num(spent, 2),
                num(1000 * spent / count, 2),
                f"{100 * spent / total:.0f} %" if total else "—",
                num(1000 * system.idle_for_cpu.get(name, 0.0) / count, 2),
            ]
        )
    body.append(
        [
            "**all**",
            num(total, 2),
            f"**{num(1000 * total / count, 2)}**",
            "100 %",
            num(1000 * sum(system.idle_for_cpu.values()) / count, 2),
        ]
    )
    http = results.http
    trivial = http.cpu_ms_per_request if http else None
    lines = [
        "### CPU per discharge",
        "",
        f"A batch of {num(cpu.discharges)} discharges at {num(cpu.rate)}/s (half the sustained "
        "rate), utime + stime from /proc/<pid>/stat of each process from before the first POST "
        "until the last care request and its LAW-INFO outcome exist (the deadline watch's, "
        f"every {SWEEP_SECONDS} s in the bench) and quiet again ({num(cpu.seconds, 1)} s)"
        + ("" if cpu.complete else "; **the batch did not complete**")
        + ". The last column is what the same processes spend idle over as long.",
        "",
        *table(["process", "CPU s", "ms per discharge", "share", "of which idle, ms"], body),
        "",
        f"Ceiling: the trivial POST spends {num(trivial, 3)} ms of server CPU per request; "
        f"all processes together spend {ratio(total / count * 1000, trivial)} times that per "
        "discharge.",
    ]
    if system.kind == "postgres":
        lines += [
            "",
            "`postgres` is the PostgreSQL backends serving this run's databases (a backend that "
            "ends within the window is not counted; the server's shared WAL writer and "
            "checkpointer are not either).",
        ]
    percent = idle.percent_of_core
    per = ", ".join(
        f"{name} {100 * spent / idle.seconds:.1f} %" for name, spent in idle.per_process.items()
    )
    verdict = "meets" if percent < IDLE_GOAL else "**does not meet**"
    lines += [
        "",
        "### Idle",
        "",
        f"No traffic for {num(idle.seconds, 1)} s after a warm-up: **{percent:.1f} % of one "
        f"core** for the whole system ({per}); {verdict} the goal of < {IDLE_GOAL:.0f} %.",
    ]
    return lines


# ------------------------------------------------------------------------------ the rest


def replay_section(results: Results) -> list[str]:
    if not results.replays:
        return []
    consume = results.broker.consume_rate if results.broker else None
    body = []
    for run in results.replays:
        done = run.seconds is not None
        body.append(
            [
                NAMES[run.kind],
                num(run.events),
                num(run.produce_seconds, 1),
                num(run.ready_seconds, 1),
                f"**{num(run.seconds, 1)}**"
                if done
                else f"not within {num(run.timeout)} s: {num(run.inbox)} in the inbox "
                f"(all would take ~{num(run.projected_seconds)} s)",
                num(run.rate),
                ratio(run.rate, consume),
                num(run.cpu, 1),
                ("meets" if done and (run.seconds or 0) < REPLAY_GOAL else "**does not meet**"),
            ]
        )
    return [
        "## Replay",
        "",
        "The events already on the discharge topic (patient.discharged envelopes from "
        "`handover_contracts` `wrap`/`encode`, produced straight onto "
        "`spec_for('patient.discharged').topic`), then a fresh responsibility service (new empty "
        "database) started as `make run` starts it, timed from its start until its inbox holds "
        f"every event. Ceiling: the broker's consume rate. Goal: < {REPLAY_GOAL:.0f} s.",
        "",
        *table(
            [
                "database",
                "events",
                "produce s",
                "ready s",
                "all in inbox s",
                "events/s",
                "ratio to consume",
                "CPU s",
                "goal",
            ],
            body,
        ),
        "",
    ]


def inprocess_section(results: Results) -> list[str]:
    lines: list[str] = []
    for run in results.inprocess:
        lines += [
            f"### {run.name[0].upper()}{run.name[1:]}",
            "",
            f"`{' '.join(run.command)}` ({num(run.seconds, 1)} s):",
            "",
            "```",
            run.output,
            "```",
            "",
        ]
    return ["## In process", "", *lines] if lines else []


def summary(results: Results) -> list[str]:
    http = results.http
    ceiling = http.rate if http else None
    by_kind = {s.kind: s for s in results.systems}
    kinds = [k for k in ("sqlite", "postgres") if k in by_kind]
    rows: list[list[str]] = []

    def row(label: str, cells: dict[str, str], reference: str) -> None:
        rows.append([label, *(cells.get(k, "—") for k in kinds), reference])

    row(
        "referral intake, req/s (wrk)",
        {
            k: f"{num(s.saturation.wrk.rate, 1)} ({ratio(s.saturation.wrk.rate, ceiling)})"
            for k, s in by_kind.items()
        },
        f"trivial POST {num(ceiling)} req/s",
    )
    row(
        "end to end at saturation, discharges/s",
        {
            k: (
                f"{num(s.saturation.care_requests / s.saturation.seconds, 1)} "
                f"({ratio(s.saturation.care_requests / s.saturation.seconds, ceiling)})"
                if s.saturation.seconds
                else "not stable"
            )
            for k, s in by_kind.items()
        },
        f"trivial POST {num(ceiling)} req/s",
    )
    row(
        "highest stable offered rate, /s",
        {k: highest_stable(s) for k, s in by_kind.items()},
        "offered: " + ", ".join(num(p.offered_rate) for p in results.systems[0].rates)
        if results.systems
        else "",
    )
    row(
        "POST → care request p50 / p99 ms at the lowest rate",
        {k: lowest_latency(s) for k, s in by_kind.items()},
        "ceiling p50 "
        + num(
            end_to_end_ceiling(results, results.systems[0].rates[0].offered_rate)
            if results.systems and results.systems[0].rates
            else None,
            1,
        )
        + " ms",
    )
    row(
        "CPU per discharge, ms (all processes)",
        {
            k: num(1000 * sum(s.cpu.per_process.values()) / max(s.cpu.discharges, 1), 1)
            for k, s in by_kind.items()
        },
        "trivial POST " + (num(http.cpu_ms_per_request, 3) if http else "—") + " ms/request",
    )
    row(
        "idle CPU, % of one core",
        {k: f"{s.idle.percent_of_core:.1f} %" for k, s in by_kind.items()},
        f"goal < {IDLE_GOAL:.0f} %",
    )
    replays = {r.kind: r for r in results.replays}
    row(
        f"replay of {num(results.replays[0].events) if results.replays else '—'} events, s",
        {
            k: num(r.seconds, 1) if r.seconds is not None else f"> {num(r.timeout)}"
            for k, r in replays.items()
        },
        f"goal < {REPLAY_GOAL:.0f} s; broker consumes "
        + (num(results.broker.consume_rate) if results.broker else "—")
        + " msg/s",
    )
    header = ["figure", *(NAMES[k] for k in kinds), "ceiling / goal"]
    extra = []
    for run in results.inprocess:
        if "decisions_per_second" in run.figures:
            extra.append(
                f"- decisions in process: {num(run.figures['decisions_per_second'])}/s "
                f"(ceiling: constructing the situations, "
                f"{num(run.figures.get('ceiling_per_second'))}/s)"
            )
        if "reports_per_second" in run.figures:
            extra.append(
                f"- invoice run: {num(run.figures.get('run_seconds'), 2)} s = "
                f"{num(run.figures['reports_per_second'])} reports/s (ceiling: one Decimal "
                f"sum per report, {num(run.figures.get('ceiling_per_second'))}/s)"
            )
    return ["## Summary", "", *table(header, rows), "", *extra, ""]


def highest_stable(system: SystemResults) -> str:
    stable = [p.offered_rate for p in system.rates if p.stable]
    return num(max(stable)) if stable else "none"


def lowest_latency(system: SystemResults) -> str:
    if not system.rates or not system.rates[0].stable or system.rates[0].end_to_end_ms is None:
        return "not stable"
    e2e: Percentiles = system.rates[0].end_to_end_ms
    return f"{num(e2e.p50)} / {num(e2e.p99)}"


def render(results: Results) -> str:
    meta = results.meta
    lines = [
        "# Benchmark results",
        "",
        f"`{meta['command']}` — {meta['when']}, commit {meta['commit']}, {meta['mode']} mode, "
        f"whole run {num(results.seconds)} s.",
        f"Machine: {meta['cpu']}, {meta['cores']} cores; Python {meta['python']}; load average "
        f"at the start {meta['load']}.",
        "",
        "Everything runs on 127.0.0.1 on this one machine (the load generators included). No "
        "figure is asserted on; each stands beside a ceiling measured in this same run. Other "
        "work on the machine during the run moves the figures; compare ratios, not runs.",
        "",
    ]
    if results.failures:
        lines += ["**Parts that failed in this run:**", ""]
        lines += [f"- {failure}" for failure in results.failures] + [""]
    lines += summary(results)
    lines += ["## Ceilings", ""]
    if results.http:
        lines += http_section(results.http)
    if results.broker:
        lines += broker_section(results.broker)
    for system in results.systems:
        lines += system_section(results, system)
    lines += replay_section(results)
    lines += inprocess_section(results)
    lines += [
        "## How it is measured",
        "",
        "- `bench/run.py` runs everything; `bench/README.md` describes the parts and the flags.",
        "- Stage times come from the rows each discharge leaves: referral's `discharge` "
        "(message id → patient reference), `outbox` (patient.discharged), responsibility's "
        "`inbox` and `outbox` (responsibility.decided), referral's `inbox` and "
        "`care_request.created_at`. All clocks are this machine's.",
        *(f"  - {label}: {what}" for label, what in STAGES),
        "- `sent_at` is stamped when a relay marks its whole batch sent, after the broker "
        "acknowledged every record in it; a consumer can have applied the event before, so a "
        "hop can come out negative. The `= relay + hop` rows do not depend on that stamp.",
        "- The single-hop figures are for one message alone, where the consumer's fetch waits "
        "out the broker's hold; under steady traffic a fetch often finds records already "
        "there, so a hop inside the system can take less than a long-wait figure.",
        "- CPU: utime + stime of each process from /proc/<pid>/stat (all threads), 10 ms "
        "resolution; the load generators run as their own processes and are not counted.",
        "",
    ]
    return "\n".join(lines)
