"""The deadline watch's tests (issue 12 section 2, issue 11): referral whose own watch sleeps
an hour between sweeps — the tests sweep themselves — at a clock they move."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from referral.bootstrap import bootstrap
from referral.settings import ReferralSettings
from sqlalchemy import Engine

from tests.support.deadline_cases import MovableClock, moved_clock
from tests.support.identity import HOSPITAL_23


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = ReferralSettings(
        database_url=module_database_url,
        kafka_bootstrap_servers=broker.bootstrap_servers,
        deadline_watch_seconds=3600,
    )
    with TestClient(bootstrap(settings), headers=HOSPITAL_23) as running:
        yield running


@pytest.fixture
def engine(client: TestClient) -> Engine:
    return client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def clock(client: TestClient) -> Iterator[MovableClock]:
    with moved_clock(client) as moving:
        yield moving
