from __future__ import annotations

from handover_common.settings import ServiceSettings

DEVELOPMENT_WEBHOOK_SECRET_KEY = "local-development-webhook-key-change-me"


class NotificationSettings(ServiceSettings):
    """Environment: DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS, PORT, WEBHOOK_SECRET_KEY, …"""

    service_name: str = "notification"
    port: int = 8004
    webhook_secret_key: str = DEVELOPMENT_WEBHOOK_SECRET_KEY
    """Seals the webhook subscriptions' signing secrets in the database (adapters/secret_box)."""

    # --- dashboard (issue 12 section 3) ---
    acknowledgement_overdue_minutes: int = 60
    """A care request not even acknowledged after this long is overdue (listed first)."""
    dashboard_stream_seconds: float = 2.0
    """How often the live stream looks for a change (it sends only when there is one)."""
    dashboard_stream_max_seconds: float = 300.0
    """A stream ends after this long (or when its token expires); the page reconnects, and its
    token is checked again."""
    dashboard_heartbeat_seconds: float = 15.0
    dashboard_unanswered_shown: int = 200
    dashboard_decisions_shown: int = 15
    dashboard_decisions_kept: int = 500
    dashboard_chart_minutes: int = 30
    dashboard_minutes_kept_hours: int = 24
    dashboard_prune_seconds: float = 600.0
    dashboard_metrics_seconds: float = 5.0
    """How often each service's /metrics is read while operations watch the dashboard."""
    dashboard_dead_letters_seconds: float = 30.0
    """How often the dead-letter topics are listed while operations watch the dashboard."""
    dashboard_watch_seconds: float = 60.0
    """Nothing is probed once no operations dashboard has been open for this long."""
    dashboard_probe_timeout_seconds: float = 2.0
    referral_url: str = "http://127.0.0.1:8001"
    responsibility_url: str = "http://127.0.0.1:8002"
    billing_url: str = "http://127.0.0.1:8003"
    notification_url: str = "http://127.0.0.1:8004"
    """Each service's base URL, for its /metrics (outbox backlog, consumer lag)."""

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
    delivery_worker: bool = True
    """Off only where something else drives the deliveries (tests, on a clock of their own)."""
    delivery_min_interval_seconds: float = 0.5
    """At most two rounds a second however many notices commit: each round numbers the feed
    and looks for what is due, which per event cost more than the event itself (issue 11)."""
    delivery_poll_seconds: float = 10.0
    """The delivery worker is woken when notices commit, a delivery is acknowledged or a resend
    falls due; this poll is its safety net (notices committed by another replica)."""
    delivery_http_timeout_seconds: float = 10.0
    delivery_batch_size: int = 100

    # --- follow-up figures (issue 12 section 4) ---
    follow_up_trend_months: int = 12
    """Months in GET /v1/follow-up/trend unless the caller asks for another number."""
    follow_up_trend_max_months: int = 36
    """The most months one trend request may ask for (a longer one is refused, 422)."""

    def unsafe_defaults(self) -> list[str]:
        return super().unsafe_defaults() + self.weak_secret(
            "WEBHOOK_SECRET_KEY",
            self.webhook_secret_key,
            DEVELOPMENT_WEBHOOK_SECRET_KEY,
            "a copy of the database would let anyone sign messages as this service",
        )
