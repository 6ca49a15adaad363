"""Placeholder: filled in by the followup work of issue 12."""

from __future__ import annotations

from fastapi import APIRouter
from handover_common.access import AccessTable

from notification.service_layer.background import BackgroundTask

router = APIRouter(prefix="/v1", tags=["followup"])
ACCESS: AccessTable = {}
BACKGROUND: tuple[BackgroundTask, ...] = ()
