"""OpenAPI documents that match the wire (issue 14): every refusal a route can answer is
documented on it, as the one body every refusal has (RFC 9457 problem details, ``Problem``).

Which statuses a route can answer follows from what it is:

* 401, 403, 503 — a guarded route (not public): no or a bad token, a role or organisation
  that may not, the identity provider's keys unavailable;
* 404 — a route with a path parameter (the record is unknown, or another organisation's);
* 400, 413 — a route with a request body (not JSON; too large);
* 409 — a guarded route that changes something (not GET): the record's state conflicts;
* 422 — a route with parameters or a body: a field breaks a rule.

A route documents any other refusal itself (``responses={406: ...}``); it is given the same
body. FastAPI's own ``HTTPValidationError`` is replaced: the wire never carries it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from handover_common.access.guard import authorise
from handover_common.access.rules import AccessTable
from handover_common.errors import PROBLEM_JSON, Problem

WHY: dict[int, str] = {
    400: "the body cannot be read (not JSON, or another content type)",
    401: "no valid bearer token",
    403: "the caller's role or organisation may not do this",
    404: "not found, or another organisation's",
    409: "conflicts with the record's state",
    413: "the request body is too large",
    422: "a field breaks a rule: every field and rule listed",
    503: "the identity provider's keys cannot be fetched",
}
PROBLEM_REF = "#/components/schemas/Problem"
FASTAPI_SCHEMAS = ("HTTPValidationError", "ValidationError")


def install_openapi(app: FastAPI, table: AccessTable) -> None:
    """Wrap the app's document builder so the refusals are documented as they are answered."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            document_problems(app, table, document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def statuses(route: RouteContext, method: str, table: AccessTable) -> set[int]:
    """The refusals ``method`` on ``route`` can answer (see the module's docstring)."""
    declared: dict[int | str, Any] = route.responses
    found = {int(status) for status in declared if str(status).isdigit()}
    found = {status for status in found if status >= 400}
    guarded = any(d.dependency is authorise for d in route.dependencies)
    rule = table.get(f"{method} {route.path_format}")
    if guarded and (rule is None or not rule.public):
        found |= {401, 403, 503}
        if method != "GET":
            found.add(409)
    dependant = route.dependant
    if dependant.path_params:
        found.add(404)
    if dependant.body_params:
        found |= {400, 413}
    if _has_parameters(route):
        found.add(422)
    return found


def _has_parameters(route: RouteContext) -> bool:
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        fields = (
            dependant.path_params,
            dependant.query_params,
            dependant.header_params,
            dependant.cookie_params,
            dependant.body_params,
        )
        if any(fields):
            return True
        pending.extend(dependant.dependencies)
    return False


def _problem_response(status: int, description: str | None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description or WHY.get(status, "refused"),
        "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
    }
    if status == 401:
        challenge = {"description": "Bearer", "schema": {"type": "string"}}
        response["headers"] = {"WWW-Authenticate": challenge}
    return response


def _is_refusal(response: dict[str, Any]) -> bool:
    """A response FastAPI or a route documented as a refusal (not a body of its own, such as
    /ready's 503)."""
    schemas = [media.get("schema", {}) for media in response.get("content", {}).values()]
    names = {"Problem", *FASTAPI_SCHEMAS}
    return all(not s or s.get("$ref", "").rsplit("/", 1)[-1] in names for s in schemas)


def _own_bodies(responses: dict[str, Any]) -> set[int]:
    return {int(code) for code in responses if code.isdigit() and int(code) >= 400}


def document_problems(app: FastAPI, table: AccessTable, document: dict[str, Any]) -> None:
    """Set every operation's refusals in ``document`` to the ``Problem`` body."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for name in FASTAPI_SCHEMAS:
        schemas.pop(name, None)
    paths = document.get("paths", {})
    for route in iter_route_contexts(app.routes):  # FastAPI 0.165: routers stay nested
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        for method in route.methods or ():
            operation = paths.get(route.path_format, {}).get(method.lower())
            if operation is None:
                continue
            responses: dict[str, Any] = operation.setdefault("responses", {})
            declared = {
                int(code): response.get("description")
                for code, response in responses.items()
                if code.isdigit() and int(code) >= 400 and _is_refusal(response)
            }
            for code in declared:
                del responses[str(code)]
            for status in sorted(statuses(route, method, table) - _own_bodies(responses)):
                why = declared.get(status)
                if why in (None, "Validation Error"):  # FastAPI's own words for its 422
                    why = WHY.get(status)
                responses[str(status)] = _problem_response(status, why)
