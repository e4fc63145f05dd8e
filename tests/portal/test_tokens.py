"""The embedded sign-in's tokens: RS256 with the local key, its JWKS, `thidua token` signing with it."""

from __future__ import annotations

from pathlib import Path

import httpx
import jwt
import pytest
from portal.accounts.domain import User
from portal.tokens import AccessTokens
from portal.web.sessions import WebSession
from thidua.auth import JwksKeys, TokenVerifier
from thidua.http.problems import Unauthorized
from thidua.signing import LocalKey, ensure_key_file, jwks_document
from thidua_tools import cli_token


class StaticJwks:
    def __init__(self, key: LocalKey) -> None:
        self.keys = {k["kid"]: jwt.PyJWK(k) for k in jwks_document(key)["keys"]}

    def get_signing_key(self, kid: str) -> jwt.PyJWK:
        if kid not in self.keys:
            raise jwt.PyJWKClientError(f"no key {kid}")
        return self.keys[kid]


def verifier(key: LocalKey, *, issuer: str = "http://portal.test") -> TokenVerifier:
    return TokenVerifier(algorithm="RS256", jwks=JwksKeys(StaticJwks(key)), issuer=issuer, audience="thidua")


class TestAccessTokens:
    async def test_the_portal_signs_a_short_rs256_token_with_a_kid_that_its_jwks_verifies(
        self, signing_key: LocalKey
    ) -> None:
        tokens = AccessTokens(signing_key, issuer="http://portal.test", audience="thidua", ttl_s=600)
        user = User("can-bo-a", "Nguyễn Thị Lan", ("association",), "hoi-a")
        token = tokens.for_session(WebSession(key="s1", user=user, csrf="c"))

        header, claims = (
            jwt.get_unverified_header(token),
            jwt.decode(token, options={"verify_signature": False}),
        )
        principal = await verifier(signing_key).verify(token)

        assert header["alg"] == "RS256" and header["kid"] == signing_key.kid
        assert claims["exp"] - claims["iat"] <= 900
        assert {"sub", "roles", "association_id", "iss", "aud", "iat", "exp"} <= set(claims)
        assert principal.association_id == "hoi-a" and principal.roles == frozenset({"association"})

    async def test_a_token_signed_with_another_key_is_refused(
        self, signing_key: LocalKey, tmp_path: Path
    ) -> None:
        other = ensure_key_file(tmp_path / "other.pem")
        forged = AccessTokens(other, issuer="http://portal.test", audience="thidua", ttl_s=600).for_session(
            WebSession(key="s1", user=User("x", "X", ("secretariat",)), csrf="c")
        )
        with pytest.raises(Unauthorized):
            await verifier(signing_key).verify(forged)


class TestTokenCli:
    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch: pytest.MonkeyPatch, signing_key_file: Path) -> None:
        monkeypatch.setenv("THIDUA_ENV", "dev")
        monkeypatch.setenv("THIDUA_JWT_SIGNING_KEY_FILE", str(signing_key_file))
        monkeypatch.setenv("THIDUA_JWT_ISSUER", "http://portal.test")
        monkeypatch.setenv("THIDUA_JWT_AUDIENCE", "thidua")
        monkeypatch.delenv("THIDUA_JWT_JWKS_URL", raising=False)

    async def test_with_a_local_key_thidua_token_signs_rs256_that_the_portal_jwks_verifies(
        self, capsys: pytest.CaptureFixture[str], signing_key: LocalKey
    ) -> None:
        assert cli_token.main(["token", "--role", "association", "--association-id", "hoi-b"]) == 0
        out = capsys.readouterr().out.strip().splitlines()

        principal = await verifier(signing_key).verify(out[-1])

        assert out[0].startswith("RS256 token")
        assert principal.association_id == "hoi-b"


class TestJwksRoute:
    @pytest.mark.integration
    async def test_the_portal_serves_its_public_key_only(
        self, browser: httpx.AsyncClient, signing_key: LocalKey
    ) -> None:
        answer = await browser.get("/.well-known/jwks.json")

        keys = answer.json()["keys"]
        assert answer.status_code == 200
        assert [k["kid"] for k in keys] == [signing_key.kid]
        assert all("d" not in k and "p" not in k for k in keys)  # no private parameters


class TestThiduaUpSignIn:
    def test_thidua_up_creates_the_key_and_admin_secret_once_and_points_every_service_at_the_portal(
        self, tmp_path: Path
    ) -> None:
        from thidua_tools.launcher import plan
        from thidua_tools.local_sign_in import local_sign_in

        processes = plan(portal=True)
        first = local_sign_in({}, tmp_path, processes)
        second = local_sign_in({}, tmp_path, processes)

        assert first == second  # the same key file and the same admin secret on every start
        assert (tmp_path / "keys" / "jwt-signing.pem").stat().st_mode & 0o777 == 0o600
        for service in ("registration", "awards", "grievance", "notify"):
            assert first[service]["THIDUA_JWT_JWKS_URL"] == "http://127.0.0.1:8000/.well-known/jwks.json"
        assert first["portal"]["THIDUA_AWARDS_URL"] == "http://127.0.0.1:8002"
        assert len(first["portal"]["THIDUA_ADMIN_TOKEN"]) >= 32

    def test_an_external_identity_provider_is_left_alone(self, tmp_path: Path) -> None:
        from thidua_tools.launcher import plan
        from thidua_tools.local_sign_in import local_sign_in

        chosen = local_sign_in(
            {"THIDUA_JWT_JWKS_URL": "https://idp.example/certs"}, tmp_path, plan(portal=True)
        )

        assert set(chosen) == {"portal"} and not (tmp_path / "keys" / "jwt-signing.pem").exists()
