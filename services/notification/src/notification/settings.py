from __future__ import annotations

from handover_common.settings import ServiceSettings


class NotificationSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, …"""

    service_name: str = "notification"
    port: int = 8004

    # --- dashboard (issue 12 section 3) ---
    dashboard_window_hours: int = 24
    acknowledgement_overdue_minutes: int = 60

    # --- delivery to receiving systems (issue 12 section 1) ---
    delivery_ack_timeout_minutes: float = 15.0
    """How long a receiving system has to acknowledge a message it took, before it is resent."""
    delivery_max_resends: int = 2
    """Resends without an ok acknowledgement before operations get an alarm (MedCom: 2)."""
    delivery_backoff_seconds: float = 10.0
    """The first pause after a failed transmission; it doubles with each failure after it."""
    delivery_backoff_max_seconds: float = 300.0
    delivery_unreachable_alarm_minutes: float = 45.0
    """Operations hear of a receiver nothing reached for this long (it is still retried)."""
    delivery_poll_seconds: float = 2.0
    delivery_http_timeout_seconds: float = 10.0
    delivery_batch_size: int = 100

    # --- follow-up figures (issue 12 section 4) ---
    follow_up_trend_months: int = 12
    """Months in GET /v1/follow-up/trend unless the caller asks for another number."""
    follow_up_trend_max_months: int = 36
    """The most months one trend request may ask for (a longer one is refused, 422)."""
