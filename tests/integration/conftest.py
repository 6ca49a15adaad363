from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from handover_common.db import make_engine
from handover_common.tables import AuditEntry, InboxEntry, OutboxMessage
from referral.bootstrap import bootstrap
from referral.settings import ReferralSettings
from responsibility.bootstrap import bootstrap as responsibility
from responsibility.settings import ResponsibilitySettings
from sqlalchemy import Engine
from sqlmodel import SQLModel

from tests.support.identity import HEALTH_CENTRE_23, HOSPITAL_23


@pytest.fixture(scope="module")
def referral_client(module_database_url: str, broker) -> Iterator[TestClient]:
    """Referral running on the module's database (SQLite or PostgreSQL) and the real broker."""
    settings = ReferralSettings(
        database_url=module_database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    # a hospital unit of region 23 unless a request names another caller
    with TestClient(bootstrap(settings), headers=HOSPITAL_23) as running:
        yield running


@pytest.fixture
def referral_engine(referral_client: TestClient) -> Engine:
    return referral_client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="module")
def responsibility_client(module_database_url: str, broker) -> Iterator[TestClient]:
    """Responsibility on the module's database; a health centre of region 23 unless named."""
    settings = ResponsibilitySettings(
        database_url=module_database_url,
        kafka_bootstrap_servers=broker.bootstrap_servers,
        reevaluation_interval_seconds=3600,
    )
    with TestClient(responsibility(settings), headers=HEALTH_CENTRE_23) as running:
        yield running


DELIVERY_TABLES = [t.__table__ for t in (OutboxMessage, InboxEntry, AuditEntry)]  # type: ignore[union-attr]


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """The test's database with the tables every service has: outbox, inbox, audit log."""
    engine = make_engine(database_url)
    SQLModel.metadata.create_all(engine, tables=DELIVERY_TABLES)
    yield engine
    engine.dispose()
