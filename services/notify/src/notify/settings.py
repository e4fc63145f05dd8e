"""Settings of the notify service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from thidua.settings import ServiceSettings, SettingsError

# Dev-only party-mail private key (its public key is grievance's dev default), refused outside dev by value.
DEV_PARTY_MAIL_PRIVATE_KEY = "cBHbPBglpyL1Yt9HmzWRMGENnmh53hrjF8GPSoq2A1Y="


class NotifySettings(ServiceSettings):
    """The notify service's settings; defaults are the local ports of the public contract."""

    service_name: str = "notify"
    http_port: int = 8004
    worker_metrics_port: int = 9004

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_from: str = "thongbao@thidua.local"
    smtp_timeout_s: float = 10.0
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: Literal["auto", "required", "off"] = "auto"
    """`auto` upgrades when the server offers STARTTLS, `required` refuses to send in clear, `off` never."""
    smtp_implicit_tls: bool = False
    """TLS from the first byte (port 465) instead of STARTTLS."""
    smtp_ca_file: str | None = None
    """A CA bundle to trust for the SMTP server's certificate (a private CA); the system's by default."""
    webhook_timeout_s: float = 10.0
    webhook_allow_private_targets: bool = False
    webhook_require_https: bool | None = None
    """https-only targets; by default everywhere but dev."""
    """Only for a developer's own receiver: lets webhooks reach loopback and private addresses."""
    delivery_concurrency: int = 16
    """Deliveries sent at once; one slow receiver does not hold back the others."""
    delivery_per_host: int = 2
    """Deliveries sent at once to one host (an SMTP server, a webhook receiver)."""

    delivery_poll_interval_s: float = 1.0
    delivery_batch_size: int = 100
    delivery_lease_s: float = 60.0
    # Exponential backoff: 30 s doubling to 1 h, 12 attempts, i.e. retried for several hours.
    delivery_backoff_base_s: float = 30.0
    delivery_backoff_cap_s: float = 3600.0
    delivery_max_attempts: int = 12
    webhook_disable_after_failures: int = 1
    """Deliveries that exhausted their retries before a webhook is disabled (an operator re-enables it)."""
    party_mail_private_keys: dict[str, SecretStr] = Field(
        default_factory=dict,
        description="key id -> base64 X25519 private key opening filers' addresses sealed by grievance",
    )

    @model_validator(mode="after")
    def _party_mail_keys(self) -> NotifySettings:
        if self.env == "dev" and not self.party_mail_private_keys:
            self.party_mail_private_keys = {"dev": SecretStr(DEV_PARTY_MAIL_PRIVATE_KEY)}
        dev = any(
            k.get_secret_value() == DEV_PARTY_MAIL_PRIVATE_KEY for k in self.party_mail_private_keys.values()
        )
        if dev and self.env != "dev":
            raise SettingsError("the dev party-mail key is refused outside THIDUA_ENV=dev")
        return self
