"""The settings every service shares; each service subclasses this once (one class per service)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from handover_common.access.dev_issuer import DEFAULT_DIRECTORY, DEV_AUDIENCE, DEV_ISSUER, DevIssuer


class UnsafeConfiguration(Exception):
    """A development default in a deployment that did not say it is one: refuse to start."""


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = ""
    migrate_on_start: bool = True
    """Upgrade the database at start (`make run`, the tests). Off where the migrations run once
    per release instead (`python -m handover_common.migrate upgrade <service>`: the Kubernetes
    Job, compose's one-shot services): replicas then start against a schema already at head."""
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    topic_partitions: int = 3
    topic_replication_factor: int = 1
    """Set to 3 on a real cluster: an unreplicated partition is lost with its broker."""
    topic_check_seconds: float = 10.0
    """How often the topics are checked and re-created (a broker restarted without its data)."""
    consumer_session_timeout_ms: int = 6000
    consumer_fetch_max_wait_ms: int = 500
    """How long the broker may hold a fetch when there is nothing new (kafka.py: the embedded
    broker's default is much lower, it holds fetches even when there is)."""
    consumer_idle_fetch_max_wait_ms: int = 1000
    consumer_idle_after_seconds: float = 2.0
    """After this long without events the fetch wait goes up to the idle one (kafka.FetchPace):
    an idle system costs almost nothing, the first event after a quiet spell pays it once."""
    consumer_max_batch: int = 500
    """Events applied in one transaction, at most (one fetch)."""
    consumer_max_retries: int = 3
    consumer_retry_backoff_seconds: float = 0.2
    outbox_poll_seconds: float = 2.0
    """The relay wakes when an outbox row commits in its process; this poll is the safety net
    for rows from elsewhere (another replica, the republish tool)."""
    outbox_batch_size: int = 500
    database_pre_ping: bool = False
    """A round trip before every checkout; off, a dropped connection fails once and is renewed."""
    gc_young_threshold: int = Field(default=20_000, ge=1)
    """Allocations before the garbage collector scans the young generation (Python's default
    700): a consumer batch allocates hundreds of thousands of short-lived objects and keeps
    many until it commits; with the default, the collector's scans (mostly full ones of the old
    generation) took 50–155 µs of a ~1 ms event in process, with 20000 about 30 (issue 11)."""
    http_threads: int = 8
    """Threads for the routes' database work; the event consumer has its own."""
    log_level: str = "INFO"
    max_body_bytes: int = 256 * 1024
    """Larger request bodies are refused with 413 before they are read (issue 10)."""
    max_batch_body_bytes: int = 2 * 1024 * 1024
    """The same for routes ending in `/batch` (issue 11: a backlog sent together)."""

    otel_exporter: Literal["none", "otlp", "console", "memory"] = "none"
    """Where the OpenTelemetry spans go (tracing.py): `none` gives ids to logs and events but
    records nothing; `otlp` sends them to a collector at `otel_endpoint`; `console` writes each
    as a line of the service's JSON log; `memory` keeps them for tests."""
    otel_endpoint: str = ""
    """The collector's OTLP/HTTP address, e.g. `http://otel-collector:4318` (`/v1/traces` is
    added); empty: the standard `OTEL_EXPORTER_OTLP_*` variables, else localhost:4318."""

    development_mode: bool = False
    """On for `make run` and the tests: allows the local token issuer and development secrets."""
    auth_jwks_url: str = ""
    """The OpenID Connect provider's JWKS URL; empty means the local development issuer."""
    auth_issuer: str = ""
    auth_audience: str = DEV_AUDIENCE
    auth_algorithms: tuple[str, ...] = ("ES256", "RS256")
    dev_issuer_dir: str = DEFAULT_DIRECTORY

    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///var/{self.service_name}.db"

    def token_source(self) -> tuple[str, str]:
        """(JWKS URL, issuer) the tokens are verified against."""
        if self.auth_jwks_url:
            return self.auth_jwks_url, self.auth_issuer
        return DevIssuer(self.dev_issuer_dir).ensure().jwks_url, DEV_ISSUER

    def unsafe_defaults(self) -> list[str]:
        """What a production deployment forgot to set; subclasses add their own secrets."""
        problems = []
        if not self.auth_jwks_url:
            problems.append("AUTH_JWKS_URL is not set (tokens would come from the dev issuer)")
        elif not self.auth_issuer:
            problems.append("AUTH_ISSUER is not set (any issuer's tokens would do)")
        return problems

    @staticmethod
    def weak_secret(name: str, value: str, development: str, why: str) -> list[str]:
        """A problem for `unsafe_defaults` when a secret is the development one or short."""
        if value == development or len(value) < 32:
            return [f"{name} is the development one or shorter than 32 characters ({why})"]
        return []

    def refuse_unsafe(self) -> None:
        problems = self.unsafe_defaults()
        if problems and not self.development_mode:
            raise UnsafeConfiguration(
                f"{self.service_name} refuses to start: {'; '.join(problems)}. "
                "Set them, or DEVELOPMENT_MODE=true for a local run."
            )
