"""One event of every registered type as it goes on the wire, built from the payload models.

A value is made for each field from the model's own JSON Schema (validation mode), the model
validates it, and ``wrap``/``encode`` turn it into the bytes the outbox relay sends — so
what the published schemas are checked against is what the producers emit.
"""

from __future__ import annotations

import json
from typing import Any

from handover_contracts import EVENTS, encode, wrap

PATIENT_REF = "pr-abcdefghijklmnopqrstuvwx"


def _value(node: dict[str, Any], root: dict[str, Any], full: bool) -> Any:
    if "$ref" in node:
        return _value(root["$defs"][node["$ref"].rsplit("/", 1)[-1]], root, full)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    if "anyOf" in node:
        options = [o for o in node["anyOf"] if o.get("type") != "null"]
        return (
            _value(options[0], root, full) if full or len(options) == len(node["anyOf"]) else None
        )
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        wanted = properties if full else node.get("required", [])
        return {name: _value(properties[name], root, full) for name in wanted}
    if kind == "array":
        return [_value(node.get("items", {}), root, full)] * max(node.get("minItems", 1), 1)
    if kind == "string":
        return _string(node)
    if kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum", 0) + 1)
        return min(max(low, 1), node.get("maximum", 10**9))
    if kind == "boolean":
        return True
    raise AssertionError(f"no sample for {node}")


def _string(node: dict[str, Any]) -> str:
    formats = {
        "uuid": "0b7f5a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "date-time": "2026-03-04T05:06:07Z",
        "date": "2026-03-04",
        "duration": "PT1H",
    }
    if node.get("format") in formats:
        return formats[node["format"]]
    if node.get("pattern") == "^pr-[a-z2-7]{24}$":
        return PATIENT_REF
    assert "pattern" not in node, f"no sample for the pattern {node['pattern']}"
    min_length: int = node.get("minLength", 1)
    return "x" * max(min_length, 1)


def wire_events(full: bool) -> dict[str, dict[str, Any]]:
    """event type → the envelope as JSON; ``full``: every optional field filled, else none."""
    events = {}
    for name, spec in EVENTS.items():
        schema = spec.model.model_json_schema()
        payload = spec.model.model_validate(_value(schema, schema, full))
        envelope = wrap(payload, producer="sample", partition_key=PATIENT_REF, correlation_id="c")
        events[name] = json.loads(encode(envelope))
    return events
