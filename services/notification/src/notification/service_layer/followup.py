"""Placeholder: filled in by the followup work of issue 12."""

from __future__ import annotations

from notification.service_layer.projections import Projection

PROJECTIONS: dict[str, Projection] = {}
