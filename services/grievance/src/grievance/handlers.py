"""Use cases of the grievance service: each runs inside one unit of work (state, audit, outbox together)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from thidua import mongo

from grievance import events
from grievance.audit import GENESIS, chain_entry
from grievance.calendar import WorkingCalendar
from grievance.domain import Clock, DomainError, Grievance, classify, limitation_ends_on
from grievance.schemas import FileGrievance
from grievance.settings import GrievanceSettings
from grievance.uow import GrievanceUnitOfWork
from grievance.vault import IdentityVault


class GrievanceNotFound(LookupError):
    """No such case."""


@dataclass(frozen=True)
class Deps:
    """What the use cases need besides the unit of work."""

    clock: Clock
    vault: IdentityVault
    today: Callable[[], date]


def build_deps(settings: GrievanceSettings) -> Deps:
    """The clock, vault and today() from settings."""
    calendar = WorkingCalendar(
        extra_days_off=settings.extra_days_off, extra_working_days=settings.extra_working_days
    )
    zone = ZoneInfo(settings.timezone)
    vault = IdentityVault(keys=settings.identity_keys, active_key_id=settings.identity_active_key_id)
    return Deps(
        clock=Clock(calendar, settings.plain_days_as), vault=vault, today=lambda: datetime.now(zone).date()
    )


def hash_secret(secret: str) -> str:
    """The stored form of a tracking secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_tracking_code(kind: str, year: int) -> str:
    """A short public code, e.g. `KN-2026-7F3K9Q2M`."""
    prefix = {"complaint": "KN", "denunciation": "TC"}.get(kind, "TT")
    return f"{prefix}-{year}-{secrets.token_hex(4).upper()}"


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


async def informed_on(uow: GrievanceUnitOfWork, cmd: FileGrievance, party: str | None) -> date | None:
    """When the complainant learned of the decision: a delivered notice, else the decision date."""
    subjects = [s for t in cmd.targets for s in (t.award_id, t.nomination_id, t.decision_id) if s]
    if party and subjects:
        query = {"subject": {"$in": subjects}, "party": party, "kind": "delivered"}
        rows = await uow.informed.find(query, session=uow.session).to_list(length=100)
        if rows:
            return min(date.fromisoformat(r["on"]) for r in rows)
    if cmd.decision_date is not None:
        return cmd.decision_date
    if subjects:
        query = {"subject": {"$in": subjects}, "kind": "decided"}
        rows = await uow.informed.find(query, session=uow.session).to_list(length=100)
        if rows:
            return min(date.fromisoformat(r["on"]) for r in rows)
    return None


def _open_case(
    cmd: FileGrievance, deps: Deps, *, association_id: str | None, filed_by: str | None
) -> Grievance:
    received = cmd.received_on or deps.today()
    if received > deps.today():
        raise DomainError("a case cannot be received in the future")
    names_person = any(t.kind == "person" or t.personal_code for t in cmd.targets)
    kind, flagged = classify(
        requested=cmd.kind,
        has_filer=cmd.filer is not None or association_id is not None,
        names_person=names_person,
        has_evidence=cmd.has_evidence,
    )
    return Grievance(
        id=uuid.uuid4().hex,
        tracking_code=new_tracking_code(kind, received.year),
        kind=kind,
        received_on=received,
        channel=cmd.channel,
        instance=cmd.instance,
        parent_id=cmd.parent_grievance_id,
        targets=[t.model_dump() for t in cmd.targets],
        complainant_association_id=association_id,
        filed_by=filed_by,
        multi_site=cmd.multi_site,
        flagged_for_inspection=flagged,
    )


async def file_grievance(
    cmd: FileGrievance, uow: GrievanceUnitOfWork, *, deps: Deps, association_id: str | None, actor: str
) -> tuple[Grievance, str]:
    """Receive a case: classify it, start its clock, seal the filer apart, announce it."""
    case = _open_case(cmd, deps, association_id=association_id, filed_by=actor)
    identity: dict[str, Any] = cmd.filer.model_dump() if cmd.filer is not None else {}
    if case.kind != "complaint" and association_id is not None:
        # a denouncer's association and account are identity too: sealed, never on the case (LTC Điều 9)
        identity |= {"association_id": association_id, "user_id": actor}
        case.complainant_association_id, case.filed_by, actor = None, None, "filer"
    if cmd.instance == 2:
        await _check_parent(uow, case)
    if case.kind == "complaint":
        await _start_limitation(uow, cmd, case, deps)
    case.start_clock(deps.clock)
    secret = secrets.token_urlsafe(24)
    await uow.grievances.add(case, extra={"secret_hash": hash_secret(secret), "summary": cmd.summary})
    if identity:
        sealed = deps.vault.seal(identity, grievance_id=case.id)
        await uow.filers.insert_one({"_id": case.id, **sealed}, session=uow.session)
    await append_audit(uow, grievance_id=case.id, action="received", actor=actor, details={"kind": case.kind})
    await uow.emit(events.received(case), subject=case.id)
    return case, secret


async def _start_limitation(
    uow: GrievanceUnitOfWork, cmd: FileGrievance, case: Grievance, deps: Deps
) -> None:
    case.informed_on = await informed_on(uow, cmd, case.complainant_association_id)
    if case.informed_on is not None:
        case.limitation_ends_on = limitation_ends_on(
            deps.clock,
            informed_on=case.informed_on,
            obstacle_days=cmd.obstacle_days,
            received_on=case.received_on,
        )


async def _check_parent(uow: GrievanceUnitOfWork, case: Grievance) -> None:
    if case.kind != "complaint" or case.parent_id is None:
        raise DomainError("a second-instance complaint must name its first-instance complaint")
    parent = await uow.grievances.get(case.parent_id)
    if parent is None or parent.kind != "complaint" or parent.instance != 1:
        raise DomainError("the parent must be a first-instance complaint")
    if parent.complainant_association_id != case.complainant_association_id:
        raise DomainError("a second complaint is filed by the same complainant")


async def load(uow: GrievanceUnitOfWork, grievance_id: str) -> Grievance:
    """The case, or GrievanceNotFound."""
    case = await uow.grievances.get(grievance_id)
    if case is None:
        raise GrievanceNotFound(grievance_id)
    return case


async def read_filer(
    uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> dict[str, Any]:
    """Open the sealed filer identity; every read is audited."""
    await load(uow, grievance_id)
    sealed = await uow.filers.find_one({"_id": grievance_id}, session=uow.session)
    await append_audit(uow, grievance_id=grievance_id, action="filer_read", actor=actor, details={})
    if sealed is None:
        return {}
    return deps.vault.open(sealed, grievance_id=grievance_id)
