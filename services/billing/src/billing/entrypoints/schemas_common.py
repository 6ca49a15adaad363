"""Field types shared by billing's request bodies."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

RULE_IDS = frozenset(
    {
        "JH-RENT-DAY",
        "JH-RENT-NIGHT",
        "JH-HOSP-STAFF",
        "JH-SIGHT",
        "JH-MT-FIXED",
        "JH-MT-VARIABLE",
        "JH-TB",
        "JH-ECO",
        "GB-ECO",
        "GEN-RES",
        "LAW-PAY",
    }
)
INDEX_NAME = r"^[A-Z]{2,10}$"


def _decimal_text(value: object) -> object:
    if not isinstance(value, str):
        raise PydanticCustomError("DECIMAL-TEXT", 'give amounts as strings, e.g. "640.00"')
    return value


DecimalText = Annotated[Decimal, BeforeValidator(_decimal_text)]
MONTH = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"
