"""Every rejected request says which field broke which rule; nothing is half-stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
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


def _body(errors: Sequence[dict[str, str]]) -> dict[str, Any]:
    return {"detail": "request rejected", "errors": list(errors)}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_from_pydantic(e) for e in exc.errors()]
        return JSONResponse(_body(errors), status_code=422)

    @app.exception_handler(RequestRejected)
    async def _rejected(_: Request, exc: RequestRejected) -> JSONResponse:
        errors = [vars(e) for e in exc.errors]
        return JSONResponse(_body(errors), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        """Framework refusals (an unreadable body, a method the route lacks) in the same shape."""
        rule = "BODY-FORMAT" if exc.status_code == 400 else f"HTTP-{exc.status_code}"
        error = {"field": "body" if exc.status_code == 400 else "path", "rule": rule}
        body = _body([{**error, "message": str(exc.detail)}])
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        error = {"field": "path", "rule": "NOT-FOUND", "message": str(exc)}
        return JSONResponse({"detail": str(exc), "errors": [error]}, status_code=404)


class ErrorOut(BaseModel):
    field: str
    rule: str
    message: str


class ErrorBody(BaseModel):
    """Every refusal: which field broke which rule (4xx), as the handlers above answer."""

    detail: str
    errors: list[ErrorOut]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": why}
    for status, why in (
        (400, "the body cannot be read (not JSON, or another content type)"),
        (401, "no valid bearer token"),
        (403, "the caller's role or organisation may not do this"),
        (404, "not found, or another organisation's"),
        (409, "conflicts with the record's state"),
        (413, "the request body is too large"),
        (422, "a field breaks a rule: every field and rule listed"),
        (503, "the identity provider's keys cannot be fetched"),
    )
}
"""Documented on every service route, so the OpenAPI documents match the wire."""
