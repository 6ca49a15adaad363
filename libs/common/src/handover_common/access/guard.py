"""The gate every request passes: verify the bearer token, then the route's role rule.

It runs as a dependency of every service route, before the body is handled, so a refused
call (401, 403) never reaches a handler and stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from handover_common.access.audit import Access
from handover_common.access.rules import AccessTable, roles_text
from handover_common.access.tokens import KeysUnavailable, TokenRejected, TokenVerifier
from handover_common.errors import FieldError, RequestRejected

bearer = HTTPBearer(auto_error=False, description="A JWT from the identity provider")
CHALLENGE = {"WWW-Authenticate": "Bearer"}


@dataclass(frozen=True)
class Guard:
    verifier: TokenVerifier
    table: AccessTable


def route_template(request: Request) -> str:
    """The matched route's full path template, e.g. ``/v1/invoices/{invoice_id}``.

    FastAPI 0.165 gives a route included through nested routers only its own prefix; the
    prefixes above it are static, so they are the leading segments of the request's path.
    """
    route = request.scope.get("route")
    own = getattr(route, "path", None)
    if not isinstance(own, str):
        return "unmatched"
    segments = request.url.path.rstrip("/").split("/")
    tail = len(own.rstrip("/").split("/")) - 1
    return "/".join(segments[: len(segments) - tail]).rstrip("/") + own


def _unauthenticated(message: str) -> RequestRejected:
    return RequestRejected([FieldError("Authorization", "AUTH-TOKEN", message)], 401, CHALLENGE)


async def authorise(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Access | None:
    """On the event loop: a token seen before is checked from memory, so a request does not
    pay a thread hop for its gate; fetching keys, checking a signature and writing a refusal
    to the audit log go to a worker thread (issue 11)."""
    guard: Guard = request.app.state.guard
    route = f"{request.method} {route_template(request)}"
    rule = guard.table.get(route)
    if rule is None:  # fail closed: a route nobody wrote a rule for serves nobody
        message = f"{route} has no access rule"
        raise RequestRejected([FieldError("Authorization", "ACCESS-RULE", message)], 403)
    if rule.public:
        return None
    if credentials is None:
        raise _unauthenticated("send a bearer token: Authorization: Bearer <JWT>")
    token = credentials.credentials
    try:
        caller = guard.verifier.remembered(token)
        if caller is None:
            caller = await run_in_threadpool(guard.verifier.verify, token)
    except TokenRejected as error:
        raise _unauthenticated(f"invalid token: {error}") from None
    except KeysUnavailable as error:
        message = f"the identity provider's keys cannot be fetched: {error}"
        raise RequestRejected([FieldError("Authorization", "AUTH-KEYS", message)], 503) from None
    access = Access(caller, route, request.url.path, request.app.state.runtime.engine)
    if caller.role not in rule.roles:
        if rule.reads_patient_data:  # the path is not validated yet: keep only its template
            await run_in_threadpool(replace(access, resource=route.split(" ", 1)[1]).refuse)
        message = f"role {caller.role} may not call {route} (allowed: {roles_text(rule.roles)})"
        raise RequestRejected([FieldError("Authorization", "ACCESS-ROLE", message)], 403)
    return access


async def _authorised(access: Annotated[Access | None, Depends(authorise)]) -> Access:
    if access is None:  # a public route asked for a caller: a wiring mistake
        raise RuntimeError("public routes have no caller")
    return access


Authorised = Annotated[Access, Depends(_authorised)]
