"""The settings every service shares; each service subclasses this once (one class per service)."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = ""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    topic_partitions: int = 3
    consumer_session_timeout_ms: int = 6000
    consumer_max_retries: int = 3
    consumer_retry_backoff_seconds: float = 0.2
    outbox_poll_seconds: float = 0.05
    outbox_batch_size: int = 200
    log_level: str = "INFO"

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///var/{self.service_name}.db"
