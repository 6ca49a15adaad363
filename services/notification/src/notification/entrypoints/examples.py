"""Examples of notification's request bodies, as its OpenAPI document shows them (issue 14);
each validates against its body's schema (tests/integration/test_openapi_documents.py)."""

from __future__ import annotations

from typing import Any

SUBSCRIPTION = {
    "url": "https://vard.ostersund.se/handover/webhook",
    "event_types": ["care-request.created", "care-request.cancelled"],
}
ACKNOWLEDGEMENT = {"outcome": "ok"}
REPLAY = {"position": "0:42"}


def examples(*bodies: dict[str, Any]) -> dict[str, Any]:
    """A model's ``json_schema_extra``: its examples, as OpenAPI 3.1 documents them."""
    return {"examples": list(bodies)}
