"""JSON Schema documents for the envelope and every payload, committed under schemas/.

The published schemas are what a producer of this version sends (issue 14):

* each has an ``$id`` (``https://handover.example/schemas/<name>.json``: the ``.example``
  domain never resolves; the id names the document, it is not a download address);
* the envelope requires every field the producers have always sent — ``event_id`` and
  ``occurred_at`` included, which the model fills in itself when a producer leaves them out;
  only ``causation_id`` may be missing (null when there is no cause);
* every object is closed (``additionalProperties: false``): a producer sends no field the
  schema does not name.

Readers stay tolerant: the models ignore fields they do not know (``extra="ignore"``), so an
old consumer keeps reading events that a newer producer wrote with a new optional field. A new
optional field is added to the model and so to the schema before any producer sends it
(compatibility.py: only optional fields may be added, and an open object may not be closed).
Closing was compatible for the wire as it is: the events always carried exactly the models'
fields (checked against every event type in tests/unit/contracts/test_schemas.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handover_contracts.envelope import Envelope
from handover_contracts.registry import EVENTS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"
SCHEMA_BASE = "https://handover.example/schemas/"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
OPTIONAL_ENVELOPE_FIELDS = frozenset({"causation_id"})
"""Every other envelope field is on the wire in every event (the model fills the defaults)."""


def schema_id(name: str) -> str:
    return f"{SCHEMA_BASE}{name}.json"


def close_objects(node: Any) -> None:
    """Every object schema that names its properties gets ``additionalProperties: false``
    (maps, which name none, stay as they are); in place."""
    if isinstance(node, dict):
        if "properties" in node and node.get("type", "object") == "object":
            node.setdefault("additionalProperties", False)
        for value in node.values():
            close_objects(value)
    elif isinstance(node, list):
        for value in node:
            close_objects(value)


def describe_envelope(schema: dict[str, Any]) -> dict[str, Any]:
    """The envelope as sent: every field required but ``causation_id``; the payload is the
    registered type's (``<event_type>.v<schema_version>.json``)."""
    schema["required"] = [
        name for name in Envelope.model_fields if name not in OPTIONAL_ENVELOPE_FIELDS
    ]
    schema["properties"]["payload"]["description"] = (
        "the event's own fields: valid against the schema of event_type at schema_version"
    )
    close_objects(schema)
    return schema


def _published(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    close_objects(schema)
    return {"$schema": DIALECT, "$id": schema_id(name), **schema}


def current_schemas() -> dict[str, dict[str, Any]]:
    docs = {"envelope": _published("envelope", describe_envelope(Envelope.model_json_schema()))}
    for name, spec in EVENTS.items():
        key = f"{name}.v{spec.version}"
        docs[key] = _published(key, spec.model.model_json_schema())
    return docs


def write_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in current_schemas().items():
        path = directory / f"{name}.json"
        path.write_text(json.dumps(doc, indent=2, sort_keys=True) + "\n")
        written.append(path)
    return written


def committed_schemas(directory: Path = SCHEMA_DIR) -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(directory.glob("*.json"))}


def main() -> None:
    """``make schemas``: the JSON Schemas and the AsyncAPI document built from them."""
    from handover_contracts.asyncapi import write_asyncapi  # it imports this module

    for path in [*write_schemas(), write_asyncapi()]:
        print(path)


if __name__ == "__main__":
    main()
