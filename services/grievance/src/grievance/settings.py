"""Settings of the grievance service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator
from thidua.settings import ServiceSettings, SettingsError

# Dev-only keys, refused outside dev by their value (whatever id they are configured under).
DEV_IDENTITY_KEY = "ZGV2LW9ubHktaWRlbnRpdHkta2V5LTAxMjM0NTY3ODk="  # base64 of 32 bytes
DEV_PARTY_MAIL_PUBLIC_KEY = "iC3930LsHWfqoqjO4M0fubeWtzV2uPZPLZqvwyf55FY="  # notify's dev private key's


class GrievanceSettings(ServiceSettings):
    """The grievance service's settings; defaults are the local ports of the public contract."""

    service_name: str = "grievance"
    http_port: int = 8003
    worker_metrics_port: int = 9003

    identity_keys: dict[str, SecretStr] = Field(default_factory=dict, description="key id -> base64 AES key")
    identity_active_key_id: str = ""
    party_mail_public_key: str = Field(
        default="", description="notify's X25519 public key (base64): seals filers' e-mail addresses for it"
    )
    party_mail_key_id: str = ""
    plain_days_as: Literal["calendar", "working"] = "calendar"  # UNCONFIRMED: how plain "ngày" count
    due_soon_lead_working_days: int = Field(default=3, ge=0)
    scheduler_interval_s: float = Field(default=60.0, gt=0)
    attachments_max_per_case: int = Field(
        default=20, gt=0, description="Most attachments one case may hold (a cap against abuse)."
    )
    attachment_max_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="Largest attachment accepted."
    )

    @model_validator(mode="after")
    def _keys(self) -> GrievanceSettings:
        if not self.identity_keys:
            if self.env != "dev":
                raise SettingsError(
                    f"THIDUA_IDENTITY_KEYS is missing while THIDUA_ENV={self.env}: set a JSON object "
                    'of key id -> base64 AES key, e.g. {"k1": "<openssl rand -base64 32>"}, and '
                    "THIDUA_IDENTITY_ACTIVE_KEY_ID to the key new identities are sealed with."
                )
            self.identity_keys = {"dev": SecretStr(DEV_IDENTITY_KEY)}
            self.identity_active_key_id = self.identity_active_key_id or "dev"
        if self.env == "dev" and not self.party_mail_public_key:
            self.party_mail_public_key, self.party_mail_key_id = DEV_PARTY_MAIL_PUBLIC_KEY, "dev"
        if self.env != "dev":
            if any(k.get_secret_value() == DEV_IDENTITY_KEY for k in self.identity_keys.values()):
                raise SettingsError("the dev identity key is refused outside THIDUA_ENV=dev")
            if self.party_mail_public_key == DEV_PARTY_MAIL_PUBLIC_KEY:
                raise SettingsError("the dev party-mail key is refused outside THIDUA_ENV=dev")
        if self.identity_active_key_id not in self.identity_keys:
            raise SettingsError(
                f"THIDUA_IDENTITY_ACTIVE_KEY_ID={self.identity_active_key_id!r} is not a key id of "
                "THIDUA_IDENTITY_KEYS."
            )
        return self
