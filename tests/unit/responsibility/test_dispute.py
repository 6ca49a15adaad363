"""GEN-DISPUTE as a pure state machine."""

from __future__ import annotations

from datetime import date

import pytest
from responsibility.domain import (
    Arena,
    CareComponent,
    DisputeLevel,
    DisputeState,
    DisputeTransitionError,
    PartyKind,
    Position,
    Resolution,
    decide,
    escalate,
    open_dispute,
    record_position,
    resolve,
)
from responsibility.domain.parties import region

from .builders import CATALOGUE, JH_MUNICIPAL

N = CareComponent.NURSING
DECISION = decide(JH_MUNICIPAL, CATALOGUE)
HC = region("23", None)


def test_GEN_DISPUTE_care_continues_under_the_current_decision() -> None:
    dispute = open_dispute(DECISION, frozenset({N}), "manager", "CFS disputed", date(2026, 3, 3))
    assert dispute.state is DisputeState.OPEN
    assert dispute.responsible_now(N) == DECISION.component(N).responsible
    dispute = record_position(dispute, Position("municipality 2380", "CFS is 4, not 6", HC))
    assert dispute.state is DisputeState.POSITIONS_RECORDED
    assert dispute.responsible_now(N) == DECISION.component(N).responsible


def test_GEN_DISPUTE_resolution_that_moves_responsibility_yields_an_event() -> None:
    dispute = open_dispute(DECISION, frozenset({N}), "manager", "CFS disputed", date(2026, 3, 3))
    dispute = record_position(dispute, Position("municipality 2380", "CFS is 4", HC))
    dispute = record_position(dispute, Position("region 23", "CFS is 6", None))
    resolved, moves = resolve(
        dispute, Resolution("both managers", date(2026, 3, 4), "CFS 4", ((N, HC),))
    )
    assert resolved.state is DisputeState.RESOLVED
    assert len(moves) == 1
    move = moves[0]
    assert move.moved_from is not None and move.moved_from.kind is PartyKind.MUNICIPALITY
    assert (move.moved_to, move.effective_from, move.rule_id) == (
        HC,
        date(2026, 3, 4),
        "GEN-DISPUTE",
    )
    assert move.decision_fingerprint == DECISION.fingerprint()
    assert resolved.responsible_now(N) == HC


def test_GEN_DISPUTE_resolution_that_upholds_yields_no_move() -> None:
    dispute = open_dispute(DECISION, frozenset({N}), "manager", "CFS disputed", date(2026, 3, 3))
    dispute = record_position(dispute, Position("region 23", "CFS is 6"))
    current = DECISION.component(N).responsible
    assert current is not None
    _, moves = resolve(dispute, Resolution("managers", date(2026, 3, 4), "upheld", ((N, current),)))
    assert moves == ()


@pytest.mark.parametrize(
    "action",
    [
        pytest.param("resolve-without-positions", id="GEN-DISPUTE-resolve-before-positions"),
        pytest.param("position-after-resolution", id="GEN-DISPUTE-position-after-resolution"),
        pytest.param("resolve-twice", id="GEN-DISPUTE-resolve-twice"),
        pytest.param("resolve-undisputed", id="GEN-DISPUTE-resolve-undisputed-component"),
        pytest.param("escalate-individual", id="GEN-DISPUTE-individual-not-escalated"),
    ],
)
def test_GEN_DISPUTE_illegal_transitions(action: str) -> None:
    dispute = open_dispute(DECISION, frozenset({N}), "manager", "CFS disputed", date(2026, 3, 3))
    done = Resolution("managers", date(2026, 3, 4), "ok")
    with pytest.raises(DisputeTransitionError):
        if action == "resolve-without-positions":
            resolve(dispute, done)
        dispute = record_position(dispute, Position("region 23", "CFS is 6"))
        if action == "resolve-undisputed":
            resolve(dispute, Resolution("m", date(2026, 3, 4), "x", ((CareComponent.AIDS, HC),)))
        if action == "escalate-individual":
            escalate(dispute)
        resolved, _ = resolve(dispute, done)
        if action == "position-after-resolution":
            record_position(resolved, Position("municipality", "more"))
        if action == "resolve-twice":
            resolve(resolved, done)


def test_GEN_DISPUTE_open_needs_who_why_and_decided_components() -> None:
    with pytest.raises(DisputeTransitionError):
        open_dispute(DECISION, frozenset({N}), " ", "why", date(2026, 3, 3))
    with pytest.raises(DisputeTransitionError):
        open_dispute(DECISION, frozenset(), "who", "why", date(2026, 3, 3))


def test_GEN_DISPUTE_organisational_disputes_escalate_local_then_county() -> None:
    dispute = open_dispute(
        DECISION,
        frozenset({N}),
        "manager",
        "threshold reading",
        date(2026, 3, 3),
        DisputeLevel.ORGANISATIONAL,
    )
    assert dispute.arena is Arena.RESPONSIBLE_MANAGERS
    dispute = escalate(dispute)
    assert dispute.arena is Arena.LOCAL_ARENA
    dispute = escalate(dispute)
    assert dispute.arena is Arena.COUNTY_ARENA
    with pytest.raises(DisputeTransitionError):
        escalate(dispute)
