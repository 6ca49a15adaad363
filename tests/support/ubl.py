"""The OASIS UBL 2.1 schemas vendored in tests/fixtures/ubl, for checking produced documents
offline (issue 13 §7). Building the schema set takes a few seconds, so it is built once per
test session and shared by the unit and integration tests."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import xmlschema

SCHEMAS = Path(__file__).parents[1] / "fixtures" / "ubl" / "maindoc"


@cache
def ubl_schema() -> xmlschema.XMLSchema:
    """Invoice and CreditNote in one schema set (the common modules are built once, ~7 s)."""
    return xmlschema.XMLSchema([str(SCHEMAS / "UBL-Invoice-2.1.xsd"), "UBL-CreditNote-2.1.xsd"])


def validate_ubl(document: bytes | str) -> None:
    """Raises ``xmlschema.XMLSchemaValidationError`` naming the first misplaced element."""
    text = document.decode("utf-8") if isinstance(document, bytes) else document
    ubl_schema().validate(text)
