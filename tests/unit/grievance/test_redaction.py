"""Redacting the filer from letter content: diacritics, casing, spacing, overlaps, words, phones, bytes."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from grievance.domain import Deadline, Grievance, InvalidTransition
from grievance.redaction import COMPLAINANT, DENOUNCER, fold, identity_values, placeholder_for, redact
from grievance.vault import IdentityVault, VaultError, new_key

IDENTITY = {"name": "Nguyễn Văn A", "contact": "0912 345 678", "address": "Số 5 ngõ Đình, Hà Nội"}
P = DENOUNCER


def masked(text: str, identity: dict[str, str] | None = None) -> str:
    return redact(text, IDENTITY if identity is None else identity)[0]


class TestFold:
    def test_diacritics_case_and_d_bar_fold_away(self) -> None:
        assert fold("Nguyễn Văn Đức") == fold("NGUYEN VAN DUC") == "nguyen van duc"

    def test_decomposed_input_folds_like_composed(self) -> None:
        assert fold(unicodedata.normalize("NFD", "Nguyễn")) == fold("Nguyễn") == "nguyen"


class TestRedact:
    @pytest.mark.parametrize(
        "variant", ["Nguyễn Văn A", "NGUYỄN VĂN A", "NGUYEN VAN A", "nguyen van a", "Nguyen  Van\nA"]
    )
    def test_every_variant_of_the_name_is_masked(self, variant: str) -> None:
        out, count = redact(f"Tôi là {variant}, xin tố cáo.", IDENTITY)
        assert out == f"Tôi là {P}, xin tố cáo." and count == 1

    def test_a_decomposed_name_is_masked_entirely(self) -> None:
        text = unicodedata.normalize("NFD", "Ký tên: Nguyễn Văn A.")
        assert masked(text) == unicodedata.normalize("NFD", "Ký tên: ") + P + "."

    def test_every_occurrence_and_every_value_is_masked(self) -> None:
        text = "Nguyễn Văn A (ĐT 0912.345.678) ở số 5 ngõ Đình, Hà Nội; gọi 0912345678 hỏi nguyen van a."
        out = masked(text)
        assert out == f"{P} (ĐT {P}) ở {P}; gọi {P} hỏi {P}."
        for value in ("Nguy", "0912", "345", "ngõ", "Đình"):
            assert value not in out

    def test_overlapping_values_become_one_placeholder(self) -> None:
        identity = {"name": "Trần Thị Bình", "address": "Nhà bà Trần Thị Bình, xóm 2"}
        assert masked("Gửi từ Nhà bà Trần Thị Bình, xóm 2.", identity) == f"Gửi từ {P}."
        assert masked("Trần Thị Bình Trần Thị Bình", identity) == f"{P} {P}"  # two occurrences

    def test_a_value_inside_a_longer_word_masks_the_whole_word(self) -> None:
        identity = {"name": "Lê Văn Tâm", "contact": "tam@example.vn"}
        assert masked("Ông Lê Văn Tâmm viết", identity) == f"Ông {P} viết"
        assert masked("mailto:tam@example.vn>", identity) == f"mailto:{P}>"
        assert masked("xLê Văn Tâm", identity) == P

    def test_short_values_and_unrelated_words_are_left_alone(self) -> None:
        identity = {"name": "A", "contact": "ab@c.vn"}
        assert masked("A và B", identity) == "A và B"
        assert identity_values(identity) == ["ab@c.vn"]

    def test_without_an_identity_nothing_changes(self) -> None:
        assert redact("Nguyễn Văn A", {}) == ("Nguyễn Văn A", 0)

    def test_placeholders_per_kind(self) -> None:
        assert placeholder_for("complaint") == COMPLAINANT and placeholder_for("denunciation") == DENOUNCER
        assert redact("Nguyen Van A", IDENTITY, placeholder=COMPLAINANT)[0] == COMPLAINANT


def test_a_published_conclusion_is_recorded_only_for_a_resolved_denunciation() -> None:
    case = Grievance(
        id="g", tracking_code="TC", kind="denunciation", received_on=date(2026, 1, 5), channel="api"
    )
    with pytest.raises(InvalidTransition):
        case.publish(on=date(2026, 1, 6), conclusion="x")
    case.deadlines["publication"] = Deadline("publication", date(2026, 1, 20), "working", "LTC Điều 40")
    case.publish(on=date(2026, 1, 6), conclusion=f"Kết luận: {P}")
    assert case.conclusion == f"Kết luận: {P}" and "publication" not in case.deadlines


class TestSealedBytes:
    def test_bytes_seal_open_and_are_bound_to_their_owner(self) -> None:
        vault = IdentityVault(keys={"k1": new_key()}, active_key_id="k1")
        key_id, nonce, sealed = vault.seal_bytes(b"CCCD Nguyen Van A", associated="g1:a1")
        assert key_id == "k1" and b"Nguyen" not in sealed
        assert vault.open_bytes(key_id, nonce, sealed, associated="g1:a1") == b"CCCD Nguyen Van A"
        with pytest.raises(VaultError):
            vault.open_bytes(key_id, nonce, sealed, associated="g1:a2")
        with pytest.raises(VaultError):
            vault.open_bytes("k9", nonce, sealed, associated="g1:a1")


AN = {"name": "Nguyễn Văn An", "contact": "0912 345 678", "address": "Số 12 ngõ Hoa, phường Tân Mai, Hà Nội"}


class TestWhatTheReviewFoundMissed:
    @pytest.mark.parametrize(
        "form",
        ["N.V.An", "N. V. An", "N.V. An", "Nguyễn V. An", "NV An", "Ông An", "ông Văn An", "bà Nguyễn An",
         "anh An", "Văn An", "Nguyễn An", "nguyen-van-an", "Nguyễn - Văn - An", "ONG AN"],
    )  # fmt: skip
    def test_name_tokens_initials_forms_of_address_and_hyphens(self, form: str) -> None:
        assert masked(f"Người viết: {form}, xin trình bày.", AN) == f"Người viết: {P}, xin trình bày."

    @pytest.mark.parametrize("phone", ["+84 912 345 678", "+84912345678", "84912345678", "(+84) 912.345.678",
                                       "0912-345-678", "912 345 678"])  # fmt: skip
    def test_the_phone_in_every_national_form(self, phone: str) -> None:
        assert masked(f"Liên hệ {phone} giờ hành chính.", AN) == f"Liên hệ {P} giờ hành chính."

    def test_the_phone_inside_a_longer_number_is_not_a_match(self) -> None:
        assert masked("Số tài khoản 10912345678 9", AN) == "Số tài khoản 10912345678 9"

    def test_the_address_whole_and_by_its_specific_parts_but_not_the_city(self) -> None:
        text = "Tôi ở số 12 ngõ Hoa; nhà thuộc phường Tân Mai. Việc xảy ra ở Hà Nội."
        assert masked(text, AN) == f"Tôi ở {P}; nhà thuộc {P}. Việc xảy ra ở Hà Nội."

    def test_other_words_sharing_the_given_name_are_left(self) -> None:
        text = "Ông Anh, bà Lan và công tác an toàn"  # (a name differing only by diacritics, "Ân", is masked)
        assert masked(text, AN) == text
