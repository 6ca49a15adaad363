"""Schemathesis over the four services' OpenAPI documents (issues 10 and 14): generated requests,
with a token allowed on each route, never make a server error (5xx), and every response matches
the document: its status is documented on the operation, its content type is the documented
one (refusals: ``application/problem+json``), its body validates against the documented schema,
and its documented headers are present (a 401's ``WWW-Authenticate``).

Bounded: a few examples per operation, no network (the apps are called in-process, on SQLite;
no broker is needed to answer HTTP, and events only reach the outbox).
"""

from __future__ import annotations

import importlib
import os
import tempfile
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from handover_common.access.roles import ROLES_OF_KIND, OrgKind, Role
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import APIOperation, Case, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.errors import InvalidSchema
from schemathesis.core.result import Ok, Result
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.support.identity import as_caller

pytestmark = pytest.mark.integration
ORGANISATION = {OrgKind.REGION: "region:23", OrgKind.MUNICIPALITY: "municipality:2380"}
ORGANISATION[OrgKind.OPERATOR] = "operator:drift"
Operation = APIOperation[Any, Any, Any, Any]


def app_of(name: str, settings_class: str) -> FastAPI:
    directory = tempfile.mkdtemp(prefix=f"fuzz-{name}-")
    module = importlib.import_module(f"{name}.settings")
    config = getattr(module, settings_class)(database_url=f"sqlite:///{directory}/{name}.db")
    app: FastAPI = importlib.import_module(f"{name}.bootstrap").bootstrap(config)
    return app


APPS = {
    "referral": app_of("referral", "ReferralSettings"),
    "responsibility": app_of("responsibility", "ResponsibilitySettings"),
    "billing": app_of("billing", "BillingSettings"),
    "notification": app_of("notification", "NotificationSettings"),
}
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def without_lifespan(app: FastAPI) -> ASGIApp:
    """The app without start-up and shut-down: HTTP is answered from the database alone."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})

    return wrapped


def caller_for(app: FastAPI, method: str, path: str) -> dict[str, str]:
    """A token of a role the route's rule allows (public routes get none)."""
    rule = app.state.guard.table.get(f"{method.upper()} {path}")
    if rule is None or rule.public:  # a method the route does not have: no token needed
        return {}
    role = sorted(rule.roles)[0]
    kind = next(k for k, roles in ROLES_OF_KIND.items() if role in roles)
    return as_caller(ORGANISATION[kind], Role(role))


def schema_of(name: str) -> BaseSchema:
    app = APPS[name]
    schema = schemathesis.openapi.from_dict(app.openapi())
    schema.app = without_lifespan(app)  # in-process; no broker is started
    return schema.exclude(path="/ready")  # 503 by design while no broker runs


def label_of(result: Result[Operation, InvalidSchema]) -> str:
    """Every operation of the documents loads: an invalid one fails here, at collection."""
    assert isinstance(result, Ok)
    return result.ok().label


SCHEMAS = {name: schema_of(name) for name in APPS}
OPERATIONS = [
    (name, label_of(result))
    for name, schema in SCHEMAS.items()
    for result in schema.get_all_operations()
]


NEEDS_BROKER = {"notification POST /v1/dashboard/dead-letters/{consumer}/replay"}
"""Operations that answer 503 (documented) while no broker runs, as here."""
IDS = [f"{service} {label}" for service, label in OPERATIONS]


@pytest.mark.parametrize(("name", "label"), OPERATIONS, ids=IDS)
def test_operation(name: str, label: str) -> None:
    """One operation: its documented examples, valid and invalid generated requests.

    Parametrised here rather than by ``schema.parametrize()``: under pytest-xdist (``make
    test``) schemathesis' own items ran no case at all and passed."""
    app = APPS[name]
    operation = SCHEMAS[name].find_operation_by_label(label)
    assert operation is not None
    cases = st.one_of(
        *operation.get_strategies_from_examples(),
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    checks = CHECKS
    if f"{name} {label}" in NEEDS_BROKER:  # its 503 is documented: the rest is still checked
        checks = [check for check in CHECKS if check is not not_a_server_error]

    @FUZZ
    @given(case=cases)
    def run(case: Case[Operation]) -> None:
        headers = caller_for(app, case.method, case.path)
        case.call_and_validate(headers=headers, checks=checks)

    run()


def test_every_operation_is_fuzzed() -> None:
    assert {name for name, _ in OPERATIONS} == set(APPS)
    assert len(OPERATIONS) > 100
