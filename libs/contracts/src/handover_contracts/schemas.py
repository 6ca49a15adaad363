"""JSON Schema documents for the envelope and every payload, committed under schemas/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from handover_contracts.envelope import Envelope
from handover_contracts.registry import EVENTS

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def current_schemas() -> dict[str, dict[str, Any]]:
    docs = {"envelope": Envelope.model_json_schema()}
    for name, spec in EVENTS.items():
        docs[f"{name}.v{spec.version}"] = spec.model.model_json_schema()
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


if __name__ == "__main__":
    for path in write_schemas():
        print(path)
