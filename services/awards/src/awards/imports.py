"""Use case of the award-history import: earlier awards, so consecutive-year rules work on day one."""

from __future__ import annotations

from dataclasses import dataclass

from awards.history_import import parse
from awards.uow import AwardsUnitOfWork


@dataclass(frozen=True, kw_only=True)
class RowError:
    """One problem of one row: the row number as Excel shows it, the column header, the message."""

    row: int
    column: str
    message: str


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """What an import did (or, on a dry run, would do), and why each rejected row was refused.

    `rows` counts the file's data rows, `created` the records written (on a dry run: that would be written);
    a file whose rows were all imported before creates nothing. With any error nothing is written."""

    dry_run: bool
    rows: int
    created: int
    errors: tuple[RowError, ...]


async def import_award_history(
    uow: AwardsUnitOfWork, *, content: bytes, filename: str, dry_run: bool
) -> ImportReport:
    """Store the rows of a CSV or XLSX file, all or nothing (idempotent: the same row keeps its id)."""
    awards, rejected = parse(content, filename=filename)
    new = [a for a in awards if await uow.awards.get(a.id) is None]
    write = not dry_run and not rejected
    if write:
        for award in new:
            await uow.awards.put(award)
    errors = tuple(RowError(row=r.row, column=c, message=m) for r in rejected for c, m in r.problems)
    return ImportReport(
        dry_run=dry_run,
        rows=len(awards) + len(rejected),
        created=len(new) if not rejected else 0,
        errors=errors,
    )
