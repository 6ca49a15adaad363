"""Validating reader for the reference-data JSON files.

Every error names the file and the field path, e.g.
``tariffs.json: tariffs[2].amount: amounts are strings like "640.00", got 640``.
Amounts are strings parsed to ``Decimal`` — a JSON number is refused, so no float ever
touches money.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class ReferenceDataError(ValueError):
    def __init__(self, file: str, field: str, message: str) -> None:
        super().__init__(f"{file}: {field}: {message}")
        self.file = file
        self.field = field


@dataclass(frozen=True)
class Fields:
    """One JSON object of a file, with the path used to name its fields in errors."""

    file: str
    path: str
    data: Mapping[str, object]

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> ReferenceDataError:
        return ReferenceDataError(self.file, self._name(key), message)

    def raw(self, key: str) -> object:
        if key not in self.data:
            raise self.error(key, "missing")
        return self.data[key]

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty string, got {value!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def amount(self, key: str) -> Decimal:
        value = self.raw(key)
        if not isinstance(value, str):
            raise self.error(key, f'amounts are strings like "640.00", got {value!r}')
        try:
            parsed = Decimal(value)
        except InvalidOperation:
            raise self.error(key, f"not a decimal number: {value!r}") from None
        if not parsed.is_finite():
            raise self.error(key, f"not a finite number: {value!r}")
        return parsed

    def integer(self, key: str) -> int:
        value = self.raw(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.error(key, f"expected an integer, got {value!r}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {value!r}")
        return value

    def day(self, key: str) -> date:
        text = self.text(key)
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise self.error(key, f"expected a date YYYY-MM-DD, got {text!r}") from None

    def optional_day(self, key: str) -> date | None:
        return self.day(key) if self.has(key) else None

    def clock(self, key: str) -> time:
        text = self.text(key)
        try:
            return time.fromisoformat(text)
        except ValueError:
            raise self.error(key, f"expected a time HH:MM, got {text!r}") from None

    def choice(self, key: str, enum: type[E]) -> E:
        text = self.text(key)
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self.error(key, f"{text!r} is not one of: {allowed}") from None

    def strings(self, key: str) -> list[str]:
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(key, "expected a list of strings")
        return list(value)

    def child(self, key: str) -> Fields:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.error(key, "expected an object")
        return Fields(self.file, self._name(key), value)

    def children(self, key: str) -> list[Fields]:
        value = self.raw(key)
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.error(key, "expected a list of objects")
        return [Fields(self.file, f"{self._name(key)}[{i}]", v) for i, v in enumerate(value)]

    def amounts(self, key: str) -> dict[str, Decimal]:
        """An object of name → amount string."""
        child = self.child(key)
        return {name: child.amount(name) for name in child.data}
