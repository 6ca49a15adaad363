from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from handover_contracts.events import WayIn
from handover_contracts.facts import CareFacts

from referral.service_layer.lifecycle.history import Author


@dataclass(frozen=True)
class RegisterReferral:
    """A care request from any way in; a hospital discharge also names its stay and times."""

    way_in: WayIn
    personnummer: str
    registered_municipality_code: str
    region_code: str
    sending_unit: str
    care: CareFacts
    content: dict[str, Any]
    sender_unit_hsa_id: str | None = None
    sender_person_hsa_id: str | None = None
    acute: bool = False
    message_id: uuid.UUID | None = None
    discharged_at: datetime | None = None
    admitted_at: datetime | None = None
    stay_id: str | None = None
    fingerprint: str | None = None  # of everything sent but the message id
    author: Author = field(default_factory=lambda: Author("unknown"))
