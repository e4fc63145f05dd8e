"""Plan documents are judged by their bytes; summaries and exports for the secretariat."""

from __future__ import annotations

import io
import zipfile

from registration.directory import Association
from registration.documents import DOCX, ODT, PDF, export_rows, sniff_document, summary, to_csv

from tests.unit.registration.test_domain import BEFORE, campaign, registration


def zipped(*names: str, first: tuple[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        if first:
            archive.writestr(*first)
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


class TestSniffDocument:
    def test_a_pdf_is_known_by_its_signature(self) -> None:
        assert sniff_document(b"%PDF-1.7 ...") == PDF

    def test_a_docx_is_a_zip_with_a_word_document(self) -> None:
        assert sniff_document(zipped("[Content_Types].xml", "word/document.xml")) == DOCX

    def test_an_odt_is_a_zip_whose_first_entry_names_its_type(self) -> None:
        assert sniff_document(zipped("content.xml", first=("mimetype", ODT))) == ODT

    def test_any_other_zip_is_refused(self) -> None:
        assert sniff_document(zipped("a.txt")) is None

    def test_a_broken_zip_and_an_executable_are_refused(self) -> None:
        assert sniff_document(b"PK\x03\x04garbage") is None
        assert sniff_document(b"MZ\x90\x00") is None


class TestSummary:
    def test_it_lists_the_active_associations_not_yet_registered(self) -> None:
        registered = Association(id="a1", code="HTH", name="Hội", kind="member_association")
        missing = Association(id="a2", code="HVL", name="Hội", kind="member_association")
        gone = Association(id="a3", code="HCU", name="Hội", kind="member_association", active=False)
        result = summary("c1", [registered, missing, gone], [registration()])
        assert (result["registered"], result["not_registered"]) == (["a1"], [("HVL", "a2")])

    def test_a_withdrawn_registration_does_not_count(self) -> None:
        made = registration()
        made.withdraw(campaign=campaign(), expected_version=None, today=BEFORE)
        assert summary("c1", [], [made])["registered"] == []


class TestExports:
    def test_there_is_one_row_per_individual_with_the_name_in_nfc(self) -> None:
        rows = export_rows([registration()], {})
        assert len(rows) == 1 and rows[0][9] == "Nguyễn Thị Hoa"

    def test_the_csv_starts_with_a_bom_and_quotes_formulas(self) -> None:
        body = to_csv([["=HYPERLINK(1)"]]).decode()
        assert body.startswith("\ufeff") and "'=HYPERLINK" in body
