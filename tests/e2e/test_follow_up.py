"""Issue 9 sections 3, 4 and 5 through the running services: after the handover a medication
change reaches the municipality and is acknowledged, a SIP is called and held, and the discharge
from home care is acknowledged by the health centre, which completes the care request; every
event leaves through the outbox and reaches the notification service."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from typing import Any

import httpx
import pytest
from handover_common.launcher import LocalSystem

from tests.integration.test_follow_up_sip import MEETING_AT
from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23, NURSE_2380
from tests.support.kafka import eventually
from tests.support.people import discharge_body
from tests.support.system import running_system, scalar, url

pytestmark = pytest.mark.e2e
INDEX = 7300
NOTIFIED = (
    "medication-list.changed",
    "medication-list.acknowledged",
    "sip.called",
    "sip.held",
    "homecare.discharged",
    "homecare.discharge-acknowledged",
    "care-request.completed",
)


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    with running_system(tmp_path_factory.mktemp("follow-up")) as running:
        yield running


@pytest.fixture
async def referral(system: LocalSystem) -> Any:
    async with httpx.AsyncClient(
        base_url=url(system, "referral"), headers=HOSPITAL_23, timeout=30
    ) as client:
        yield client


async def ok(response: Any, status: int = 200) -> dict[str, Any]:
    answered = await response
    assert answered.status_code == status, answered.text
    return dict(answered.json())


async def enrolled_request(referral: httpx.AsyncClient) -> tuple[str, str]:
    """Discharge → decided by the real rules → care request the nurse enrols: (path, ref)."""
    posted = await ok(referral.post("/v1/discharges", json=discharge_body(INDEX)), 202)
    for _ in range(600):
        view = (await referral.get(f"/v1/discharges/{posted['discharge_id']}")).json()
        if view["care_request_id"]:
            break
        await asyncio.sleep(0.05)
    assert view["care_request_id"], view
    path = f"/v1/care-requests/{view['care_request_id']}"
    for step, body in (
        ("acknowledge", None),
        ("accept", None),
        ("enrol", {"enrolled_on": "2026-11-21"}),
    ):
        await ok(referral.post(f"{path}/{step}", json=body, headers=NURSE_2380))
    return path, str(posted["patient_ref"])


async def test_after_the_handover_through_the_running_services(
    system: LocalSystem, referral: httpx.AsyncClient
) -> None:
    path, ref = await enrolled_request(referral)
    request_id = path.rsplit("/", 1)[1]

    change = {
        "patient_ref": ref,
        "list_reference": "Cosmic läkemedelslista 2026-11-22 10:15",
        "changed_on": "2026-11-22",
        "summary": "Furosemid 40 mg utsatt.",
    }
    posted = await ok(
        referral.post("/v1/medication-list-changes", json=change, headers=HEALTH_CENTRE_23), 201
    )
    assert [r["municipality_code"] for r in posted["recipients"]] == ["2380"]
    seen = await ok(referral.get(f"{path}/medication", headers=NURSE_2380))
    assert [c["change_id"] for c in seen["unacknowledged"]] == [posted["change_id"]]
    await ok(
        referral.post(
            f"/v1/medication-list-changes/{posted['change_id']}/acknowledge", headers=NURSE_2380
        )
    )
    seen = await ok(referral.get(f"{path}/medication", headers=NURSE_2380))
    assert seen["unacknowledged"] == []
    assert seen["current"]["reference"] == change["list_reference"]

    sip = await ok(
        referral.post(
            "/v1/sip-meetings",
            json={"care_request_id": request_id, "meeting_at": MEETING_AT},
            headers=HEALTH_CENTRE_23,
        ),
        201,
    )
    invited = await ok(
        referral.get("/v1/sip-meetings", params={"patient_ref": ref}, headers=NURSE_2380)
    )
    assert [i["sip_id"] for i in invited["items"]] == [sip["sip_id"]]
    await ok(referral.post(f"/v1/sip-meetings/{sip['sip_id']}/held", headers=HEALTH_CENTRE_23))

    discharge = {
        "discharged_on": "2026-11-22",
        "reason": "needs-met",
        "summary": "Såret läkt; kan ta sig till vårdcentralen.",
    }
    await ok(referral.post(f"{path}/homecare-discharge", json=discharge, headers=NURSE_2380))
    waiting = await ok(
        referral.get(
            "/v1/homecare-discharges", params={"unacknowledged": "true"}, headers=HEALTH_CENTRE_23
        )
    )
    assert request_id in {i["care_request_id"] for i in waiting["items"]}
    acknowledged = await ok(
        referral.post(f"{path}/homecare-discharge/acknowledge", headers=HEALTH_CENTRE_23)
    )
    assert acknowledged["care_request_status"] == "completed"
    assert (await ok(referral.get(path, headers=NURSE_2380)))["status"] == "completed"

    for event_type in NOTIFIED:
        await eventually(partial(notified, system, ref, event_type), timeout=60)


def notified(system: LocalSystem, ref: str, event_type: str) -> bool:
    notices = (
        f"select count(*) from notice where patient_ref = '{ref}' and event_type = '{event_type}'"
    )
    return scalar(system, "notification", notices) >= 1
