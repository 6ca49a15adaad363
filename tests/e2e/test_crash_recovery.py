"""SIGKILL the responsibility service mid-stream: no decision lost, none made twice."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.e2e.test_discharge_flow import post_discharges
from tests.support.kafka import eventually
from tests.support.system import running_system, scalar

pytestmark = pytest.mark.e2e
TOTAL = 400
DECISIONS = "select count(*) from decision"


async def test_killing_responsibility_mid_stream_loses_and_duplicates_nothing(
    tmp_path: Path,
) -> None:
    with running_system(tmp_path) as system:
        responsibility = system.services["responsibility"]
        posting = asyncio.create_task(post_discharges(system, range(TOTAL)))
        await eventually(lambda: scalar(system, "responsibility", DECISIONS) >= 30, timeout=60)
        responsibility.kill()  # SIGKILL: no graceful stop, no final offset commit
        decided_at_crash = scalar(system, "responsibility", DECISIONS)
        assert not posting.done(), "the kill must land while discharges are still flowing"
        await posting
        responsibility.start()
        responsibility.wait_ready()

        care_requests = "select count(*) from care_request"
        await eventually(lambda: scalar(system, "referral", care_requests) >= TOTAL, timeout=180)
        distinct = "select count(distinct source_event_id) from decision"
        assert decided_at_crash < TOTAL
        assert scalar(system, "responsibility", DECISIONS) == TOTAL
        assert scalar(system, "responsibility", distinct) == TOTAL
        assert scalar(system, "referral", care_requests) == TOTAL
        per_discharge = "select count(distinct discharge_id) from care_request"
        assert scalar(system, "referral", per_discharge) == TOTAL
        notices = "select count(*) from notice where event_type = 'responsibility.decided'"
        await eventually(lambda: scalar(system, "notification", notices) >= TOTAL, timeout=60)
        assert scalar(system, "notification", notices) == TOTAL
