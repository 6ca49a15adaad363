"""Issue 11: between full sweeps the deadline watch judges only the cases in which something
can have changed — something happened to the patient (referral's outbox names them), a
pending deadline fell due, or publishing failed last time — and publishes what a full sweep
publishes (issue 12 section 2)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from referral.service_layer.deadline_watch import Watch, sweep
from referral.service_layer.deadline_watch.cases import CaseRef
from sqlalchemy import Engine, event

from tests.support.deadline_cases import (
    PAY_DUE,
    READY_SENT,
    SIP_DUE,
    call_sip,
    events,
    failing_to_publish,
    ready_stay,
)

pytestmark = pytest.mark.integration
watch_module = importlib.import_module("referral.service_layer.deadline_watch.watch")
A_YEAR = timedelta(days=365)


@pytest.fixture
def judged(monkeypatch) -> list[list[CaseRef]]:
    """The cases each sweep judged; on PostgreSQL without the commit margin (its own test)."""
    monkeypatch.setattr(watch_module, "COMMIT_MARGIN", timedelta(0))
    seen: list[list[CaseRef]] = []
    original = watch_module.judge

    def judge(engine: Engine, refs: Sequence[CaseRef], *rest: Any) -> Any:
        seen.append(list(refs))
        return original(engine, refs, *rest)

    monkeypatch.setattr(watch_module, "judge", judge)
    return seen


def stays(refs: list[CaseRef]) -> set[str]:
    return {ref.id for ref in refs if ref.kind == "stay"}


def test_between_full_sweeps_only_touched_and_due_cases_are_judged(
    client, engine, clock, judged
) -> None:
    quiet, quiet_patient = ready_stay(client, 9601)
    called, called_patient = ready_stay(client, 9602)
    watch = Watch(full_every=A_YEAR)
    clock.now = READY_SENT + timedelta(hours=1)
    watch.sweep(engine, clock())  # the first sweep is full
    assert {quiet, called} <= stays(judged[-1])

    watch.sweep(engine, clock())  # nothing happened, nothing fell due
    assert judged[-1] == []

    call_sip(client, called, READY_SENT + timedelta(hours=2))  # LAW-SIP3 met in time
    watch.sweep(engine, clock())
    assert stays(judged[-1]) == {called}
    [met] = events(engine, called_patient, "deadline.met", "LAW-SIP3")
    assert met["late"] is False

    clock.now = PAY_DUE - timedelta(hours=1)  # days later, nothing due yet
    watch.sweep(engine, clock())
    assert judged[-1] == []

    clock.now = SIP_DUE + timedelta(minutes=1)  # both payment clocks and one SIP fell due
    watch.sweep(engine, clock())
    assert {quiet, called} <= stays(judged[-1])
    assert len(events(engine, quiet_patient, "deadline.missed", "LAW-SIP3")) == 1
    assert not events(engine, called_patient, "deadline.missed", "LAW-SIP3")
    assert sweep(engine, clock()) == 0  # a full sweep finds nothing the watch left


def test_a_case_that_failed_to_publish_is_judged_again_next_sweep(
    client, engine, clock, judged
) -> None:
    failing, patient = ready_stay(client, 9611)
    watch = Watch(full_every=A_YEAR)
    watch.sweep(engine, clock())
    clock.now = SIP_DUE + timedelta(hours=1)
    with failing_to_publish(failing):
        watch.sweep(engine, clock())
    assert not events(engine, patient, "deadline.missed", "LAW-SIP3")

    clock.now = SIP_DUE + timedelta(hours=2)
    watch.sweep(engine, clock())
    assert failing in stays(judged[-1])
    assert len(events(engine, patient, "deadline.missed", "LAW-SIP3")) == 1


def test_a_full_sweep_comes_round_and_a_forgetting_watch_starts_with_one(
    client, engine, clock, judged
) -> None:
    stay, _ = ready_stay(client, 9621)
    watch = Watch(full_every=timedelta(hours=1))
    watch.sweep(engine, clock())
    watch.sweep(engine, clock())
    assert judged[-1] == []
    clock.now += timedelta(hours=1)
    watch.sweep(engine, clock())
    assert stay in stays(judged[-1])  # full again

    watch.forget()  # the lease went elsewhere and came back
    watch.sweep(engine, clock())
    assert stay in stays(judged[-1])
    clock.now -= timedelta(minutes=5)  # a clock set back
    watch.sweep(engine, clock())
    assert stay in stays(judged[-1])


def test_on_postgresql_what_happened_in_the_last_minute_is_looked_at_again(
    client, engine, clock, judged, monkeypatch
) -> None:
    """PostgreSQL numbers outbox rows as they are written, not as they commit: a row numbered
    below the last one seen may commit later, so the rows of the last minute are read again.
    SQLite commits them in order: once is enough."""
    monkeypatch.setattr(watch_module, "COMMIT_MARGIN", timedelta(seconds=60))
    watch = Watch(full_every=A_YEAR)
    watch.sweep(engine, clock())
    stay, _ = ready_stay(client, 9631)
    watch.sweep(engine, clock())
    assert stay in stays(judged[-1])
    watch.sweep(engine, clock())
    assert (stay in stays(judged[-1])) is (engine.dialect.name == "postgresql")


def test_a_sweep_reads_no_referral_care_facts_decision_or_missing_facts(
    client, engine, clock
) -> None:
    """Issue 11: their JSON was a quarter of a sweep, and a timeline never reads them."""
    ready_stay(client, 9651)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    clock.now = READY_SENT + timedelta(hours=1)
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert Watch(full_every=A_YEAR).sweep(engine, clock()) >= 0
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "discharge." in s]
    assert reads, "the sweep read no referral"
    for read in reads:
        selected = {c.strip() for c in read.split(" FROM ")[0].removeprefix("SELECT").split(",")}
        assert not selected & {"discharge.care", "discharge.decision", "discharge.missing_facts"}
