"""Billing learns who bears the cost from decisions, and from dispute resolutions afterwards
(GEN-DISPUTE)."""

from __future__ import annotations

import uuid
from datetime import date

from handover_common.inbox import apply_once
from handover_contracts import wrap
from handover_contracts.events import (
    ComponentResponsibility,
    PartyRef,
    ResponsibilityDecided,
    ResponsibilityMoved,
)

from tests.integration.billing.conftest import OSTERSUND, REGION

MUNI = PartyRef.model_validate({"kind": "municipality", "code": "2380"})
HC = PartyRef.model_validate({"kind": "region", "code": "23", "unit": "health_centre"})


def deliver(client, payload, ref: str) -> None:
    envelope = wrap(payload, producer="responsibility", partition_key=ref, correlation_id="c")
    runtime = client.app.state.runtime
    assert apply_once(runtime.engine, "billing", envelope, runtime.handlers) == "applied"


def test_a_resolution_moves_the_cost_bearer_from_its_date(client) -> None:
    ref, decision_id = f"pr-{uuid.uuid4().hex[:8]}", uuid.uuid4()
    nursing = ComponentResponsibility.model_validate(
        {
            "component": "nursing",
            "status": "decided",
            "responsible": MUNI,
            "performer": MUNI,
            "cost_bearer": MUNI,
            "rule_ids": ["JH-OB"],
        }
    )
    unknown = ComponentResponsibility.model_validate(
        {
            "component": "aids",
            "status": "unknown",
            "rule_ids": ["JH-MTP"],
            "missing_facts": ["housing_form"],
        }
    )
    deliver(
        client,
        ResponsibilityDecided(
            decision_id=decision_id,
            discharge_id=uuid.uuid4(),
            patient_ref=ref,
            source_event_id=uuid.uuid4(),
            agreement_id="JH-2026",
            agreement_version="1",
            decided_on=date(2026, 11, 20),
            municipality_code="2380",
            components=[nursing, unknown],
            rule_ids=["JH-OB"],
        ),
        ref,
    )
    assert [
        r["component"] for r in client.get(f"/v1/responsibilities/{ref}", headers=OSTERSUND).json()
    ] == ["nursing"]
    deliver(
        client,
        ResponsibilityMoved(
            dispute_id=uuid.uuid4(),
            decision_id=decision_id,
            patient_ref=ref,
            component="nursing",
            moved_from=MUNI,
            moved_to=HC,
            effective_from=date(2026, 11, 24),
        ),
        ref,
    )
    region_rows = client.get(f"/v1/responsibilities/{ref}", headers=REGION).json()
    assert [(r["component"], r["valid_from"]) for r in region_rows] == [("nursing", "2026-11-24")]
    assert region_rows[0]["settles_dispute"] is not None
