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

    # --- follow-up figures (issue 12 section 4) ---
