"""Issue 9: corrected and cancelled stay notices replace what the payment clock had (LAW-PAY)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from billing.adapters.work_tables import StayEventRow
from billing.service_layer.handlers import EVENT_HANDLERS
from handover_common.inbox import apply_batch, apply_once
from handover_contracts.lifecycle_events import (
    PatientAdmissionCancelled,
    PatientAdmissionCorrected,
)
from handover_contracts.stay_events import (
    PatientAdmitted,
    PatientReadinessCancelled,
    PatientReadyForDischarge,
)
from sqlmodel import Session, col, select

from tests.integration.billing.test_distribution_runs import stay

pytestmark = pytest.mark.integration
ADMITTED = datetime.fromisoformat("2026-03-01T08:00:00+01:00")
READY = datetime.fromisoformat("2026-03-10T09:00:00+01:00")


def apply(engine: Any, *envelopes: Any) -> None:
    for envelope in envelopes:
        assert apply_once(engine, "billing", envelope, EVENT_HANDLERS) == "applied"


def facts(engine: Any, stay_id: str) -> dict[str, datetime]:
    with Session(engine) as session:
        rows = session.exec(select(StayEventRow).where(col(StayEventRow.stay_id) == stay_id))
        return {row.event_type: row.at for row in rows}


LATER = ADMITTED.replace(hour=9)


def admitted_ready_corrected(stay_id: str) -> list[Any]:
    """An admission, its readiness, then the admission corrected to an hour later."""
    return [
        stay(PatientAdmitted, stay_id, admitted_at=ADMITTED, notice_sent_at=ADMITTED),
        stay(PatientReadyForDischarge, stay_id, ready_at=READY, notice_sent_at=READY),
        stay(
            PatientAdmissionCorrected,
            stay_id,
            admitted_at=LATER,
            notice_sent_at=LATER,
            version=2,
            reason="wrong hour",
        ),
    ]


def test_a_correction_in_the_same_batch_replaces_the_facts_queued_before_it(engine) -> None:
    """A consumer batch inserts its facts as it commits (issue 11): a correction later in the
    same batch still replaces the admission an earlier event of it brought."""
    batch = admitted_ready_corrected("fix-batch")
    assert apply_batch(engine, "billing", batch, EVENT_HANDLERS) == ["applied"] * 3
    with Session(engine) as session:
        query = select(StayEventRow).where(col(StayEventRow.stay_id) == "fix-batch")
        rows = sorted((row.event_type, row.at) for row in session.exec(query))
    admissions = [at for kind, at in rows if kind == "admitted"]
    assert admissions == [LATER], "the first admission is gone, not kept beside its correction"
    assert len(rows) == 3


def test_a_corrected_admission_replaces_the_admission_facts(engine) -> None:
    apply(engine, *admitted_ready_corrected("fix-1"))
    known = facts(engine, "fix-1")
    assert known["admitted"] == LATER
    assert known["ready-notice-sent"] == READY
    assert len(known) == 3


def test_an_admission_entered_in_error_leaves_no_stay(engine) -> None:
    apply(
        engine,
        stay(PatientAdmitted, "fix-2", admitted_at=ADMITTED, notice_sent_at=ADMITTED),
        stay(PatientAdmissionCancelled, "fix-2", cancelled_at=READY, reason="wrong patient"),
    )
    assert facts(engine, "fix-2") == {}


def test_a_readiness_notice_entered_in_error_never_started_the_clock(engine) -> None:
    apply(
        engine,
        stay(PatientAdmitted, "fix-3", admitted_at=ADMITTED, notice_sent_at=ADMITTED),
        stay(PatientReadyForDischarge, "fix-3", ready_at=READY, notice_sent_at=READY),
        stay(
            PatientReadinessCancelled,
            "fix-3",
            cancelled_at=READY,
            reason="sent for the wrong stay",
            entered_in_error=True,
        ),
    )
    assert set(facts(engine, "fix-3")) == {"admitted", "admission-notice-sent"}
