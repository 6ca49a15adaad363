"""Agreement terms (issue 13 section 6, AG-RENEW) on SQLite and PostgreSQL: each part's term
end, notice deadline and renewal rule; a termination recorded per part by an agreement admin of
a party; decisions after the part's end answer that no agreement is in force for it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_common.tables import AuditEntry
from handover_contracts import wrap
from handover_contracts.events import PatientDischarged
from responsibility.adapters.orm import AgreementTerminationRow, DecisionRow
from responsibility.entrypoints import deps
from responsibility.service_layer.reevaluation import reevaluate_due
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from tests.support.identity import as_caller
from tests.support.outbox import published
from tests.support.people import MUNICIPAL_NURSING_CARE, patient_ref

pytestmark = pytest.mark.integration
ADMIN_2380 = as_caller("municipality:2380", "agreement-admin")
ADMIN_23 = as_caller("region:23", "agreement-admin")
ADMIN_13 = as_caller("region:13", "agreement-admin")
PALLIATIVE_CARE = {**MUNICIPAL_NURSING_CARE, "palliative_team_connected": True}
TERMINATION = "/v1/agreements/JH-2026/parts/{part}/termination"


@pytest.fixture
def client(responsibility_client: TestClient) -> Iterator[TestClient]:
    yield responsibility_client
    responsibility_client.app.dependency_overrides.clear()  # type: ignore[attr-defined]


@pytest.fixture
def engine(client: TestClient) -> Engine:
    return client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


def parts(client: TestClient, on: str | None = None, agreement: str = "JH-2026") -> dict[str, Any]:
    params = {"on": on} if on else {}
    shown = client.get(f"/v1/agreements/{agreement}", params=params)
    assert shown.status_code == 200, shown.text
    return {p["id"]: p for p in shown.json()["parts"]}


def notice(client: TestClient, part: str, headers: dict[str, str], **body: Any) -> Any:
    payload = {"noticed_on": "2026-06-01", "by": "municipality:2380", "reason": "new model"}
    return client.post(TERMINATION.format(part=part), json={**payload, **body}, headers=headers)


def counts(engine: Engine) -> tuple[int, int]:
    with Session(engine) as session:
        stored = session.exec(select(func.count()).select_from(AgreementTerminationRow)).one()
        audited = session.exec(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "record-termination")
        ).one()
    return stored, audited


def assessment(client: TestClient, on: str, care: dict[str, Any]) -> dict[str, Any]:
    body = {
        "decision_date": on,
        "region_code": "23",
        "registered_municipality_code": "2380",
        "age_years": 84,
        "care": care,
    }
    response = client.post("/v1/assessments", json=body)
    assert response.status_code == 200, response.text
    return {c["component"]: c for c in response.json()["components"]} | {
        "_valid_until": response.json()["valid_until"]
    }


def discharged_on(day: datetime) -> PatientDischarged:
    return PatientDischarged.model_validate(
        {
            "discharge_id": uuid.uuid4(),
            "patient_ref": patient_ref(),
            "region_code": "23",
            "registered_municipality_code": "2380",
            "age_years": 80,
            "hospital_unit": "avd 5",
            "admitted_at": day.replace(day=1),
            "discharged_at": day,
            "care": PALLIATIVE_CARE,
        }
    )


def test_AG_RENEW_agreements_show_each_parts_term_end_deadline_and_renewal_rule(client) -> None:
    page = client.get("/v1/agreements", params={"on": "2028-03-01"}).json()
    listed = {a["id"]: a for a in page["items"]}
    jh = {p["id"]: p for p in listed["JH-2026"]["parts"]}
    assert len(jh) == 8
    special = jh["special-housing"]
    assert special["renewal"] == {"rule": "AG-RENEW", "extend_years": 2, "notice_months": 12}
    assert (special["current_term_end"], special["next_notice_deadline"]) == (
        "2029-12-31",
        "2028-12-31",
    )
    assert (special["status"], special["ends_on"]) == ("renewing", None)
    joint = jh["joint-development"]
    assert (joint["renewal"], joint["status"], joint["ends_on"]) == (None, "ended", "2027-12-31")
    first_term = parts(client, on="2026-12-07")["special-housing"]
    assert (first_term["current_term_end"], first_term["next_notice_deadline"]) == (
        "2027-12-31",
        "2026-12-31",
    )
    assert client.get("/v1/agreements/XX-1").status_code == 404


def test_AG_RENEW_a_party_terminates_a_part_and_later_decisions_have_no_agreement_for_it(
    client, engine
) -> None:
    before = counts(engine)
    response = notice(client, "palliative", ADMIN_2380)
    assert response.status_code == 201, response.text
    part = response.json()["part"]
    assert (part["status"], part["ends_on"], part["next_notice_deadline"]) == (
        "terminated",
        "2027-12-31",
        None,
    )
    assert part["termination"]["by"] == "municipality:2380"
    assert counts(engine) == (before[0] + 1, before[1] + 1)
    assert parts(client, on="2028-03-01")["palliative"]["in_force"] is False

    still = assessment(client, "2027-06-01", PALLIATIVE_CARE)
    assert still["nursing"]["rule_ids"][-1] == "JH-PAL-2"
    assert still["_valid_until"] == "2027-12-31"
    after = assessment(client, "2028-03-01", PALLIATIVE_CARE)["nursing"]
    assert (after["status"], after["responsible"], after["rule_ids"][-1]) == (
        "not_covered",
        None,
        "AG-RENEW",
    )
    assert "no agreement in force" in after["explanation"][-1]
    ordinary = assessment(client, "2028-03-01", dict(MUNICIPAL_NURSING_CARE))["nursing"]
    assert ordinary["rule_ids"][-1] == "JH-OB"  # the other parts renew

    again = notice(client, "palliative", ADMIN_23, by="region:23")
    assert again.status_code == 409, again.text
    assert again.json()["errors"][0]["field"] == "part"
    assert counts(engine) == (before[0] + 1, before[1] + 1)


def test_AG_RENEW_a_standing_decision_is_re_evaluated_when_its_part_ends(client, engine) -> None:
    event = discharged_on(datetime(2027, 6, 1, 9, tzinfo=UTC))
    envelope = wrap(event, producer="referral", partition_key=event.patient_ref, correlation_id="c")
    handlers = client.app.state.runtime.handlers
    assert apply_once(engine, "responsibility", envelope, handlers) == "applied"
    response = notice(
        client, "special-housing", ADMIN_23, by="region:23"
    )  # not this decision's part
    assert response.status_code == 201, response.text
    with Session(engine) as session:
        row = session.exec(
            select(DecisionRow).where(DecisionRow.patient_ref == event.patient_ref)
        ).one()
    assert row.reevaluate_on == date(2028, 1, 1)  # the palliative part it relies on ends
    catalogue = client.app.state.catalogue
    assert reevaluate_due(engine, catalogue, date(2028, 1, 1)) >= 1
    decisions = published(engine, event.patient_ref, "responsibility.decided")
    assert [d["reason"] for d in decisions] == ["discharge", "re-evaluation"]
    nursing = next(c for c in decisions[1]["components"] if c["component"] == "nursing")
    assert nursing["responsible"] is None and nursing["rule_ids"][-1] == "AG-RENEW"


def test_AG_RENEW_a_late_notice_ends_the_term_after_the_next(client) -> None:
    client.app.dependency_overrides[deps.today] = lambda: date(2027, 2, 1)
    response = notice(
        client, "supplementary-amount", ADMIN_23, by="region:23", noticed_on="2027-01-15"
    )
    assert response.status_code == 201, response.text
    assert response.json()["missed_deadline"] == "2026-12-31"
    assert response.json()["part"]["ends_on"] == "2029-12-31"


@pytest.mark.parametrize(
    ("part", "headers", "body", "status", "field"),
    [
        pytest.param("joint-development", ADMIN_2380, {}, 422, "part", id="no-renewal-clause"),
        pytest.param("sight-hearing", ADMIN_2380, {"by": "region:23"}, 403, "by", id="not-own"),
        pytest.param(
            "sight-hearing", ADMIN_13, {"by": "region:13"}, 403, "agreement_id", id="not-party"
        ),
        pytest.param(
            "sight-hearing",
            ADMIN_2380,
            {"noticed_on": "2099-01-01"},
            422,
            "noticed_on",
            id="future",
        ),
        pytest.param("sight-hearing", ADMIN_2380, {"reason": ""}, 422, "reason", id="no-reason"),
        pytest.param("dental", ADMIN_2380, {}, 404, "part", id="unknown-part"),
    ],
)
def test_AG_RENEW_a_refused_notice_names_the_field_and_stores_nothing(
    client, engine, part, headers, body, status, field
) -> None:
    before = counts(engine)
    response = notice(client, part, headers, **body)
    assert response.status_code == status, response.text
    error = response.json()["errors"][0]
    assert error["field"] == field
    assert counts(engine) == before
    assert parts(client)["sight-hearing"]["termination"] is None
