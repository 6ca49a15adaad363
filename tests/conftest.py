from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from handover_common.broker import EmbeddedBroker, free_port
from handover_common.kafka import EMBEDDED_BROKER_SETTINGS, TEST_FETCH_MAX_WAIT_MS

from tests.support.databases import fresh_database, postgres_available

DATABASE_KINDS = ["sqlite", "postgres"]
# tests wait on every hop, after a pause too: short fetches, busy or idle (kafka.FetchPace)
os.environ.setdefault("CONSUMER_FETCH_MAX_WAIT_MS", str(TEST_FETCH_MAX_WAIT_MS))
os.environ.setdefault("CONSUMER_IDLE_FETCH_MAX_WAIT_MS", str(TEST_FETCH_MAX_WAIT_MS))
# services started in-process by the tests join groups on the embedded broker
for _name, _value in EMBEDDED_BROKER_SETTINGS.items():
    os.environ.setdefault(_name, _value)
# tests are a development run: the project's own token issuer, in a directory of this session
os.environ.setdefault("DEVELOPMENT_MODE", "true")
os.environ.setdefault("DEV_ISSUER_DIR", tempfile.mkdtemp(prefix="handover-dev-issuer-"))


@pytest.fixture(scope="session")
def broker() -> Iterator[EmbeddedBroker]:
    """The real Kafka-protocol broker (embedded Tansu), one per test session."""
    with EmbeddedBroker(port=free_port()) as running:
        yield running


def _database(kind: str, directory: Path) -> Iterator[str]:
    if kind == "postgres" and not postgres_available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not reachable at HANDOVER_TEST_PG_URL")
        pytest.skip("PostgreSQL not reachable")
    with fresh_database(kind, directory) as url:
        yield url


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each database test runs on SQLite and on PostgreSQL."""
    yield from _database(request.param, tmp_path)


@pytest.fixture(scope="module", params=DATABASE_KINDS)
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    yield from _database(request.param, tmp_path_factory.mktemp("db"))
