"""Set-up shared by the follow-up tests (issue 9 sections 3, 4 and 5); no tests here.

Care requests go through referral's API; a faked responsibility.decided addresses each to the
municipality a test names, so one patient can have requests in two municipalities."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_contracts import wrap
from handover_contracts.events import ResponsibilityDecided
from httpx import Response
from referral.service_layer.handlers import EVENT_HANDLERS
from sqlalchemy import Engine, text
from sqlmodel import Session

from tests.support.identity import HOSPITAL_23, as_caller
from tests.support.people import discharge_body

REGION = {"kind": "region", "code": "23"}
ENROLLED_ON = "2026-11-21"
FOLLOW_UP_TABLES = (
    "homecare_discharge",
    "medication_change",
    "medication_change_recipient",
    "sip_meeting",
    "sip_invitation",
    "outbox",
    "care_request_transition",
)


def nurse(municipality: str) -> dict[str, str]:
    return as_caller(f"municipality:{municipality}", "municipal-nurse")


def _component(name: str, party: dict[str, str], rule: str) -> dict[str, object]:
    return {
        "component": name,
        "status": "decided",
        "responsible": party,
        "performer": party,
        "cost_bearer": party,
        "rule_ids": [rule],
    }


def decide_for(engine: Engine, accepted: dict[str, str], municipality: str) -> None:
    """responsibility.decided: nursing for ``municipality``, the physician for the region."""
    components = [
        _component("nursing", {"kind": "municipality", "code": municipality}, "JH-OB"),
        _component("physician", REGION, "GEN-DOC"),
    ]
    decided = ResponsibilityDecided.model_validate(
        {
            "decision_id": uuid.uuid4(),
            "discharge_id": accepted["discharge_id"],
            "patient_ref": accepted["patient_ref"],
            "source_event_id": uuid.uuid4(),
            "agreement_id": "JH-2026",
            "agreement_version": "2026.1",
            "decided_on": date(2026, 11, 20),
            "municipality_code": municipality,
            "components": components,
            "rule_ids": ["GEN-DOC", "JH-OB"],
        }
    )
    envelope = wrap(
        decided, producer="responsibility", partition_key=decided.patient_ref, correlation_id="c"
    )
    assert apply_once(engine, "referral", envelope, EVENT_HANDLERS) == "applied"


def care_request(
    client: TestClient, engine: Engine, index: int, municipality: str = "2380"
) -> tuple[str, str]:
    """A hospital discharge of patient ``index`` addressed to ``municipality``: (id, patient_ref).
    The same index twice is the same patient (the same personnummer)."""
    posted = client.post("/v1/discharges", json=discharge_body(index), headers=HOSPITAL_23)
    assert posted.status_code == 202, posted.text
    accepted = posted.json()
    decide_for(engine, accepted, municipality)
    view = client.get(f"/v1/discharges/{accepted['discharge_id']}", headers=HOSPITAL_23).json()
    assert view["care_request_id"], view
    return str(view["care_request_id"]), str(accepted["patient_ref"])


def enrol(client: TestClient, care_request_id: str, municipality: str = "2380") -> None:
    """The municipality acknowledges, accepts and enrols: the request is in progress."""
    base = f"/v1/care-requests/{care_request_id}"
    steps = [("acknowledge", None), ("accept", None), ("enrol", {"enrolled_on": ENROLLED_ON})]
    for step, body in steps:
        answered = client.post(f"{base}/{step}", json=body, headers=nurse(municipality))
        assert answered.status_code == 200, answered.text


def stored(engine: Engine) -> dict[str, int]:
    """Rows in the tables the follow-up flows write, to show a refusal stored nothing."""
    with Session(engine) as session:
        return {
            table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in FOLLOW_UP_TABLES
        }


def rule_of(response: Response) -> tuple[int, str, str]:
    """(status, field, rule) of a refusal."""
    error = response.json()["errors"][0]
    return response.status_code, error["field"], error["rule"]
