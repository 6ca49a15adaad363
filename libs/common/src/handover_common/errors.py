"""Every rejected request says which field broke which rule; nothing is half-stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException


@dataclass(frozen=True)
class FieldError:
    field: str
    rule: str
    message: str


class RequestRejected(Exception):
    """Raised by handlers for input that parses but breaks a domain rule."""

    def __init__(
        self,
        errors: Sequence[FieldError],
        status_code: int = 422,
        headers: dict[str, str] | None = None,
    ):
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = list(errors)
        self.status_code = status_code
        self.headers = headers


class NotFound(Exception):
    def __init__(self, what: str):
        super().__init__(f"{what} not found")


def _field_of(location: Sequence[Any]) -> str:
    parts = [str(p) for p in location]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _from_pydantic(error: dict[str, Any]) -> dict[str, str]:
    rule = str(error.get("ctx", {}).get("rule") or error["type"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return {"field": _field_of(error["loc"]), "rule": rule, "message": message}


def field_errors(error: ValidationError, prefix: str) -> list[FieldError]:
    """A validation error as the field errors a 422 lists, each field under ``prefix`` (a part
    of a larger request: ``discharges.3``), in the words and rules of a whole request's 422."""
    found = []
    for detail in error.errors():
        named = _from_pydantic({**detail, "loc": (prefix, *detail["loc"])})
        found.append(FieldError(named["field"], named["rule"], named["message"]))
    return found


PROBLEM_JSON = "application/problem+json"


class ProblemResponse(JSONResponse):
    """RFC 9457 problem details (``application/problem+json``)."""

    media_type = PROBLEM_JSON


def problem(
    status: int,
    errors: Sequence[dict[str, str]],
    detail: str = "request rejected",
    headers: Mapping[str, str] | None = None,
) -> ProblemResponse:
    """Every refusal the services answer: RFC 9457's ``type``, ``title``, ``status`` and
    ``detail``, and the project's ``errors``: which field broke which rule."""
    body = {
        "type": "about:blank",  # RFC 9457 4.2.1: the status says it all; ``errors`` the rest
        "title": _title(status),
        "status": status,
        "detail": detail,
        "errors": list(errors),
    }
    return ProblemResponse(body, status_code=status, headers=dict(headers or {}) or None)


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        return problem(422, [_from_pydantic(e) for e in exc.errors()])

    @app.exception_handler(RequestRejected)
    async def _rejected(_: Request, exc: RequestRejected) -> JSONResponse:
        errors = [vars(e) for e in exc.errors]
        return problem(exc.status_code, errors, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Framework refusals (an unreadable body, a method the route lacks) in the same shape."""
        rule = "BODY-FORMAT" if exc.status_code == 400 else f"HTTP-{exc.status_code}"
        error = {"field": "body" if exc.status_code == 400 else "path", "rule": rule}
        errors = [{**error, "message": str(exc.detail)}]
        return problem(exc.status_code, errors, headers=exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        error = {"field": "path", "rule": "NOT-FOUND", "message": str(exc)}
        return problem(404, [error], detail=str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        """A bug: the same shape, no internals (the error is logged and re-raised by Starlette)."""
        error = {"field": "", "rule": "INTERNAL", "message": "an unexpected error; it is logged"}
        return problem(500, [error], detail="internal error")


class ErrorOut(BaseModel):
    """One broken rule."""

    field: str = Field(
        description="the field, dotted (``discharges.3.patient_ref``), or "
        "``body``, ``path``, a header's name"
    )
    rule: str = Field(description="the rule's code, e.g. ``AUTH-TOKEN``, ``NOT-FOUND``")
    message: str = Field(description="what is wrong, in words")


class Problem(BaseModel):
    """Every refusal (4xx, 5xx): RFC 9457 problem details, ``application/problem+json``, with
    the project's ``errors`` member listing which field broke which rule."""

    model_config = ConfigDict(
        title="Problem",
        json_schema_extra={
            "examples": [
                {
                    "type": "about:blank",
                    "title": "Unprocessable Content",
                    "status": 422,
                    "detail": "request rejected",
                    "errors": [
                        {
                            "field": "patient_ref",
                            "rule": "string_pattern_mismatch",
                            "message": "String should match pattern '^pr:[0-9a-f]{64}$'",
                        }
                    ],
                }
            ]
        },
    )

    type: str = Field(description="a URI naming the problem type; ``about:blank``: the status")
    title: str = Field(description="the status's reason phrase")
    status: int = Field(description="the HTTP status code, as on the response")
    detail: str = Field(description="a summary: ``request rejected`` or what was not found")
    errors: list[ErrorOut] = Field(description="every field that broke a rule, and the rule")


ErrorBody = Problem
"""The name routes used before the body became RFC 9457 problem details."""
