"""The embedded default's sign-in for `thidua up` and isolated systems: the portal signs with a local RSA key
and knows every API; every service verifies its RS256 tokens through the portal's JWKS URL."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from thidua.signing import JWKS_PATH, LOCAL_AUDIENCE, LOCAL_ISSUER, ensure_key_file

if TYPE_CHECKING:
    from thidua_tools.launcher import ServiceProcess

PORTAL = "portal"


def local_auth_env(
    processes: Iterable[ServiceProcess], *, key_file: Path, issuer: str, audience: str
) -> dict[str, dict[str, str]]:
    """Per service, the environment of the embedded sign-in: the portal signs with `key_file` and knows
    every API; every service verifies RS256 tokens through the portal's JWKS URL."""
    apis = {p.service: p.port for p in processes if p.role == "api"}
    jwks = {
        "THIDUA_JWT_JWKS_URL": f"http://127.0.0.1:{apis[PORTAL]}{JWKS_PATH}",
        "THIDUA_JWT_ISSUER": issuer,
        "THIDUA_JWT_AUDIENCE": audience,
    }
    out = {name: dict(jwks) for name in apis if name != PORTAL}
    out[PORTAL] = {
        "THIDUA_JWT_SIGNING_KEY_FILE": str(key_file),
        "THIDUA_JWT_ISSUER": issuer,
        "THIDUA_JWT_AUDIENCE": audience,
        **{
            f"THIDUA_{name.upper()}_URL": f"http://127.0.0.1:{port}"
            for name, port in apis.items()
            if name != "portal"
        },
    }
    return out


def local_sign_in(
    env: dict[str, str], var_dir: Path, processes: list[ServiceProcess]
) -> dict[str, dict[str, str]]:
    """The embedded sign-in: the local key (created once under var/keys/) and the portal's admin secret;
    left alone when the environment already names an identity provider's JWKS URL."""
    keys = var_dir / "keys"
    admin = keys / "portal-admin-token"
    if not admin.exists():
        keys.mkdir(parents=True, exist_ok=True)
        admin.write_text(secrets.token_urlsafe(32))
        admin.chmod(0o600)
    portal = {"THIDUA_ADMIN_TOKEN": env.get("THIDUA_ADMIN_TOKEN") or admin.read_text().strip()}
    if env.get("THIDUA_JWT_JWKS_URL"):
        return {PORTAL: portal}
    key_file = keys / "jwt-signing.pem"
    ensure_key_file(key_file)
    issuer, audience = (
        env.get("THIDUA_JWT_ISSUER", LOCAL_ISSUER),
        env.get("THIDUA_JWT_AUDIENCE", LOCAL_AUDIENCE),
    )
    out = local_auth_env(processes, key_file=key_file.resolve(), issuer=issuer, audience=audience)
    out[PORTAL].update(portal)
    return out
