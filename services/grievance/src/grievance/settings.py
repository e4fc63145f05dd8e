"""Settings of the grievance service (environment variables, see the README's configuration table)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, model_validator
from thidua.settings import ServiceSettings, SettingsError

# Dev-only key (base64 of 32 bytes), refused outside dev.
DEV_IDENTITY_KEYS = {"dev": "ZGV2LW9ubHktaWRlbnRpdHkta2V5LTAxMjM0NTY3ODk="}


class GrievanceSettings(ServiceSettings):
    """The grievance service's settings; defaults are the local ports of the public contract."""

    service_name: str = "grievance"
    http_port: int = 8003
    worker_metrics_port: int = 9003

    identity_keys: dict[str, str] = Field(default_factory=dict, description="key id -> base64 AES key")
    identity_active_key_id: str = ""
    plain_days_as: Literal["calendar", "working"] = "calendar"  # UNCONFIRMED: how plain "ngày" count
    extra_days_off: list[date] = Field(default_factory=list)  # compensatory days off (nghỉ bù), per year
    extra_working_days: list[date] = Field(default_factory=list)  # Saturdays worked in exchange
    due_soon_lead_working_days: int = Field(default=3, ge=0)
    scheduler_interval_s: float = Field(default=60.0, gt=0)
    timezone: str = "Asia/Ho_Chi_Minh"
    attachment_max_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="Largest attachment accepted."
    )

    @model_validator(mode="after")
    def _identity_keys(self) -> GrievanceSettings:
        if not self.identity_keys:
            if self.env != "dev":
                raise SettingsError(
                    f"THIDUA_IDENTITY_KEYS is missing while THIDUA_ENV={self.env}: set a JSON object "
                    'of key id -> base64 AES key, e.g. {"k1": "<openssl rand -base64 32>"}, and '
                    "THIDUA_IDENTITY_ACTIVE_KEY_ID to the key new identities are sealed with."
                )
            self.identity_keys = dict(DEV_IDENTITY_KEYS)
            self.identity_active_key_id = self.identity_active_key_id or "dev"
        if self.env != "dev" and set(self.identity_keys) & set(DEV_IDENTITY_KEYS):
            raise SettingsError("the dev identity key is refused outside THIDUA_ENV=dev")
        if self.identity_active_key_id not in self.identity_keys:
            raise SettingsError(
                f"THIDUA_IDENTITY_ACTIVE_KEY_ID={self.identity_active_key_id!r} is not a key id of "
                "THIDUA_IDENTITY_KEYS."
            )
        return self
