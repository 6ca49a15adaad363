"""JSON-safe value types used by the machine-diffable forms (`to_dict`)."""

from __future__ import annotations

from datetime import date
from typing import TypeAlias

JsonValue: TypeAlias = str | int | bool | list["JsonValue"] | dict[str, "JsonValue"] | None
JsonObject: TypeAlias = dict[str, JsonValue]
FactValue: TypeAlias = str | int | bool | tuple[str, ...] | None


def iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def fact_json(value: FactValue) -> JsonValue:
    return list(value) if isinstance(value, tuple) else value
