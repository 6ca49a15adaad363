"""dispute.opened / dispute.resolved (GEN-DISPUTE): pseudonymous, on the responsibility topic,
and harmless to its consumers that do not handle them (billing, referral)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from handover_common.inbox import apply_once
from handover_contracts import EVENTS, Topics, decode, encode, payload_of, wrap
from handover_contracts.events import DisputeOpened, DisputeResolved
from sqlalchemy import create_engine

from tests.support.people import patient_ref

PR_D = patient_ref("dispute")
ABOUT = {
    "dispute_id": uuid.uuid4(),
    "decision_id": uuid.uuid4(),
    "patient_ref": PR_D,
    "region_code": "23",
    "municipality_code": "2380",
    "components": ["nursing"],
    "level": "individual",
    "arena": "responsible_managers",
}


def opened(**extra: object) -> DisputeOpened:
    return DisputeOpened.model_validate(
        {**ABOUT, "opened_by": "municipality:2380", "opened_on": date(2026, 11, 21), **extra}
    )


def resolved(**extra: object) -> DisputeResolved:
    dates = {"opened_on": date(2026, 11, 21), "resolved_on": date(2026, 11, 24)}
    return DisputeResolved.model_validate({**ABOUT, **dates, **extra})


@pytest.mark.parametrize("event_type", ["dispute.opened", "dispute.resolved"])
def test_the_dispute_events_are_version_1_on_the_responsibility_topic(event_type: str) -> None:
    spec = EVENTS[event_type]
    assert (spec.version, spec.topic) == (1, Topics.RESPONSIBILITY)


def test_no_free_text_or_person_travels_with_a_dispute() -> None:
    free_text = {"reason", "note", "statement", "positions", "resolved_by"}
    for model in (DisputeOpened, DisputeResolved):
        assert not free_text & set(model.model_fields)
    leaked = opened(reason="Anna Andersson, 19400101-1234, cannot walk")
    assert b"Anna" not in encode(wrap(leaked, producer="t", partition_key=PR_D, correlation_id="c"))
    assert leaked.rule_id == "GEN-DISPUTE"


def test_a_resolution_that_moves_nothing_round_trips() -> None:
    envelope = wrap(resolved(), producer="responsibility", partition_key=PR_D, correlation_id="c")
    back = payload_of(decode(encode(envelope)))
    assert isinstance(back, DisputeResolved) and back.moved == []
    moved = resolved(
        moved=[
            {
                "component": "nursing",
                "moved_from": {"kind": "municipality", "code": "2380"},
                "moved_to": {"kind": "region", "code": "23", "unit": "health_centre"},
            }
        ]
    )
    assert moved.moved[0].moved_to.code == "23"


def test_billing_and_referral_ignore_the_dispute_events() -> None:
    from billing.service_layer.handlers import EVENT_HANDLERS as billing
    from referral.service_layer.handlers import EVENT_HANDLERS as referral

    engine = create_engine("sqlite://")
    for payload in (opened(), resolved()):
        envelope = wrap(payload, producer="responsibility", partition_key=PR_D, correlation_id="c")
        for consumer, handlers in (("billing", billing), ("referral", referral)):
            assert apply_once(engine, consumer, envelope, handlers) == "ignored"
