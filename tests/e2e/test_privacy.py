"""After a full run through every service, no personnummer is anywhere but referral's tables:
not in another service's table, not on any topic (dead letters included), not in any log line."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from handover_common.launcher import SERVICES, LocalSystem
from handover_contracts import ALL_TOPICS, dead_letter_topic

from tests.support.identity import HOSPITAL_23, NURSE_2380, as_caller
from tests.support.kafka import eventually, read_everything
from tests.support.people import discharge_body, synthetic_personnummer
from tests.support.system import log_of, running_system, scalar, url

pytestmark = pytest.mark.e2e
PATIENTS = 12
FIRST = 5000  # personnummer of this module's patients only


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    with running_system(tmp_path_factory.mktemp("privacy")) as running:
        yield running


def admission(index: int) -> dict[str, object]:
    body = discharge_body(FIRST + index)
    return {
        "stay_id": f"stay-{index}",
        "patient": body["patient"],
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": "2026-11-12T08:30:00+01:00",
        "notice_sent_at": "2026-11-12T14:00:00+01:00",
    }


async def hospital_sends_everything(referral: httpx.AsyncClient) -> list[str]:
    discharges = []
    for index in range(PATIENTS):
        assert (await referral.post("/v1/admissions", json=admission(index))).status_code == 202
        ready = {
            "ready_at": "2026-11-18T09:00:00+01:00",
            "notice_sent_at": "2026-11-18T10:00:00+01:00",
        }
        assert (await referral.post(f"/v1/stays/stay-{index}/ready", json=ready)).status_code == 202
        body = discharge_body(FIRST + index, stay_id=f"stay-{index}")
        response = await referral.post("/v1/discharges", json=body)
        assert response.status_code == 202, response.text
        discharges.append(response.json()["discharge_id"])
    return discharges


async def municipality_answers_everything(referral: httpx.AsyncClient) -> None:
    listed = (await referral.get("/v1/care-requests", headers=NURSE_2380)).json()["items"]
    for request in listed:
        base = f"/v1/care-requests/{request['id']}"
        for answer in ("acknowledge", "accept"):
            assert (await referral.post(f"{base}/{answer}", headers=NURSE_2380)).status_code == 200
        enrolled = {"enrolled_on": "2026-11-21"}
        await referral.post(f"{base}/enrol", json=enrolled, headers=NURSE_2380)


async def a_personnummer_sent_to_billing_is_refused(system: LocalSystem) -> None:
    report = {
        "report_id": "privacy-1",
        "kind": "staff-rental",
        "performer_code": "2380",
        "counterparty_code": "23",
        "responsible_code": "23",
        "patient_ref": synthetic_personnummer(FIRST),
        "task_type": "wound-care",
        "started_at": "2026-03-02T09:00:00+01:00",
        "ended_at": "2026-03-02T10:30:00+01:00",
        "intervention_minutes": 60,
    }
    finance = as_caller("municipality:2380", "finance")
    async with httpx.AsyncClient(base_url=url(system, "billing"), headers=finance) as billing:
        response = await billing.post("/v1/work-reports", json=report)
    assert response.status_code == 422
    assert response.json()["errors"][0]["rule"] == "PATIENT-REF"


async def test_no_personnummer_leaves_referral_after_a_full_run(system: LocalSystem) -> None:
    async with httpx.AsyncClient(
        base_url=url(system, "referral"), headers=HOSPITAL_23, timeout=30
    ) as referral:
        await hospital_sends_everything(referral)
        requests = "select count(*) from care_request"
        await eventually(lambda: scalar(system, "referral", requests) >= PATIENTS, timeout=90)
        await municipality_answers_everything(referral)
    await a_personnummer_sent_to_billing_is_refused(system)
    enrolled = "select count(*) from notice where event_type = 'homecare.enrolled'"
    await eventually(lambda: scalar(system, "notification", enrolled) >= PATIENTS, timeout=60)

    numbers = [synthetic_personnummer(FIRST + i) for i in range(PATIENTS)]
    forms = [form.encode() for n in numbers for form in (n, n.replace("-", ""), n[2:])]
    for service in set(SERVICES) - {"referral"}:
        database = (system.data_dir / f"{service}.db").read_bytes()
        assert not [f for f in forms if f in database], f"a personnummer in {service}'s tables"
    for service in SERVICES:
        logs = log_of(system, service).encode()
        assert not [f for f in forms if f in logs], f"a personnummer in {service}'s log"
    topics = [*ALL_TOPICS, *(dead_letter_topic(s) for s in SERVICES)]
    records = await read_everything(system.broker.bootstrap_servers, topics)  # type: ignore[union-attr]
    assert len(records) > PATIENTS * 6
    assert not [r for r in records for f in forms if f in r], "a personnummer on a topic"
    await asyncio.sleep(0)
