"""Generic field checks that raise InvalidSituation naming the field and rule."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from .enums import CareComponent
from .errors import InvalidSituation


def fail(field: str, rule: str, message: str) -> InvalidSituation:
    return InvalidSituation(field=field, rule=rule, message=message)


def check_components(field: str, value: object, rule: str, allowed: set[CareComponent]) -> None:
    if not isinstance(value, frozenset) or not all(isinstance(c, CareComponent) for c in value):
        raise fail(field, rule, "must be a frozenset of CareComponent")
    extra = sorted(c.value for c in value if c not in allowed)
    if extra:
        raise fail(field, rule, f"not allowed here: {', '.join(extra)}")


def check_int(field: str, value: object, rule: str, low: int, high: int | None) -> None:
    if value is None:
        return
    if type(value) is not int:
        raise fail(field, rule, f"must be an integer, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f"{low}–{high}" if high is not None else f">= {low}"
        raise fail(field, rule, f"{value} is outside {bounds}")


def check_bool(field: str, value: object, rule: str, *, optional: bool) -> None:
    if value is None and optional:
        return
    if not isinstance(value, bool):
        raise fail(field, rule, f"must be true or false{' or unknown' if optional else ''}")


def check_date(field: str, value: object, rule: str, *, required: bool = False) -> None:
    if value is None and not required:
        return
    if not isinstance(value, date) or isinstance(value, datetime):
        raise fail(field, rule, f"must be a calendar date, got {value!r}")


def check_enum(
    field: str, value: object, enum: type[Enum], rule: str, *, optional: bool = True
) -> None:
    if value is None and optional:
        return
    if not isinstance(value, enum):
        raise fail(field, rule, f"must be one of {', '.join(str(m.value) for m in enum)}")


def check_optional_text(field: str, value: object, rule: str) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise fail(field, rule, "must be a non-empty identifier or unknown")
