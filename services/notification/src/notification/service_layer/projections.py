"""What a capability of notification keeps from an event, beside the notices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope
from sqlmodel import SQLModel

Projection = Callable[[UnitOfWork, Envelope, dict[str, Any]], None]
"""Called in the event's unit of work with the contract-checked payload (JSON form)."""


@dataclass(frozen=True)
class Preload:
    """A row a projection looks up per event (`UnitOfWork.find`), read for a whole batch at
    once: `model` by `column`, whose value is the payload's `field`, or what `field` makes of
    the payload (issue 11)."""

    model: type[SQLModel]
    column: str
    field: str | Callable[[dict[str, Any]], object]

    def value(self, payload: dict[str, Any]) -> object:
        if not callable(self.field):
            return payload.get(self.field)
        try:
            return self.field(payload)
        except (KeyError, TypeError):
            return None  # malformed: its handler refuses the event, not the batch's preload


Preloads = dict[str, tuple[Preload, ...]]
"""By event type: what a capability's projections look up for it."""
