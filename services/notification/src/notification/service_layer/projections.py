"""What a capability of notification keeps from an event, beside the notices."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from handover_common.unit_of_work import UnitOfWork
from handover_contracts import Envelope

Projection = Callable[[UnitOfWork, Envelope, dict[str, Any]], None]
"""Called in the event's unit of work with the contract-checked payload (JSON form)."""
