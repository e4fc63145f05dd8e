"""Sealed identities (AES-GCM, key rotation), the audit hash chain and the settings' key checks."""

from __future__ import annotations

import pytest
from grievance.audit import GENESIS, chain_entry, verify_chain
from grievance.settings import GrievanceSettings
from grievance.vault import IdentityVault, VaultError, new_key
from thidua.settings import SettingsError

IDENTITY = {"name": "Nguyễn Văn A", "contact": "0912 345 678", "address": "Thôn 3"}


class TestIdentityVault:
    def test_a_sealed_identity_opens_and_shows_no_clear_text(self) -> None:
        vault = IdentityVault(keys={"k1": new_key()}, active_key_id="k1")
        sealed = vault.seal(IDENTITY, grievance_id="g1")
        assert "Nguy" not in str(sealed) and sealed["key_id"] == "k1"
        assert vault.open(sealed, grievance_id="g1") == IDENTITY

    def test_after_rotation_old_records_still_open_and_new_ones_use_the_new_key(self) -> None:
        old = IdentityVault(keys={"k1": (k1 := new_key())}, active_key_id="k1")
        sealed = old.seal(IDENTITY, grievance_id="g1")
        rotated = IdentityVault(keys={"k1": k1, "k2": new_key()}, active_key_id="k2")
        assert rotated.open(sealed, grievance_id="g1") == IDENTITY
        assert rotated.seal(IDENTITY, grievance_id="g2")["key_id"] == "k2"

    def test_a_record_moved_to_another_case_or_tampered_does_not_open(self) -> None:
        vault = IdentityVault(keys={"k1": new_key()}, active_key_id="k1")
        sealed = vault.seal(IDENTITY, grievance_id="g1")
        with pytest.raises(VaultError):
            vault.open(sealed, grievance_id="g2")

    def test_a_missing_active_key_or_a_short_key_is_refused(self) -> None:
        with pytest.raises(VaultError):
            IdentityVault(keys={"k1": new_key()}, active_key_id="k2")
        with pytest.raises(VaultError):
            IdentityVault(keys={"k1": "c2hvcnQ="}, active_key_id="k1")


class TestSettings:
    def test_outside_dev_missing_keys_fail_clearly(self) -> None:
        with pytest.raises(SettingsError, match="IDENTITY_KEYS"):
            GrievanceSettings(env="test", jwt_issuer="i", jwt_audience="a", jwt_secret="x" * 40)

    def test_dev_gets_a_dev_key(self) -> None:
        assert GrievanceSettings(env="dev").identity_active_key_id == "dev"

    def test_the_active_key_must_be_configured(self) -> None:
        with pytest.raises(SettingsError, match="ACTIVE_KEY_ID"):
            GrievanceSettings(
                env="test",
                jwt_issuer="i",
                jwt_audience="a",
                jwt_secret="x" * 40,
                identity_keys={"k1": new_key()},
            )


def chain(n: int) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = []
    prev = GENESIS
    for seq in range(1, n + 1):
        entry = chain_entry(
            grievance_id="g", seq=seq, prev_hash=prev, action=f"a{seq}", actor="o", at="t", details={}
        )
        entries.append(entry)
        prev = str(entry["hash"])
    return entries


class TestAuditChain:
    def test_an_untouched_chain_verifies(self) -> None:
        assert verify_chain(chain(4)) is None

    def test_editing_an_entry_is_detected(self) -> None:
        entries = chain(4)
        entries[1]["action"] = "resolution"
        assert verify_chain(entries) == 2

    def test_deleting_an_entry_is_detected(self) -> None:
        entries = chain(4)
        del entries[2]
        assert verify_chain(entries) == 3

    def test_rehashing_an_edited_entry_breaks_the_next_link(self) -> None:
        entries = chain(3)
        forged = chain_entry(
            grievance_id="g",
            seq=2,
            prev_hash=str(entries[0]["hash"]),
            action="x",
            actor="o",
            at="t",
            details={},
        )
        entries[1] = forged
        assert verify_chain(entries) == 3
