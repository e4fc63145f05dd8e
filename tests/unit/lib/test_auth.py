"""Token verification, roles and association scope, and the `thidua token` CLI (no I/O)."""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from thidua.auth import (
    ASSOCIATION,
    BOARD,
    COUNCIL,
    GRIEVANCE_OFFICER,
    SECRETARIAT,
    JwksKeys,
    Principal,
    TokenVerifier,
    current_principal,
    ensure_association_scope,
    mint_token,
    require_roles,
)
from thidua.http.problems import Forbidden, Unauthorized
from thidua.settings import ServiceSettings
from thidua_tools import cli_token

SECRET = "unit-test-secret-" + "s" * 40
OTHER_SECRET = "another-secret-" + "o" * 40


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "sub": "u1",
        "roles": [SECRETARIAT],
        "exp": datetime.now(UTC) + timedelta(hours=1),
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def hs256(payload: dict[str, Any], secret: str = SECRET, **headers: Any) -> str:
    return jwt.encode(payload, secret, algorithm="HS256", headers=headers or None)


@pytest.fixture
def verifier() -> TokenVerifier:
    return TokenVerifier(algorithm="HS256", secret=SECRET)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeJwks:
    """Stands in for PyJWKClient: serves one RSA public key under kid `k1`, counting lookups."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
        self.jwk = jwt.PyJWK({**jwk, "kid": "k1", "use": "sig", "alg": "RS256"})
        self.lookups = 0

    def get_signing_key(self, kid: str) -> jwt.PyJWK:
        self.lookups += 1
        if kid != "k1":
            raise jwt.PyJWKClientError(f"no key {kid}")
        return self.jwk


async def refused(verifier: TokenVerifier, token: str) -> Unauthorized:
    with pytest.raises(Unauthorized) as caught:
        await verifier.verify(token)
    assert caught.value.status == 401
    assert caught.value.headers["WWW-Authenticate"].startswith("Bearer")
    return caught.value


class TestHs256Verification:
    async def test_a_valid_token_gives_its_principal(self, verifier: TokenVerifier) -> None:
        token = mint_token(SECRET, "officer-7", [ASSOCIATION], association_id="a1")

        principal = await verifier.verify(token)

        assert principal == Principal(sub="officer-7", roles=frozenset({ASSOCIATION}), association_id="a1")

    async def test_an_expired_token_is_refused(self, verifier: TokenVerifier) -> None:
        token = mint_token(SECRET, "u1", [SECRETARIAT], ttl=timedelta(minutes=-5))
        problem = await refused(verifier, token)
        assert "hết hạn" in (problem.detail or "")

    async def test_an_unsigned_alg_none_token_is_refused(self, verifier: TokenVerifier) -> None:
        header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        payload = b64url(json.dumps({"sub": "u1", "roles": [SECRETARIAT], "exp": 4102444800}).encode())
        await refused(verifier, f"{header}.{payload}.")

    async def test_a_tampered_payload_is_refused(self, verifier: TokenVerifier) -> None:
        header, _payload, signature = mint_token(SECRET, "u1", [COUNCIL]).split(".")
        forged = b64url(json.dumps(claims(roles=[SECRETARIAT], exp=4102444800)).encode())
        await refused(verifier, f"{header}.{forged}.{signature}")

    async def test_a_token_signed_with_another_key_is_refused(self, verifier: TokenVerifier) -> None:
        await refused(verifier, mint_token(OTHER_SECRET, "u1", [SECRETARIAT]))

    async def test_an_rs256_token_is_refused_by_an_hs256_verifier(
        self, verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
    ) -> None:
        await refused(verifier, jwt.encode(claims(), rsa_key, algorithm="RS256"))

    @pytest.mark.parametrize("missing", ["sub", "exp", "roles"])
    async def test_a_token_missing_a_required_claim_is_refused(
        self, verifier: TokenVerifier, missing: str
    ) -> None:
        payload = claims()
        del payload[missing]
        await refused(verifier, hs256(payload))

    @pytest.mark.parametrize("roles", ["secretariat", [SECRETARIAT, 3], {"r": 1}])
    async def test_roles_must_be_a_list_of_strings(self, verifier: TokenVerifier, roles: Any) -> None:
        await refused(verifier, hs256(claims(roles=roles)))

    async def test_the_association_role_needs_an_association_id(self, verifier: TokenVerifier) -> None:
        await refused(verifier, hs256(claims(roles=[ASSOCIATION])))

    async def test_garbage_is_refused(self, verifier: TokenVerifier) -> None:
        await refused(verifier, "not-a-jwt")

    async def test_issuer_and_audience_are_checked_when_configured(self) -> None:
        strict = TokenVerifier(algorithm="HS256", secret=SECRET, issuer="https://idp", audience="thidua")
        good = mint_token(SECRET, "u1", [BOARD], issuer="https://idp", audience="thidua")

        assert (await strict.verify(good)).roles == {BOARD}
        await refused(strict, mint_token(SECRET, "u1", [BOARD]))
        await refused(strict, mint_token(SECRET, "u1", [BOARD], issuer="https://evil", audience="thidua"))
        await refused(strict, mint_token(SECRET, "u1", [BOARD], issuer="https://idp", audience="other"))


class TestStrictVerification:
    """Outside dev: `iss`, `aud` and `iat` are required and the lifetime `exp - iat` is capped."""

    @pytest.fixture
    def strict(self) -> TokenVerifier:
        return TokenVerifier(
            algorithm="HS256",
            secret=SECRET,
            issuer="https://idp",
            audience="thidua",
            strict=True,
            max_lifetime_s=900,
        )

    async def test_a_short_lived_token_from_the_issuer_for_this_audience_is_accepted(
        self, strict: TokenVerifier
    ) -> None:
        token = mint_token(
            SECRET, "u1", [BOARD], issuer="https://idp", audience="thidua", ttl=timedelta(minutes=15)
        )
        assert (await strict.verify(token)).sub == "u1"

    @pytest.mark.parametrize("missing", ["iss", "aud", "iat"])
    async def test_a_token_without_iss_aud_or_iat_is_refused(
        self, strict: TokenVerifier, missing: str
    ) -> None:
        now = datetime.now(UTC)
        payload = claims(iss="https://idp", aud="thidua", iat=now, exp=now + timedelta(minutes=5))
        del payload[missing]
        await refused(strict, hs256(payload))

    async def test_a_token_living_longer_than_the_cap_is_refused(self, strict: TokenVerifier) -> None:
        token = mint_token(
            SECRET, "u1", [BOARD], issuer="https://idp", audience="thidua", ttl=timedelta(hours=8)
        )
        problem = await refused(strict, token)
        assert "thời hạn" in (problem.detail or "")

    def test_a_strict_verifier_needs_its_issuer_and_audience(self) -> None:
        with pytest.raises(ValueError, match="issuer and audience"):
            TokenVerifier(algorithm="HS256", secret=SECRET, strict=True)

    def test_outside_dev_the_verifier_built_from_settings_is_strict(self) -> None:
        prod = ServiceSettings(
            env="prod", jwt_secret="p" * 40, jwt_issuer="https://idp", jwt_audience="thidua"
        )
        assert TokenVerifier.from_settings(prod).strict
        assert not TokenVerifier.from_settings(ServiceSettings(env="dev")).strict


class FlakyJwks(FakeJwks):
    """A provider that stops answering after a while (an outage), or that rotated its key."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        super().__init__(key)
        self.down = False
        self.extra: dict[str, jwt.PyJWK] = {}

    def get_signing_key(self, kid: str) -> jwt.PyJWK:
        if self.down:
            raise jwt.PyJWKClientConnectionError("provider unreachable")
        if kid in self.extra:
            self.lookups += 1
            return self.extra[kid]
        return super().get_signing_key(kid)


class TestJwksResilience:
    async def test_the_last_good_key_keeps_serving_while_the_provider_is_unreachable(
        self, rsa_key: rsa.RSAPrivateKey
    ) -> None:
        jwks = FlakyJwks(rsa_key)
        verifier = TokenVerifier(algorithm="RS256", jwks=JwksKeys(jwks, ttl_s=0.0))  # every use refetches
        token = jwt.encode(claims(sub="idp-user"), rsa_key, algorithm="RS256", headers={"kid": "k1"})
        assert (await verifier.verify(token)).sub == "idp-user"
        jwks.down = True
        assert (await verifier.verify(token)).sub == "idp-user"
        fresh = jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "k2"})
        await refused(verifier, fresh)  # a key never seen cannot be served from the last good set

    async def test_an_unknown_kid_is_fetched_so_a_rotated_key_works_at_once(self) -> None:
        old, new = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
        jwks = FlakyJwks(old)
        verifier = TokenVerifier(algorithm="RS256", jwks=JwksKeys(jwks))
        await verifier.verify(jwt.encode(claims(), old, algorithm="RS256", headers={"kid": "k1"}))
        rotated = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(new.public_key()))
        jwks.extra["k2"] = jwt.PyJWK({**rotated, "kid": "k2", "use": "sig", "alg": "RS256"})
        token = jwt.encode(claims(sub="after-rotation"), new, algorithm="RS256", headers={"kid": "k2"})
        assert (await verifier.verify(token)).sub == "after-rotation"


class TestRs256Verification:
    @pytest.fixture
    def jwks(self, rsa_key: rsa.RSAPrivateKey) -> FakeJwks:
        return FakeJwks(rsa_key)

    @pytest.fixture
    def rs_verifier(self, jwks: FakeJwks) -> TokenVerifier:
        return TokenVerifier(algorithm="RS256", jwks=JwksKeys(jwks))

    async def test_a_token_signed_by_the_provider_is_accepted_and_its_key_cached(
        self, rs_verifier: TokenVerifier, jwks: FakeJwks, rsa_key: rsa.RSAPrivateKey
    ) -> None:
        token = jwt.encode(claims(sub="idp-user"), rsa_key, algorithm="RS256", headers={"kid": "k1"})

        assert (await rs_verifier.verify(token)).sub == "idp-user"
        assert (await rs_verifier.verify(token)).sub == "idp-user"
        assert jwks.lookups == 1

    async def test_an_unknown_kid_is_refused(
        self, rs_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
    ) -> None:
        await refused(rs_verifier, jwt.encode(claims(), rsa_key, algorithm="RS256", headers={"kid": "k9"}))

    async def test_an_hs256_token_keyed_with_the_public_key_is_refused(
        self, rs_verifier: TokenVerifier, rsa_key: rsa.RSAPrivateKey
    ) -> None:
        # The classic confusion attack: HMAC "signed" with the public PEM, hoping it is used as a secret.
        pem = rsa_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        signing_input = ".".join(
            [
                b64url(json.dumps({"alg": "HS256", "kid": "k1"}).encode()),
                b64url(json.dumps(claims(exp=4102444800)).encode()),
            ]
        )
        signature = b64url(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())
        await refused(rs_verifier, f"{signing_input}.{signature}")

    def test_a_verifier_takes_exactly_one_key_source(self) -> None:
        with pytest.raises(ValueError, match="exactly one"):
            TokenVerifier(algorithm="HS256")


class TestMintToken:
    def test_unknown_roles_are_refused(self) -> None:
        with pytest.raises(ValueError, match="unknown role"):
            mint_token(SECRET, "u1", ["admin"])

    def test_an_association_officer_needs_an_association(self) -> None:
        with pytest.raises(ValueError, match="association_id"):
            mint_token(SECRET, "u1", [ASSOCIATION])


class TestRoleAndScopeChecks:
    async def test_require_roles_lets_a_holder_of_any_listed_role_through(self) -> None:
        grievance = Principal(sub="g", roles=frozenset({GRIEVANCE_OFFICER}))
        check = require_roles(SECRETARIAT, GRIEVANCE_OFFICER)
        assert await check(grievance) is grievance

    async def test_require_roles_forbids_a_caller_without_them(self) -> None:
        with pytest.raises(Forbidden):
            await require_roles(SECRETARIAT)(Principal(sub="c", roles=frozenset({COUNCIL})))

    def test_require_roles_refuses_unknown_role_names(self) -> None:
        with pytest.raises(ValueError, match="unknown role"):
            require_roles("secretary")

    async def test_a_missing_principal_is_unauthorized(self) -> None:
        with pytest.raises(Unauthorized) as caught:
            await current_principal(None)
        assert caught.value.headers["WWW-Authenticate"].startswith("Bearer")

    def test_an_officer_may_act_for_its_own_association(self) -> None:
        ensure_association_scope(
            Principal(sub="o", roles=frozenset({ASSOCIATION}), association_id="a1"), "a1"
        )

    def test_an_officer_may_not_act_for_another_association(self) -> None:
        officer = Principal(sub="o", roles=frozenset({ASSOCIATION}), association_id="a1")
        with pytest.raises(Forbidden):
            ensure_association_scope(officer, "a2")

    def test_the_secretariat_may_act_for_any_association(self) -> None:
        ensure_association_scope(Principal(sub="s", roles=frozenset({SECRETARIAT})), "a2")

    def test_other_roles_are_privileged_only_when_named(self) -> None:
        council = Principal(sub="c", roles=frozenset({COUNCIL}))
        with pytest.raises(Forbidden):
            ensure_association_scope(council, "a2")
        ensure_association_scope(council, "a2", privileged=[SECRETARIAT, COUNCIL])


class TestTokenCli:
    @pytest.fixture(autouse=True)
    def environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("THIDUA_ENV", "dev")
        monkeypatch.setenv("THIDUA_JWT_SECRET", SECRET)
        for name in ("THIDUA_JWT_JWKS_URL", "THIDUA_JWT_ISSUER", "THIDUA_JWT_AUDIENCE"):
            monkeypatch.delenv(name, raising=False)
        # HS256 here, whatever local key a `thidua up` left under var/ (RS256: tests/portal/test_tokens.py)
        monkeypatch.setenv("THIDUA_JWT_SIGNING_KEY_FILE", "/nonexistent/jwt-signing.pem")

    async def test_the_last_line_is_a_token_that_verifies(
        self, capsys: pytest.CaptureFixture[str], verifier: TokenVerifier
    ) -> None:
        code = cli_token.main(["token", "--role", "association", "--association-id", "a7", "--sub", "lan"])

        lines = capsys.readouterr().out.strip().splitlines()
        assert code == 0
        assert len(lines) == 2
        principal = await verifier.verify(lines[-1])
        assert principal == Principal(sub="lan", roles=frozenset({ASSOCIATION}), association_id="a7")

    def test_several_roles_and_a_ttl(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert cli_token.main(["token", "--role", "council", "--role", "board", "--ttl-hours", "1"]) == 0
        token = capsys.readouterr().out.strip().splitlines()[-1]
        payload = jwt.decode(token, SECRET, algorithms=["HS256"])
        assert sorted(payload["roles"]) == ["board", "council"]
        assert payload["sub"] == "dev-council"
        assert 3500 < payload["exp"] - payload["iat"] <= 3600

    def test_association_without_its_id_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = argparse.Namespace(roles=["association"], association_id=None, sub=None, ttl_hours=8.0)

        assert cli_token.run(args) == 2
        captured = capsys.readouterr()
        assert "--association-id" in captured.err
        assert captured.out == ""

    def test_an_unknown_role_is_a_usage_error(self, capsys: pytest.CaptureFixture[str]) -> None:
        args = argparse.Namespace(roles=["admin"], association_id=None, sub=None, ttl_hours=8.0)
        assert cli_token.run(args) == 2
        assert "unknown role" in capsys.readouterr().err

    def test_argparse_rejects_unknown_roles_with_exit_code_2(self) -> None:
        with pytest.raises(SystemExit) as caught:
            cli_token.main(["token", "--role", "admin"])
        assert caught.value.code == 2

    def test_it_registers_on_a_subparsers_object_with_func(self) -> None:
        parser = argparse.ArgumentParser(prog="thidua")
        cli_token.add_parser(parser.add_subparsers(dest="command"))
        args = parser.parse_args(["token", "--role", "secretariat"])
        assert args.func is cli_token.run
