"""Settings of the portal (environment variables, see the portal README's configuration table)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from thidua.settings import ServiceSettings, SettingsError

PACKAGE_DIR = Path(__file__).resolve().parent
# A source checkout keeps npm's packages beside the portal's package.json (services/portal/node_modules).
DEFAULT_ASSETS_DIR = PACKAGE_DIR.parents[1] / "node_modules"
MAX_TOKEN_TTL_S = 900  # access tokens the portal signs live at most 15 minutes


class PortalSettings(ServiceSettings):
    """The portal's settings; defaults are the local ports of the public contract."""

    service_name: str = "portal"
    http_port: int = 8000

    registration_url: str = "http://127.0.0.1:8001"
    awards_url: str = "http://127.0.0.1:8002"
    grievance_url: str = "http://127.0.0.1:8003"
    notify_url: str = "http://127.0.0.1:8004"
    downstream_timeout_s: float = 10.0

    auth_mode: Literal["local", "oidc"] = "local"
    jwt_signing_key_file: Path | None = None
    """PEM RSA private key the portal signs its users' access tokens with (local accounts)."""
    access_token_ttl_s: int = 600

    oidc_discovery_url: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_redirect_url: str | None = None
    """Where the provider sends the user back: `<portal URL>/auth/oidc/callback`."""
    oidc_scopes: str = "openid profile"
    oidc_roles_claim: str = "roles"
    oidc_association_claim: str = "association_id"

    session_cookie: str = "thidua_session"
    cookie_secure: bool = True
    """Send cookies over HTTPS only; browsers treat http://127.0.0.1 as secure, so local use works too."""
    session_ttl_s: int = 8 * 3600
    session_idle_s: int = 3600

    login_user_failures: int = 5
    login_address_failures: int = 20
    login_window_s: int = 900
    login_lockout_s: int = 900

    public_form_limit: int = 10
    """Public form submissions (grievances, objections, tracking look-ups) per client address and hour."""
    form_min_fill_s: float = 2.0
    form_max_age_s: int = 4 * 3600
    form_secret: SecretStr | None = None
    """Signs the public forms' timestamps; random per process when unset (set it with several replicas)."""
    trust_forwarded_for: bool = False
    """Take the client address from X-Forwarded-For (only behind a proxy that sets it)."""

    admin_token: SecretStr | None = None
    """Bearer secret of the account administration API (`/admin/accounts`); unset: the API is off."""

    assets_dir: Path = DEFAULT_ASSETS_DIR
    timezone: str = "Asia/Ho_Chi_Minh"
    locale: str = "vi"

    def service_urls(self) -> dict[str, str]:
        """The base URL of each downstream service."""
        return {
            "registration": self.registration_url.rstrip("/"),
            "awards": self.awards_url.rstrip("/"),
            "grievance": self.grievance_url.rstrip("/"),
            "notify": self.notify_url.rstrip("/"),
        }

    @model_validator(mode="after")
    def _check_portal(self) -> PortalSettings:
        if not 60 <= self.access_token_ttl_s <= MAX_TOKEN_TTL_S:
            raise SettingsError("THIDUA_ACCESS_TOKEN_TTL_S must be between 60 and 900 seconds.")
        if self.admin_token is not None and len(self.admin_token.get_secret_value()) < 32:
            raise SettingsError("THIDUA_ADMIN_TOKEN must be at least 32 characters (or unset).")
        if self.auth_mode == "oidc":
            missing = [
                n
                for n in ("oidc_discovery_url", "oidc_client_id", "oidc_redirect_url")
                if not getattr(self, n)
            ]
            if missing:
                names = ", ".join(f"THIDUA_{n.upper()}" for n in missing)
                raise SettingsError(f"THIDUA_AUTH_MODE=oidc needs {names}.")
        elif self.env != "dev" and self.jwt_signing_key_file is None:
            raise SettingsError(
                "THIDUA_JWT_SIGNING_KEY_FILE is required outside dev: the portal signs its users' tokens "
                "with it (`thidua up` creates one under var/keys/)."
            )
        return self


__all__ = ["PortalSettings", "SettingsError"]
