"""What a filer is told of their case: on the tracking page always, by e-mail where they gave an address.

A denouncer gets the acceptance, each extension and the result (LTC Điều 29 k3, 30, 40); a complainant the
acceptance or refusal with its reason (LKN Điều 27). An association complainant is told by notify from the
case events; every other filer through these notices, which name no one.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from grievance import events
from grievance.deps import Deps, open_identity
from grievance.domain import Grievance
from grievance.mail import address_of
from grievance.uow import GrievanceUnitOfWork

TITLES = {
    "accepted": "Đơn đã được thụ lý",
    "refused": "Đơn không được thụ lý",
    "extended": "Thời hạn giải quyết được gia hạn",
    "suspended": "Việc giải quyết tạm đình chỉ",
    "resumed": "Việc giải quyết được tiếp tục",
    "resolved": "Đơn đã được giải quyết",
    "forwarded": "Đơn đã được chuyển đến cơ quan có thẩm quyền",
}


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def notice(notice_kind: str, *, on: date, **facts: Any) -> dict[str, Any]:
    """One notice as the tracking page shows it (codes, dates and a Vietnamese title; no one's name)."""
    clean = {k: _iso(v) for k, v in facts.items() if v is not None}
    return {
        "id": uuid.uuid4().hex,
        "notice": notice_kind,
        "title": TITLES[notice_kind],
        "on": on.isoformat(),
    } | clean


async def tell_filer(uow: GrievanceUnitOfWork, case: Grievance, deps: Deps, record: dict[str, Any]) -> None:
    """Add the notice to the case's tracking page; e-mail it (sealed address) when the filer gave one."""
    if case.complainant_association_id is not None:
        return  # an association complainant: notify tells it from the case events
    case.notices.append(record)
    if deps.mail is None:
        return
    identity = await open_identity(uow, grievance_id=case.id, deps=deps)
    address = address_of(identity)
    del identity
    if address is not None:
        sealed = deps.mail.seal(address, notice_id=record["id"])
        await uow.emit(events.filer_notified(case, record, sealed_address=sealed), subject=case.id)
