"""The one envelope every event travels in."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def utcnow() -> datetime:
    return datetime.now(UTC)


class Envelope(BaseModel):
    """Metadata common to all events; `payload` is validated against the registered type."""

    model_config = ConfigDict(frozen=True)

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    schema_version: int = Field(ge=1)
    occurred_at: datetime = Field(default_factory=utcnow)
    producer: str
    correlation_id: str
    causation_id: str | None = None
    partition_key: str = Field(description="pseudonymous patient reference, never a personnummer")
    payload: dict[str, Any]
