"""Vietnamese names: NFC storage and diacritic-free search keys."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from registration.text import normalise_name, search_key


class TestSearchKey:
    def test_diacritics_are_stripped_so_nguyen_thi_finds_nguyen_thi(self) -> None:
        assert "nguyen thi" in search_key("Nguyễn Thị Hoa")

    def test_d_with_stroke_becomes_d(self) -> None:
        assert search_key("Đặng Đình Đức") == "dang dinh duc"

    def test_decomposed_and_composed_input_give_the_same_key(self) -> None:
        assert search_key("Nguye\u0302\u0303n") == search_key("Nguyễn")


class TestNormaliseName:
    def test_names_are_composed_to_nfc(self) -> None:
        assert normalise_name("Thi\u0323") == "Thị"

    def test_repeated_whitespace_is_collapsed(self) -> None:
        assert normalise_name("  Lê   Văn  ") == "Lê Văn"


VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxy àảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"


class TestSearchKeyProperties:
    @given(st.text())
    def test_a_key_is_its_own_key(self, text: str) -> None:
        assert search_key(search_key(text)) == search_key(text)

    @given(st.text(alphabet=VIETNAMESE))
    def test_vietnamese_letters_become_plain_ascii(self, text: str) -> None:
        assert search_key(text).isascii()
        assert search_key(text.upper()) == search_key(text)
