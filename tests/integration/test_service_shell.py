"""Every service starts on SQLite and on PostgreSQL, migrates, and reports its health."""

from __future__ import annotations

import gc
from collections.abc import Callable

import pytest
from billing.bootstrap import bootstrap as billing
from billing.settings import BillingSettings
from fastapi import FastAPI
from fastapi.testclient import TestClient
from handover_common.broker import EmbeddedBroker, free_port
from handover_common.settings import ServiceSettings
from notification.bootstrap import bootstrap as notification
from notification.settings import NotificationSettings
from referral.bootstrap import bootstrap as referral
from referral.settings import ReferralSettings
from responsibility.bootstrap import bootstrap as responsibility
from responsibility.settings import ResponsibilitySettings

pytestmark = pytest.mark.integration

SERVICES: dict[str, tuple[Callable[..., FastAPI], type[ServiceSettings]]] = {
    "referral": (referral, ReferralSettings),
    "responsibility": (responsibility, ResponsibilitySettings),
    "billing": (billing, BillingSettings),
    "notification": (notification, NotificationSettings),
}


def test_a_service_sets_the_collectors_young_generation_from_its_settings(broker, tmp_path) -> None:
    """Issue 11: GC_YOUNG_THRESHOLD replaces Python's 700 as the service starts."""
    before = gc.get_threshold()
    settings = ResponsibilitySettings(
        database_url=f"sqlite:///{tmp_path}/responsibility.db",
        kafka_bootstrap_servers=broker.bootstrap_servers,
        gc_young_threshold=12_345,
    )
    try:
        with TestClient(responsibility(settings)):
            assert gc.get_threshold() == (12_345, *before[1:])
    finally:
        gc.set_threshold(*before)


@pytest.mark.parametrize("service", SERVICES)
def test_the_service_is_healthy_ready_and_documented(service, database_url, broker) -> None:
    build, settings_class = SERVICES[service]
    settings = settings_class(
        database_url=database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    with TestClient(build(settings)) as client:
        assert client.get("/health").json()["status"] == "ok"
        ready = client.get("/ready")
        assert ready.status_code == 200
        assert ready.json()["checks"] == {"database": True, "broker": True}
        assert "handover_http_requests_total" in client.get("/metrics").text
        assert client.get("/openapi.json").json()["info"]["title"] == f"Handover {service}"
        response = client.get("/health", headers={"X-Correlation-ID": "trace-me"})
        assert response.headers["X-Correlation-ID"] == "trace-me"


def test_ready_says_503_when_the_broker_goes_away(tmp_path) -> None:
    own_broker = EmbeddedBroker(port=free_port()).start()
    settings = ReferralSettings(
        database_url=f"sqlite:///{tmp_path}/r.db",
        kafka_bootstrap_servers=own_broker.bootstrap_servers,
    )
    try:
        with TestClient(referral(settings)) as client:
            assert client.get("/ready").status_code == 200
            own_broker.stop()
            response = client.get("/ready")
    finally:
        own_broker.stop()
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "broker": False}
