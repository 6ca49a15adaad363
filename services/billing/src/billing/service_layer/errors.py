"""Domain errors as 4xx answers that name the field and the rule."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from handover_common.errors import FieldError, RequestRejected
from handover_common.unit_of_work import UnitOfWork
from sqlalchemy.exc import IntegrityError

from billing.domain import (
    BillingError,
    InvalidCredit,
    MissingIndex,
    MissingTariff,
    OverlappingValidity,
    UnknownParty,
)


def rejection(error: BillingError) -> RequestRejected:
    """MissingIndex names the index and year: a price is never silently the base year's."""
    message = str(error)
    if isinstance(error, MissingIndex):
        return RequestRejected([FieldError("index", "MissingIndex", message)])
    if isinstance(error, MissingTariff):
        return RequestRejected([FieldError("tariff_id", "MissingTariff", message)])
    if isinstance(error, UnknownParty):
        return RequestRejected([FieldError("party", "UnknownParty", message)])
    if isinstance(error, InvalidCredit):
        return RequestRejected([FieldError("line_numbers", "InvalidCredit", message)])
    if isinstance(error, OverlappingValidity):
        return RequestRejected([FieldError("valid_from", "OverlappingValidity", message)], 409)
    return RequestRejected([FieldError("body", type(error).__name__, message)])


@contextmanager
def domain_errors() -> Iterator[None]:
    try:
        yield
    except BillingError as error:
        raise rejection(error) from None


def commit_or_conflict(uow: UnitOfWork, field: str, rule: str, message: str) -> None:
    """Commit; a unique-key clash (a concurrent twin of this request) becomes a 409."""
    try:
        uow.commit()
    except IntegrityError:
        uow.session.rollback()
        raise RequestRejected([FieldError(field, rule, message)], 409) from None
