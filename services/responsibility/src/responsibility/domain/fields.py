"""Typed access to a parsed data document; every error names the source file and field."""

from __future__ import annotations

from datetime import date

from .errors import AgreementDataError


class Fields:
    def __init__(self, source: str, raw: object, path: str = "") -> None:
        if not isinstance(raw, dict):
            raise AgreementDataError(source, path or "<document>", "expected an object")
        self.source, self.raw, self.path = source, raw, path

    def _name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, message: str) -> AgreementDataError:
        return AgreementDataError(self.source, self._name(key), message)

    def _get(self, key: str, optional: bool) -> object:
        if key not in self.raw:
            if optional:
                return None
            raise self.error(key, "is required")
        return self.raw[key]

    def text(self, key: str) -> str:
        value = self._get(key, optional=False)
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, "must be a non-empty string")
        return value

    def opt_text(self, key: str) -> str | None:
        return None if self._get(key, optional=True) is None else self.text(key)

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self._get(key, optional=False)
        if type(value) is not int or value < minimum:
            raise self.error(key, f"must be an integer >= {minimum}")
        return value

    def day(self, key: str) -> date:
        value = self.text(key)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.error(key, f"not an ISO date: {value!r}") from None

    def opt_day(self, key: str) -> date | None:
        return None if self._get(key, optional=True) is None else self.day(key)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key, optional=False)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(key, "must be a list of non-empty strings")
        return tuple(value)

    def objects(self, key: str) -> tuple[Fields, ...]:
        value = self._get(key, optional=False)
        if not isinstance(value, list):
            raise self.error(key, "must be a list of objects")
        return tuple(Fields(self.source, v, f"{self._name(key)}[{i}]") for i, v in enumerate(value))

    def obj(self, key: str) -> Fields:
        return Fields(self.source, self._get(key, optional=False), self._name(key))

    def opt_obj(self, key: str) -> Fields | None:
        return None if self._get(key, optional=True) is None else self.obj(key)

    def names(self) -> tuple[str, ...]:
        return tuple(str(k) for k in self.raw)
