"""Use case of the award-history import: earlier awards, so consecutive-year rules work on day one."""

from __future__ import annotations

from dataclasses import dataclass

from awards.history_import import Rejected, parse
from awards.uow import AwardsUnitOfWork


@dataclass(frozen=True, kw_only=True)
class ImportReport:
    """What an import did (or, on a dry run, would do), and why each rejected row was refused."""

    dry_run: bool
    valid: int
    imported: int
    rejected: tuple[Rejected, ...]


async def import_award_history(
    uow: AwardsUnitOfWork, *, content: bytes, filename: str, dry_run: bool
) -> ImportReport:
    """Store the valid rows of a CSV or XLSX file (idempotent: the same row keeps its id)."""
    awards, rejected = parse(content, filename=filename)
    if not dry_run:
        for award in awards:
            await uow.awards.put(award)
    imported = 0 if dry_run else len(awards)
    return ImportReport(dry_run=dry_run, valid=len(awards), imported=imported, rejected=tuple(rejected))
