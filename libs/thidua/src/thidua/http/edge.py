"""The one way a route runs a use case: a unit of work from `app.state`, broken rules answered as problems.

Each service keeps its broken business rules as plain exceptions (a `DomainError` hierarchy with a stable
`slug`, no HTTP in them) and declares once, in an `ErrorMap`, which status each class answers with. Routes
then run every use case through `run_use_case` (or the `use_case_runner` dependency): the use case commits
in one transaction, or, when it raises a mapped error, nothing is written and the caller gets problem+json.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

from fastapi import Request
from pydantic import TypeAdapter, ValidationError

from thidua.http.problems import Problem, ValidationFailed
from thidua.uow import UnitOfWork, UnitOfWorkFactory

U = TypeVar("U", bound=UnitOfWork)
T = TypeVar("T")
Answer = int | tuple[int, str]
"""The status a rule answers with, optionally with the problem type's own `title`."""

STATUS_TITLES: dict[int, str] = {
    400: "Bad Request",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
}


def title_of_status(slug: str, status: int) -> str:
    """The problem title a status has in `thidua.http.problems` (e.g. 409 → "Conflict")."""
    return STATUS_TITLES.get(status, "Unprocessable Content")


def title_of_slug(slug: str, status: int) -> str:
    """A title spelled from the slug, e.g. `registration-deadline-passed` → "Registration deadline passed"."""
    return slug.replace("-", " ").capitalize()


class ErrorMap:
    """Which broken rule answers with which status; the service's one place mapping errors to problems."""

    def __init__(
        self,
        answers: Mapping[type[Exception], Answer],
        *,
        base: type[Exception],
        default: int = 422,
        title: Callable[[str, int], str] = title_of_status,
    ) -> None:
        self.answers, self.base, self.default, self.title = dict(answers), base, default, title

    def answer(self, error: Exception) -> tuple[int, str | None]:
        """The status (and title, if the map gives one) of the most specific mapped class of `error`."""
        for kind in type(error).__mro__:
            if kind in self.answers:
                found = self.answers[kind]
                return (found, None) if isinstance(found, int) else found
        return self.default, None

    def problem(self, error: Exception) -> Problem:
        """The problem+json answer for a broken rule: its slug, its text as `detail`, its `extra` members."""
        status, title = self.answer(error)
        slug: str = getattr(error, "slug", "rule-violated")
        extra: Mapping[str, Any] = getattr(error, "extra", None) or {}
        return Problem(
            str(error), slug=slug, title=title or self.title(slug, status), status=status, **dict(extra)
        )

    @contextmanager
    def answering(self) -> Iterator[None]:
        """Within the block, a broken rule raised outside a unit of work (a pure check) is its problem."""
        try:
            yield
        except self.base as exc:
            raise self.problem(exc) from exc


def uow_factory(request: Request) -> UnitOfWorkFactory[Any]:
    """Dependency: the service's unit-of-work factory, built once by the runtime in `app.state.uows`."""
    factory: UnitOfWorkFactory[Any] = request.app.state.uows
    return factory


async def run_use_case(
    factory: UnitOfWorkFactory[U], work: Callable[[U], Awaitable[T]], *, errors: ErrorMap
) -> T:
    """Run `work` in one unit of work; a broken rule becomes its problem and nothing is written."""
    with errors.answering():
        return await factory.run(work)


class UseCaseRunner(Generic[U]):
    """A route's runner of use cases: `await run(lambda uow: verb_noun(uow=uow, ...))`."""

    def __init__(self, factory: UnitOfWorkFactory[U], errors: ErrorMap) -> None:
        self.factory, self.errors = factory, errors

    async def __call__(self, work: Callable[[U], Awaitable[T]]) -> T:
        """Run one use case in one unit of work (see `run_use_case`)."""
        return await run_use_case(self.factory, work, errors=self.errors)


def use_case_runner(errors: ErrorMap) -> Callable[[Request], UseCaseRunner[Any]]:
    """A dependency giving routes a `UseCaseRunner` over the app's unit of work and this error map."""

    def runner(request: Request) -> UseCaseRunner[Any]:
        return UseCaseRunner(uow_factory(request), errors)

    return runner


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def _adapter(kind: type[Any]) -> TypeAdapter[Any]:
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


def to_domain(kind: type[T], values: Any, *, errors: ErrorMap) -> T:
    """Build a domain object from validated input: a broken rule is its problem, a bad value a 422."""
    try:
        built: T = _adapter(kind).validate_python(values)
    except ValidationError as exc:
        raise ValidationFailed(
            [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]
        ) from exc
    except errors.base as exc:
        raise errors.problem(exc) from exc
    return built
