"""The four services' OpenAPI documents say what the wire carries (issue 14 section 2).

* every operation has a description, every request body an example, and every example is
  valid against its body's schema;
* every refusal is documented as the one body every refusal has, RFC 9457 problem details
  (``Problem``, ``application/problem+json``), for the statuses the route can answer;
* the refusals on the wire are that body.

Schemathesis checks generated requests against the same documents (tests/fuzz).
"""

from __future__ import annotations

import importlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from handover_common.access.roles import Role
from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

from tests.support.identity import as_caller

pytestmark = pytest.mark.integration
SERVICES = {
    "referral": "ReferralSettings",
    "responsibility": "ResponsibilitySettings",
    "billing": "BillingSettings",
    "notification": "NotificationSettings",
}
METHODS = {"get", "put", "post", "delete", "patch"}
PROBLEM = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"


def app_of(name: str) -> FastAPI:
    directory = tempfile.mkdtemp(prefix=f"openapi-{name}-")
    settings = getattr(importlib.import_module(f"{name}.settings"), SERVICES[name])
    config = settings(database_url=f"sqlite:///{directory}/{name}.db")
    app: FastAPI = importlib.import_module(f"{name}.bootstrap").bootstrap(config)
    return app


@pytest.fixture(scope="module", params=list(SERVICES))
def app(request: pytest.FixtureRequest) -> FastAPI:
    return app_of(request.param)


def operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    found: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return found


def body_examples(document: dict[str, Any], media: dict[str, Any]) -> list[Any]:
    """The examples of a request body: the media type's, or its schema's (an optional body,
    ``X | None``, has them on ``X``)."""
    found = [media["example"]] if "example" in media else []
    found += [e.get("value") for e in media.get("examples", {}).values()]
    schema = media.get("schema", {})
    for candidate in [schema, *schema.get("anyOf", []), *schema.get("oneOf", [])]:
        found += resolved(document, candidate).get("examples", [])
    return found


def validator(document: dict[str, Any], schema: dict[str, Any]) -> Draft202012Validator:
    """``schema`` with the document's components beside it, so its references resolve."""
    root = {**schema, "components": document["components"]}
    return Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_operation_is_described(app: FastAPI) -> None:
    document = app.openapi()
    undescribed = [key for key, op in operations(document) if not op.get("description")]
    assert undescribed == []


def test_every_request_body_has_a_valid_example(app: FastAPI) -> None:
    document = app.openapi()
    without, invalid = [], []
    for key, operation in operations(document):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            examples = body_examples(document, media)
            if not examples:
                without.append(f"{key} {media_type}")
            check = validator(document, media.get("schema", {}))
            for example in examples:
                invalid += [f"{key}: {error.message}" for error in check.iter_errors(example)]
    assert (without, invalid) == ([], [])


def test_refusals_are_documented_as_problem_details(app: FastAPI) -> None:
    document = app.openapi()
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert set(schemas["Problem"]["required"]) == {"type", "title", "status", "detail", "errors"}
    table = app.state.guard.table
    wrong = []
    for key, operation in operations(document):
        responses = operation["responses"]
        refusals = {int(code) for code in responses if code.isdigit() and int(code) >= 400}
        rule = table.get(key)
        expected = set()
        if rule is not None and not rule.public:
            expected |= {401, 403, 503}
        if "{" in key:
            expected.add(404)
        if "requestBody" in operation:
            expected |= {400, 413, 422}
        if operation.get("parameters"):
            expected.add(422)
        if expected - refusals:
            wrong.append(f"{key}: {sorted(expected - refusals)} undocumented")
        for code in refusals:
            if key == "GET /ready":  # its 503 is the readiness body
                continue
            content = responses[str(code)].get("content", {})
            if content != {PROBLEM: {"schema": {"$ref": PROBLEM_REF}}}:
                wrong.append(f"{key} {code}: {content}")
    assert wrong == []


def test_refusals_on_the_wire_are_problem_details() -> None:
    app = app_of("referral")
    document = app.openapi()
    check = validator(document, {"$ref": PROBLEM_REF})
    nurse = as_caller("municipality:2380", Role.MUNICIPAL_NURSE)
    client = TestClient(app)
    limit = app.state.runtime.settings.max_body_bytes
    refusals = {
        401: client.get("/v1/care-requests"),
        403: client.post("/v1/discharges", json={}, headers=nurse),
        404: client.get(f"/v1/care-requests/{'0' * 8}-0000-0000-0000-{'0' * 12}", headers=nurse),
        413: client.post("/v1/discharges", content=b" " * (limit + 1), headers=nurse),
        422: client.get("/v1/care-requests?limit=0", headers=nurse),
    }
    for status, response in refusals.items():
        body = response.json()
        assert (response.status_code, response.headers["content-type"]) == (status, PROBLEM)
        assert list(check.iter_errors(body)) == []
        assert (body["status"], body["type"], body["errors"][0].keys()) == (
            status,
            "about:blank",
            {"field", "rule", "message"},
        )
    assert refusals[401].headers["WWW-Authenticate"] == "Bearer"
    assert refusals[422].json()["errors"][0]["field"] == "limit"
    assert refusals[404].json()["detail"] == "care request not found"


DOCUMENTS = Path(__file__).resolve().parents[2] / "docs" / "openapi"


def test_the_committed_document_is_the_served_one(app: FastAPI) -> None:
    """An integrator builds a client from docs/openapi/<service>.json (issue 14): a route that
    changes without its document fails here. `make schemas` rewrites them."""
    name = app.state.runtime.name
    served = json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    path = DOCUMENTS / f"{name}.json"
    if os.environ.get("UPDATE_OPENAPI_DOCUMENTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(served, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run make schemas"
    assert path.read_text(encoding="utf-8") == served, f"{path} drifted: run make schemas"
