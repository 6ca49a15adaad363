"""Every route of every service × every role (issue 7): the expected status, nothing stored.

Each caller is a signed token from the project's development issuer, one per role and kind of
organisation that can give it. Unauthenticated calls must answer 401, roles outside the route's
rule 403 (ACCESS-ROLE), and neither may store a row (the audit log of refused reads aside).
Allowed roles pass the gate; what they then get (200, 404, 422 …) is the handler's business.
"""

from __future__ import annotations

import importlib
import re
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from handover_common.access.roles import ROLES_OF_KIND, OrgKind, Role
from handover_common.broker import EmbeddedBroker, free_port
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session

from tests.conftest import DATABASE_KINDS
from tests.integration.access.spec import MATRIX
from tests.support.databases import fresh_database, postgres_available
from tests.support.identity import as_caller, issuer
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration
SERVICES = {
    "referral": "ReferralSettings",
    "responsibility": "ResponsibilitySettings",
    "billing": "BillingSettings",
    "notification": "NotificationSettings",
}
ORGANISATIONS = {
    OrgKind.REGION: "region:23",
    OrgKind.MUNICIPALITY: "municipality:2380",
    OrgKind.OPERATOR: "operator:drift",
}
CALLERS = [
    (role, ORGANISATIONS[kind]) for kind, roles in ROLES_OF_KIND.items() for role in sorted(roles)
]
PATH_VALUES = {"index": "VPI", "year": "2026", "stay_id": "stay-1", "patient_ref": patient_ref()}
QUERY = {"patient_ref": patient_ref(), "on": "2026-01-01"}


@pytest.fixture(scope="module")
def own_broker() -> Iterator[EmbeddedBroker]:
    """Nobody else's events reach these services, so row counts move only by our calls."""
    with EmbeddedBroker(port=free_port()) as running:
        yield running


@pytest.fixture(
    scope="module",
    params=[(kind, name) for kind in DATABASE_KINDS for name in sorted(SERVICES)],
    ids=lambda p: f"{p[1]}-{p[0]}",
)
def service(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    own_broker: EmbeddedBroker,
) -> Iterator[tuple[str, TestClient]]:
    kind, name = request.param
    if kind == "postgres" and not postgres_available():
        pytest.skip("PostgreSQL not reachable")
    build = importlib.import_module(f"{name}.bootstrap").bootstrap
    settings_class = getattr(importlib.import_module(f"{name}.settings"), SERVICES[name])
    with fresh_database(kind, tmp_path_factory.mktemp(name)) as url:
        settings = settings_class(
            database_url=url, kafka_bootstrap_servers=own_broker.bootstrap_servers
        )
        with TestClient(build(settings)) as client:
            yield name, client


def test_every_route_has_a_line_in_the_reviewed_matrix(service) -> None:
    name, client = service
    assert set(route_keys(client.app)) == set(MATRIX[name])


def test_without_a_token_every_protected_route_answers_401_and_stores_nothing(service) -> None:
    name, client = service
    engine = _engine(client)
    for route, roles in MATRIX[name].items():
        if not roles:
            continue
        before = row_counts(engine)
        for headers in ({}, {"Authorization": "Bearer not-a-jwt"}, _expired()):
            response = call(client, route, headers)
            assert response.status_code == 401, (route, response.text)
            assert response.headers["www-authenticate"] == "Bearer"
            assert response.json()["errors"][0]["field"] == "Authorization"
        assert row_counts(engine) == before, route


def test_a_role_outside_the_rule_gets_403_and_stores_nothing(service) -> None:
    name, client = service
    engine = _engine(client)
    for route, roles in MATRIX[name].items():
        if not roles:
            continue
        before = row_counts(engine)
        for role, org in CALLERS:
            if role in roles:
                continue
            response = call(client, route, as_caller(org, role))
            assert response.status_code == 403, (route, role, response.text)
            assert response.json()["errors"][0]["rule"] == "ACCESS-ROLE"
        assert row_counts(engine) == before, route


def test_a_role_inside_the_rule_passes_the_gate(service) -> None:
    name, client = service
    for route, roles in MATRIX[name].items():
        for role, org in CALLERS:
            if role not in roles:
                continue
            response = call(client, route, as_caller(org, role))
            assert response.status_code != 401, (route, role, response.text)
            assert _rule_of(response) != "ACCESS-ROLE", (route, role, response.text)
            assert response.status_code < 500, (route, role, response.text)


def test_public_routes_answer_without_a_token(service) -> None:
    name, client = service
    for route, roles in MATRIX[name].items():
        if not roles:
            assert call(client, route, {}).status_code == 200, route


def route_keys(app: FastAPI) -> list[str]:
    paths = app.openapi()["paths"]
    return [f"{method.upper()} {path}" for path, ops in paths.items() for method in ops]


def call(client: TestClient, route: str, headers: dict[str, str]) -> Any:
    method, template = route.split(" ", 1)
    path = re.sub(r"\{(\w+)\}", lambda m: PATH_VALUES.get(m.group(1), str(uuid.uuid4())), template)
    body: dict[str, Any] | None = {} if method in {"POST", "PUT"} else None
    return client.request(method, path, params=QUERY, json=body, headers=headers)


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, the audit log of refused reads aside (refusals are meant to leave it)."""
    tables = [t for t in inspect(engine).get_table_names() if t != "audit_log"]
    with Session(engine) as session:
        return {
            t: session.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables
        }


def _engine(client: TestClient) -> Engine:
    return client.app.state.runtime.engine  # type: ignore[attr-defined, no-any-return]


def _expired() -> dict[str, str]:
    token = issuer().token("region:23", Role.HOSPITAL_UNIT, lifetime_seconds=-3600)
    return {"Authorization": f"Bearer {token}"}


def _rule_of(response: Any) -> str | None:
    try:
        return str(response.json()["errors"][0]["rule"])
    except (ValueError, KeyError, IndexError, TypeError):
        return None
