"""One authorisation rule per route, in one table per service that a reviewer can read.

A rule names the roles that may call the route (checked for every request before the handler
runs, so before any write) and, in words, the scope the handler checks against the resource
(own region, the addressed municipality, a party to the invoice …), also before any write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fastapi import FastAPI

from handover_common.access.roles import Role


@dataclass(frozen=True)
class Rule:
    roles: frozenset[Role]
    scope: str
    reads_patient_data: bool = False
    public: bool = False


def allow(*roles: Role, scope: str, reads_patient_data: bool = False) -> Rule:
    return Rule(frozenset(roles), scope, reads_patient_data)


def public(why: str) -> Rule:
    return Rule(frozenset(), why, public=True)


ANY_ROLE = tuple(Role)

AccessTable = Mapping[str, Rule]
"""``"METHOD /path/{param}"`` → the rule for that route."""


class RouteWithoutRule(Exception):
    """A route has no rule (or a rule names no route): the service refuses to start."""


HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def route_keys(app: FastAPI) -> list[str]:
    """Every documented route; an undocumented one without a rule is refused at request time."""
    paths = app.openapi()["paths"]
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in paths.items()
        for method in operations
        if method in HTTP_METHODS
    )


def check_complete(app: FastAPI, table: AccessTable) -> None:
    keys = set(route_keys(app))
    missing = sorted(keys - set(table))
    stale = sorted(set(table) - keys)
    if missing or stale:
        raise RouteWithoutRule(f"routes without a rule: {missing}; rules without a route: {stale}")


def merged(*tables: AccessTable) -> dict[str, Rule]:
    result: dict[str, Rule] = {}
    for table in tables:
        for key in table:
            if key in result:
                raise RouteWithoutRule(f"two rules for {key}")
        result.update(table)
    return result


def roles_text(roles: Iterable[Role]) -> str:
    return ", ".join(sorted(role.value for role in roles)) or "nobody"
