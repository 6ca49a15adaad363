from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class RegisterDischarge:
    personnummer: str
    registered_municipality_code: str
    region_code: str
    hospital_unit: str
    discharged_at: datetime
    facts: dict[str, Any]
    message_id: uuid.UUID | None = None
