"""Settings shared by every process; each service extends `ServiceSettings` once, in its bootstrap."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_JWT_SECRET = "dev-only-secret-change-me-0123456789abcdef"  # noqa: S105 - refused outside dev
_PLACEHOLDERS = {"", "changeme", "change-me", "secret", DEV_JWT_SECRET}

Environment = Literal["dev", "test", "prod"]


class SettingsError(RuntimeError):
    """A setting is missing or unsafe; the message says which and how to fix it."""


class ServiceSettings(BaseSettings):
    """Settings every ThiĐua process reads from the environment (names in the README's table)."""

    model_config = SettingsConfigDict(env_prefix="THIDUA_", extra="ignore", populate_by_name=True)

    service_name: str = "thidua"
    env: Environment
    """Required: a process never runs as `dev` (with the repository's published secrets) by omission."""
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"

    mongodb_url: str = Field(
        default="mongodb://127.0.0.1:27017/?retryWrites=false",
        validation_alias=AliasChoices("MONGODB_URL", "THIDUA_MONGODB_URL"),
    )
    mongodb_database: str = ""
    rabbitmq_url: str = Field(
        default="amqp://guest:guest@127.0.0.1:5672/",
        validation_alias=AliasChoices("RABBITMQ_URL", "THIDUA_RABBITMQ_URL"),
    )
    events_exchange: str = "thidua.events"

    jwt_secret: SecretStr = Field(
        default=SecretStr(DEV_JWT_SECRET),
        validation_alias=AliasChoices("THIDUA_JWT_SECRET", "jwt_secret"),
    )
    jwt_jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_max_lifetime_s: int = Field(default=3600, gt=0)
    """Outside dev, a token whose `exp - iat` exceeds this is refused."""
    jwks_refresh_s: float = Field(default=300.0, gt=0)
    """How long JWKS keys are used before they are fetched again (the last good set outlives an outage)."""

    http_host: str = "127.0.0.1"
    http_port: int = 8000
    worker_metrics_port: int = 0
    internal_port: int = 0
    """When set, `/docs`, `/openapi.json` and `/metrics` are served only on this (internal) port."""
    http_max_body_bytes: int = Field(default=1024 * 1024, gt=0)
    """Largest request body other than a multipart upload (rejected on Content-Length before reading)."""
    http_max_upload_bytes: int = Field(default=16 * 1024 * 1024, gt=0)
    """Largest multipart upload body; each upload route also has its own, smaller limit."""
    trusted_proxies: list[str] = Field(default_factory=list)
    """Addresses of reverse proxies whose `X-Forwarded-For` names the client (rate limits per address)."""
    public_rate_limit: str = "30/minute"
    """Per client address and per principal on public endpoints (intake, tracking, public searches)."""

    relay_batch_size: int = 200
    relay_poll_interval_s: float = 0.05
    relay_max_attempts: int = 10
    relay_lease_ttl_s: float = 10.0
    relay_partitions: int = 4
    outbox_retention_days: int = 7

    amqp_startup_timeout_s: float = 120.0
    """How long a starting API or worker waits for RabbitMQ before it gives up (exit code 1)."""

    consumer_prefetch: int = 64
    consumer_concurrency: int = 16
    consumer_batch_size: int = 4
    consumer_transient_limit_s: float = 900.0
    consumer_retry_delays_s: list[float] = Field(default_factory=lambda: [1.0, 10.0, 60.0, 600.0])
    consumer_delivery_limit: int = 20
    inbox_retention_days: int = 30

    idempotency_retention_hours: int = 48

    # The shared working-day calendar (thidua.calendar): compensatory days off and Saturdays worked instead.
    extra_days_off: list[date] = Field(default_factory=list)
    extra_working_days: list[date] = Field(default_factory=list)

    @property
    def database_name(self) -> str:
        """The MongoDB database this service owns (one per service)."""
        return self.mongodb_database or f"thidua_{self.service_name}"

    @model_validator(mode="after")
    def _enforce_real_secrets(self) -> ServiceSettings:
        if self.env == "dev":
            return self
        if not (self.jwt_issuer and self.jwt_audience):
            raise SettingsError(
                f"THIDUA_JWT_ISSUER and THIDUA_JWT_AUDIENCE are required while THIDUA_ENV={self.env}: "
                "tokens are accepted only from one issuer, for this audience."
            )
        if self.jwt_jwks_url:
            return self
        secret = self.jwt_secret.get_secret_value()
        if secret.strip().lower() in _PLACEHOLDERS or len(secret) < 32:
            raise SettingsError(
                f"THIDUA_JWT_SECRET is missing or a placeholder while THIDUA_ENV={self.env}: "
                "set a random secret of at least 32 characters (e.g. `openssl rand -hex 32`), "
                "or THIDUA_JWT_JWKS_URL to verify RS256 tokens from your identity provider."
            )
        return self


def missing_environment_message(service: str) -> str:
    """What a process prints when THIDUA_ENV is not set (it refuses to start)."""
    return (
        f"{service}: THIDUA_ENV is not set. State the environment explicitly: THIDUA_ENV=prod for a real "
        "deployment (with real secrets), THIDUA_ENV=test for test systems, or THIDUA_ENV=dev on a "
        "developer's machine (`thidua up` sets dev and listens on 127.0.0.1 only)."
    )


class OperatorSettings(ServiceSettings):
    """Settings of the operator's command line: it acts on the local development system unless told.

    Unlike a service, `thidua dlq …` or `thidua token` in a shell without THIDUA_ENV is meant for the system
    that `thidua up` started; in a shell with THIDUA_ENV=prod the production rules apply.
    """

    env: Environment = "dev"
