"""Work notification runs beside its consumer (webhook deliveries, live dashboard feeds)."""

from handover_common.runtime import BackgroundTask

__all__ = ["BackgroundTask"]
