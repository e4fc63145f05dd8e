"""Due-soon and overdue alerts: once per (case, deadline kind, due date), across restarts and replicas."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

from thidua import mongo
from thidua.logging import get_logger
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWorkFactory
from thidua.worker import BackgroundTask

from grievance import events
from grievance.deps import Deps, build_deps
from grievance.domain import Deadline, Grievance
from grievance.repository import to_domain
from grievance.settings import GrievanceSettings
from grievance.uow import GRIEVANCES, GrievanceUnitOfWork

log = get_logger(__name__)


def classify_deadline(deps: Deps, deadline: Deadline, *, lead: int) -> tuple[str, int] | None:
    """(`overdue` | `due_soon`, days in the deadline's unit), or None when no alert is due today."""
    today, calendar = deps.today(), deps.clock.calendar
    if today > deadline.due_on:
        if deadline.unit == "working":
            return "overdue", max(calendar.working_days_between(deadline.due_on, today), 1)
        return "overdue", (today - deadline.due_on).days
    if calendar.working_days_between(today, deadline.due_on) <= lead:
        if deadline.unit == "working":
            return "due_soon", calendar.working_days_between(today, deadline.due_on)
        return "due_soon", (deadline.due_on - today).days
    return None


async def _emit_once(
    uows: UnitOfWorkFactory[GrievanceUnitOfWork], case: Grievance, deadline: Deadline, kind: str, days: int
) -> bool:
    key = f"{case.id}:{deadline.kind}:{deadline.due_on.isoformat()}:{kind}"

    async def work(uow: GrievanceUnitOfWork) -> None:
        await uow.alerts.insert_one({"_id": key, "grievance_id": case.id}, session=uow.session)
        await uow.emit(events.alert(case, deadline, overdue=kind == "overdue", days=days), subject=case.id)

    try:
        await uows.run(work)
    except mongo.DuplicateKeyError:
        return False  # another replica or an earlier run already emitted it
    log.info("grievance.alert_emitted", grievance_id=case.id, deadline_kind=deadline.kind, alert=kind)
    return True


async def scan_once(uows: UnitOfWorkFactory[GrievanceUnitOfWork], *, deps: Deps, lead: int) -> int:
    """Emit the alerts due now; returns how many this call emitted."""
    emitted = 0
    async for doc in uows.database[GRIEVANCES].find({"watch": True}):
        case = to_domain(doc)
        for deadline in case.alertable():
            verdict = classify_deadline(deps, deadline, lead=lead)
            if verdict is not None and await _emit_once(uows, case, deadline, *verdict):
                emitted += 1
    return emitted


def scheduler(uows: UnitOfWorkFactory[GrievanceUnitOfWork], settings: GrievanceSettings) -> BackgroundTask:
    """The background loop: scan, then wait `scheduler_interval_s` or until stopped."""
    deps = build_deps(settings)

    async def loop(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await scan_once(uows, deps=deps, lead=settings.due_soon_lead_working_days)
            except Exception as exc:  # keep the loop alive; the next scan retries
                log.error("grievance.scheduler_failed", error=repr(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.scheduler_interval_s)

    return loop


def background(uows: UnitOfWorkFactory[Any], settings: ServiceSettings) -> Sequence[BackgroundTask]:
    """SPEC.background: the deadline scheduler."""
    assert isinstance(settings, GrievanceSettings)
    return [scheduler(uows, settings)]
