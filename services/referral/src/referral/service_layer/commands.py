from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from handover_contracts.facts import CareFacts


@dataclass(frozen=True)
class RegisterDischarge:
    personnummer: str
    registered_municipality_code: str
    region_code: str
    hospital_unit: str
    discharged_at: datetime
    care: CareFacts
    admitted_at: datetime | None = None
    acute: bool = False
    stay_id: str | None = None
    message_id: uuid.UUID | None = None
