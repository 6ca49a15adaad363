"""Issue 9 through the running services: a corrected discharge is decided again and the care
request follows; a cancelled discharge voids its request; a readmission pauses home care and
the next discharge resumes it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from handover_common.launcher import LocalSystem

from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23, NURSE_2380
from tests.support.people import discharge_body
from tests.support.system import running_system, url

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    with running_system(tmp_path_factory.mktemp("lifecycle")) as running:
        yield running


@pytest.fixture
async def referral(system: LocalSystem) -> Any:
    async with httpx.AsyncClient(
        base_url=url(system, "referral"), headers=HOSPITAL_23, timeout=30
    ) as client:
        yield client


async def until(check: Any, what: str) -> Any:
    for _ in range(400):
        if (found := await check()) is not None:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"never: {what}")


async def care_request_of(referral: httpx.AsyncClient, discharge_id: str) -> str:
    async def ready() -> str | None:
        view = (await referral.get(f"/v1/discharges/{discharge_id}")).json()
        return f"/v1/care-requests/{view['care_request_id']}" if view["care_request_id"] else None

    return str(await until(ready, f"a care request for {discharge_id}"))


async def status_becomes(referral: httpx.AsyncClient, path: str, wanted: str) -> None:
    async def check() -> bool | None:
        status = (await referral.get(path, headers=NURSE_2380)).json()["status"]
        return True if status == wanted else None

    await until(check, f"{path} {wanted}")


async def test_a_corrected_discharge_withdraws_a_request_the_rules_no_longer_give(referral) -> None:
    posted = (await referral.post("/v1/discharges", json=discharge_body(7100))).json()
    path = await care_request_of(referral, posted["discharge_id"])
    corrected = discharge_body(7100, reason="she can walk to the health centre after all")
    corrected["care"]["can_reach_health_centre"] = True  # JH-OB-4 no longer met
    response = await referral.post(
        f"/v1/discharges/{posted['discharge_id']}/correction", json=corrected
    )
    assert response.status_code == 202, response.text
    await status_becomes(referral, path, "cancelled")
    view = (await referral.get(f"/v1/discharges/{posted['discharge_id']}")).json()
    assert view["version"] == 2
    assert view["outcome"] == "region-responsible"


async def test_a_cancelled_discharge_voids_its_care_request(referral) -> None:
    posted = (await referral.post("/v1/discharges", json=discharge_body(7101))).json()
    path = await care_request_of(referral, posted["discharge_id"])
    cancelled = await referral.post(
        f"/v1/discharges/{posted['discharge_id']}/cancellation", json={"reason": "wrong patient"}
    )
    assert cancelled.status_code == 202
    await status_becomes(referral, path, "entered-in-error")


async def test_readmission_pauses_and_the_discharge_resumes_home_care(referral) -> None:
    posted = (await referral.post("/v1/discharges", json=discharge_body(7102))).json()
    path = await care_request_of(referral, posted["discharge_id"])
    for answer, body in (
        ("acknowledge", None),
        ("accept", None),
        ("enrol", {"enrolled_on": "2026-11-21"}),
    ):
        response = await referral.post(f"{path}/{answer}", json=body, headers=NURSE_2380)
        assert response.status_code == 200, response.text
    admission = {
        "stay_id": "e2e-readmission",
        "patient": {
            k: discharge_body(7102)["patient"][k]
            for k in ("personnummer", "registered_municipality_code")
        },
        "region_code": "23",
        "hospital_unit": "Östersunds sjukhus, medicin avd 5",
        "admitted_at": "2026-12-01T08:00:00+01:00",
        "notice_sent_at": "2026-12-01T09:00:00+01:00",
    }
    assert (await referral.post("/v1/admissions", json=admission)).status_code == 202
    await status_becomes(referral, path, "on-hold")
    again = discharge_body(
        7102,
        stay_id="e2e-readmission",
        admitted_at="2026-12-01T08:00:00+01:00",
        discharged_at="2026-12-05T10:00:00+01:00",
    )
    again["medication_list"]["established_on"] = "2026-12-05"
    second = (await referral.post("/v1/discharges", json=again)).json()
    await status_becomes(referral, path, "in-progress")
    assert await care_request_of(referral, second["discharge_id"]) == path, "no second request"
    current = (await referral.get(path, headers=NURSE_2380)).json()
    assert current["medication_list"]["established_on"] == "2026-12-05"


async def test_the_sip_deadline_is_met_by_a_call_in_time_and_missed_without_one(
    referral,
) -> None:
    """LAW-SIP3 through the running services: the readiness notices were sent five days ago,
    so by the real clock one stay's deadline passed unmet and the other's was met in time."""
    sent = datetime.now(UTC) - timedelta(days=5)
    for index, stay in ((7103, "e2e-sip-met"), (7104, "e2e-sip-missed")):
        admission = {
            "stay_id": stay,
            "patient": {
                k: discharge_body(index)["patient"][k]
                for k in ("personnummer", "registered_municipality_code")
            },
            "region_code": "23",
            "hospital_unit": "Östersunds sjukhus, medicin avd 5",
            "admitted_at": (sent - timedelta(days=2)).isoformat(),
            "notice_sent_at": (sent - timedelta(days=2)).isoformat(),
        }
        assert (await referral.post("/v1/admissions", json=admission)).status_code == 202
        ready = {
            "ready_at": sent.isoformat(),
            "notice_sent_at": sent.isoformat(),
            "sip_needed": True,
        }
        assert (await referral.post(f"/v1/stays/{stay}/ready", json=ready)).status_code == 202
    call = {
        "stay_id": "e2e-sip-met",
        "called_at": (sent + timedelta(days=1)).isoformat(),
        "meeting_at": (sent + timedelta(days=3)).isoformat(),
        "invited": ["municipality:2380"],
    }
    called = await referral.post("/v1/sip-meetings", json=call, headers=HEALTH_CENTRE_23)
    assert called.status_code == 201, called.text
    states = {}
    for stay in ("e2e-sip-met", "e2e-sip-missed"):
        case = (await referral.get(f"/v1/stays/{stay}/deadlines")).json()
        states[stay] = {d["rule_id"]: d["state"] for d in case["deadlines"]}["LAW-SIP3"]
    assert states == {"e2e-sip-met": "met", "e2e-sip-missed": "missed"}
