"""The whole system as processes over the real broker: every discharge → one care request."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from handover_common.launcher import LocalSystem

from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23, NURSE_2326, NURSE_2380, as_caller
from tests.support.kafka import eventually
from tests.support.people import direct_care_request_body, discharge_body
from tests.support.system import running_system, scalar, url

pytestmark = pytest.mark.e2e
DISCHARGES = 200
OUTPATIENT_23 = as_caller("region:23", "specialised-outpatient")


@pytest.fixture(scope="module")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSystem]:
    with running_system(tmp_path_factory.mktemp("system")) as running:
        yield running


async def post_discharges(system: LocalSystem, indices: range) -> list[str]:
    async with httpx.AsyncClient(
        base_url=url(system, "referral"), timeout=30, headers=HOSPITAL_23
    ) as client:
        semaphore = asyncio.Semaphore(20)

        async def post(index: int) -> str:
            async with semaphore:
                response = await client.post("/v1/discharges", json=discharge_body(index))
            assert response.status_code == 202, response.text
            return str(response.json()["discharge_id"])

        return list(await asyncio.gather(*(post(i) for i in indices)))


async def test_200_discharges_give_exactly_200_care_requests(system: LocalSystem) -> None:
    ids = await post_discharges(system, range(DISCHARGES))
    assert len(set(ids)) == DISCHARGES
    await eventually(
        lambda: scalar(system, "referral", "select count(*) from care_request") >= DISCHARGES,
        timeout=120,
    )
    notices = "select count(*) from notice where event_type = 'care-request.created'"
    await eventually(lambda: scalar(system, "notification", notices) >= DISCHARGES, timeout=60)
    assert scalar(system, "referral", "select count(*) from care_request") == DISCHARGES
    per_discharge = "select count(distinct discharge_id) from care_request"
    assert scalar(system, "referral", per_discharge) == DISCHARGES
    assert scalar(system, "responsibility", "select count(*) from decision") == DISCHARGES
    assert scalar(system, "notification", notices) == DISCHARGES


async def test_a_care_request_is_visible_to_its_municipality_only(system: LocalSystem) -> None:
    [discharge_id] = await post_discharges(system, range(DISCHARGES, DISCHARGES + 1))
    region = HOSPITAL_23
    async with httpx.AsyncClient(base_url=url(system, "referral")) as client:
        for _ in range(600):
            body = (await client.get(f"/v1/discharges/{discharge_id}", headers=region)).json()
            if body["care_request_id"]:
                break
            await asyncio.sleep(0.05)
        request_id = body["care_request_id"]
        assert request_id, body
        own = await client.get(f"/v1/care-requests/{request_id}", headers=NURSE_2380)
        other = await client.get(f"/v1/care-requests/{request_id}", headers=NURSE_2326)
        anonymous = await client.get(f"/v1/care-requests/{request_id}")
    assert own.status_code == 200
    assert own.json()["components"] == ["nursing"]
    assert own.json()["status"] == "requested"
    assert other.status_code == 404
    assert anonymous.status_code == 401
    assert anonymous.json()["errors"][0]["field"] == "Authorization"
    audited = "select count(*) from audit_log where organisation = 'municipality:2380'"
    assert scalar(system, "referral", audited) >= 1
    refused = "select count(*) from audit_log where organisation = 'municipality:2326'"
    assert scalar(system, "referral", f"{refused} and outcome = 'refused'") == 1


async def test_each_way_in_ends_as_a_request_the_municipality_reads_in_full(
    system: LocalSystem,
) -> None:
    """Issue 8: hospital discharge, primary care and specialised outpatient care."""
    senders = [
        ("/v1/discharges", HOSPITAL_23, discharge_body(DISCHARGES + 10)),
        ("/v1/care-requests", HEALTH_CENTRE_23, direct_care_request_body(DISCHARGES + 11)),
        ("/v1/care-requests", OUTPATIENT_23, direct_care_request_body(DISCHARGES + 12)),
    ]
    async with httpx.AsyncClient(base_url=url(system, "referral"), timeout=30) as client:
        for path, sender, body in senders:
            posted = await client.post(path, json=body, headers=sender)
            assert posted.status_code == 202, posted.text
            view = await _decided(client, posted.json()["discharge_id"], sender)
            request = f"/v1/care-requests/{view['care_request_id']}"
            full = (await client.get(request, headers=NURSE_2380)).json()
            assert full["patient"]["name"] == {"given": "Ingrid", "family": "Olsson"}
            assert full["way_in"] == view["way_in"]
            assert len(full["interventions"]) == 2
            assert (await client.get(request, headers=NURSE_2326)).status_code == 404
    assert {v for v in _ways(system)} >= {
        "hospital-discharge",
        "primary-care",
        "specialised-outpatient",
    }


async def _decided(
    client: httpx.AsyncClient, referral_id: str, sender: dict[str, str]
) -> dict[str, Any]:
    for _ in range(600):
        view = (await client.get(f"/v1/referrals/{referral_id}", headers=sender)).json()
        if view["care_request_id"]:
            return dict(view)
        await asyncio.sleep(0.05)
    raise AssertionError(f"no care request for {referral_id}: {view}")


def _ways(system: LocalSystem) -> list[str]:
    path = system.data_dir / "referral.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [row[0] for row in db.execute("select distinct way_in from care_request")]
