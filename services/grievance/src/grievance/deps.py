"""What every use case shares: its dependencies (clock, vault, today), case loading and the audit log."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from thidua import calendar, mongo
from thidua.contracts.base import EventData
from thidua.logging import hold_confidential

from grievance.audit import GENESIS, chain_entry
from grievance.clock import Clock
from grievance.domain import Grievance
from grievance.errors import GrievanceNotFound
from grievance.mail import PartyMail
from grievance.settings import GrievanceSettings
from grievance.uow import GrievanceUnitOfWork
from grievance.vault import IdentityVault


@dataclass(frozen=True)
class Deps:
    """What the use cases need besides the unit of work."""

    clock: Clock
    vault: IdentityVault
    today: Callable[[], date]
    mail: PartyMail | None = None  # seals a filer's e-mail address for notify; None: tracking page only


def build_deps(settings: GrievanceSettings) -> Deps:
    """The clock, vault, party mail and today() (in Asia/Ho_Chi_Minh) from settings."""
    vault = IdentityVault(
        keys={kid: key.get_secret_value() for kid, key in settings.identity_keys.items()},
        active_key_id=settings.identity_active_key_id,
    )
    mail = PartyMail.from_public_key(settings.party_mail_key_id, settings.party_mail_public_key)
    return Deps(
        clock=Clock(calendar.WorkingCalendar.from_settings(settings), settings.plain_days_as),
        vault=vault,
        today=calendar.today,
        mail=mail,
    )


def hash_secret(secret: str) -> str:
    """The stored form of a tracking secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


async def append_audit(
    uow: GrievanceUnitOfWork, *, grievance_id: str, action: str, actor: str, details: dict[str, Any]
) -> None:
    """Append a hash-chained entry; a concurrent append fails on the unique (case, seq) index."""
    last = await uow.audit.find_one(
        {"grievance_id": grievance_id}, sort=[("seq", mongo.DESCENDING)], session=uow.session
    )
    entry = chain_entry(
        grievance_id=grievance_id,
        seq=(last["seq"] + 1) if last else 1,
        prev_hash=last["hash"] if last else GENESIS,
        action=action,
        actor=actor,
        at=datetime.now(UTC).isoformat(),
        details=details,
    )
    entry["_id"] = f"{grievance_id}:{entry['seq']}"
    await uow.audit.insert_one(entry, session=uow.session)


async def load(uow: GrievanceUnitOfWork, grievance_id: str) -> Grievance:
    """The case, or GrievanceNotFound."""
    case = await uow.grievances.get(grievance_id)
    if case is None:
        raise GrievanceNotFound(grievance_id)
    return case


async def open_identity(uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps) -> dict[str, Any]:
    """The sealed identity in memory (never stored, returned or logged by the caller)."""
    sealed = await uow.filers.find_one({"_id": grievance_id}, session=uow.session)
    identity = {} if sealed is None else deps.vault.open(sealed, grievance_id=grievance_id)
    hold_confidential(*(str(v) for v in identity.values()))  # scrubbed from any exception logged now
    return identity


async def commit_case(
    uow: GrievanceUnitOfWork,
    case: Grievance,
    *,
    action: str,
    actor: str,
    details: dict[str, Any],
    data: EventData | None = None,
) -> Grievance:
    """Save the changed case, audit the action and emit its event, all in this unit of work."""
    await uow.grievances.save(case)
    await append_audit(uow, grievance_id=case.id, action=action, actor=actor, details=details)
    if data is not None:
        await uow.emit(data, subject=case.id)
    return case
