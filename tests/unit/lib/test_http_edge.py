"""The shared edge: error maps, the use-case runner, input to domain objects, uploads, spreadsheet cells."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import UploadFile
from thidua.http.edge import ErrorMap, UseCaseRunner, run_use_case, title_of_slug, to_domain
from thidua.http.files import ContentTooLarge, read_upload, safe_cell
from thidua.http.problems import Problem, ValidationFailed, problem_type


class DomainError(Exception):
    slug = "rule-violated"


class NotFoundError(DomainError):
    slug = "not-found"


class GoneForGood(NotFoundError):
    slug = "gone-for-good"


class NotReady(DomainError):
    slug = "nominations-not-ready"

    def __init__(self, ids: list[str]) -> None:
        super().__init__("Một số đề nghị chưa thể ra quyết định.")
        self.extra = {"nominations": ids}


ERRORS = ErrorMap({NotFoundError: 404, NotReady: (409, "Not ready")}, base=DomainError)


class FakeFactory:
    """Runs work once without a database, as `UnitOfWorkFactory.run` does."""

    def __init__(self) -> None:
        self.runs = 0

    async def run(self, work: Callable[[Any], Awaitable[Any]]) -> Any:
        self.runs += 1
        return await work(object())


def fake_factory() -> Any:
    """A fake factory typed as any factory."""
    return FakeFactory()


class TestErrorMap:
    def test_a_mapped_rule_answers_with_its_status_slug_and_text(self) -> None:
        body = ERRORS.problem(NotFoundError("Không có đề nghị n-1.")).to_dict()
        assert (body["status"], body["type"], body["title"]) == (404, problem_type("not-found"), "Not Found")
        assert body["detail"] == "Không có đề nghị n-1."

    def test_the_most_specific_mapped_class_wins_and_keeps_its_own_slug(self) -> None:
        body = ERRORS.problem(GoneForGood("Đã xóa.")).to_dict()
        assert (body["status"], body["type"].rsplit("/", 1)[1]) == (404, "gone-for-good")

    def test_an_unmapped_rule_is_a_422(self) -> None:
        assert ERRORS.problem(DomainError("Sai quy định.")).status == 422

    def test_a_map_may_give_a_title_and_the_error_its_extension_members(self) -> None:
        body = ERRORS.problem(NotReady(["n-1"])).to_dict()
        assert (body["status"], body["title"], body["nominations"]) == (409, "Not ready", ["n-1"])

    def test_titles_may_be_spelled_from_the_slug(self) -> None:
        errors = ErrorMap({}, base=DomainError, title=title_of_slug)
        assert errors.problem(NotReady(["n"])).title == "Nominations not ready"


class TestRunningAUseCase:
    async def test_the_result_of_the_work_is_returned(self) -> None:
        async def work(uow: Any) -> str:
            return "ok"

        assert await run_use_case(fake_factory(), work, errors=ERRORS) == "ok"

    async def test_a_broken_rule_becomes_its_problem(self) -> None:
        async def work(uow: Any) -> str:
            raise NotFoundError("Không có phiên họp s-1.")

        runner: UseCaseRunner[Any] = UseCaseRunner(fake_factory(), ERRORS)
        with pytest.raises(Problem) as caught:
            await runner(work)
        assert (caught.value.status, caught.value.detail) == (404, "Không có phiên họp s-1.")

    async def test_other_failures_are_not_taken_for_broken_rules(self) -> None:
        async def work(uow: Any) -> str:
            raise RuntimeError("database down")

        with pytest.raises(RuntimeError):
            await run_use_case(fake_factory(), work, errors=ERRORS)


@dataclass(frozen=True)
class Window:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise DomainError("Kết thúc trước khi bắt đầu.")


class TestDomainObjectsFromInput:
    def test_valid_values_build_the_object(self) -> None:
        assert to_domain(Window, {"start": 1, "end": 2}, errors=ERRORS) == Window(1, 2)

    def test_a_broken_rule_is_its_problem(self) -> None:
        with pytest.raises(Problem) as caught:
            to_domain(Window, {"start": 3, "end": 2}, errors=ERRORS)
        assert (caught.value.status, caught.value.slug) == (422, "rule-violated")

    def test_a_bad_value_is_a_validation_problem(self) -> None:
        with pytest.raises(ValidationFailed) as caught:
            to_domain(Window, {"start": "x", "end": 2}, errors=ERRORS)
        assert caught.value.extra["errors"][0]["loc"] == ["start"]


class TestUploads:
    async def test_a_file_within_the_limit_is_read_whole(self) -> None:
        assert await read_upload(UploadFile(io.BytesIO(b"12345")), limit=5) == b"12345"

    async def test_a_larger_file_is_a_413_in_vietnamese(self) -> None:
        with pytest.raises(ContentTooLarge) as caught:
            await read_upload(UploadFile(io.BytesIO(b"123456")), limit=5)
        body = caught.value.to_dict()
        assert (body["status"], body["type"].rsplit("/", 1)[1], body["title"]) == (
            413,
            "payload-too-large",
            "Content Too Large",
        )
        assert "giới hạn 5 byte" in body["detail"]


class TestSpreadsheetCells:
    @pytest.mark.parametrize("text", ["=1+1", "+84", "-2", "@SUM(A1)"])
    def test_text_starting_like_a_formula_is_quoted(self, text: str) -> None:
        assert safe_cell(text) == "'" + text

    def test_control_characters_a_worksheet_cannot_hold_are_dropped(self) -> None:
        assert safe_cell("Nguyễn\x00 Thị\x1f Hoa\tA\n") == "Nguyễn Thị Hoa\tA\n"

    def test_numbers_and_empty_cells_pass_unchanged(self) -> None:
        assert [safe_cell(v) for v in (3, None, 2.5, "")] == [3, None, 2.5, ""]


def test_a_schema_failure_speaks_vietnamese() -> None:
    assert ValidationFailed([]).detail == "Yêu cầu không khớp với lược đồ của API."
