"""Use cases of public objections (ý kiến): anyone may send one about a disclosed nomination while its window
is open; the secretariat reads them, and the nomination counts them for the council's minutes.

The public list never shows objections; the text and any name or contact given stay with the secretariat.
"""

from __future__ import annotations

from datetime import date

from thidua.contracts.base import new_id

from awards import messages as msg
from awards.errors import DisclosureClosed, NotFoundError
from awards.nomination import Objection, PublicObjection
from awards.uow import AwardsUnitOfWork


async def receive_public_objection(
    uow: AwardsUnitOfWork,
    *,
    disclosure_id: str,
    content: str,
    name: str | None,
    contact: str | None,
    today: date,
) -> PublicObjection:
    """Keep an objection sent during the window, and count it on the nomination."""
    disclosure = await uow.disclosures.get(disclosure_id)
    if disclosure is None:
        raise NotFoundError(msg.NO_DISCLOSURE.format(disclosure_id=disclosure_id))
    if not disclosure.window_start <= today <= disclosure.window_end:
        start, end = msg.day(disclosure.window_start), msg.day(disclosure.window_end)
        raise DisclosureClosed(msg.DISCLOSURE_CLOSED.format(start=start, end=end))
    nomination = await uow.nominations.get(disclosure.nomination_id)
    if nomination is None:
        raise NotFoundError(msg.NO_DISCLOSURE.format(disclosure_id=disclosure_id))
    objection = PublicObjection(
        id=new_id(),
        disclosure_id=disclosure_id,
        nomination_id=nomination.id,
        received_on=today,
        content=content,
        name=name,
        contact=contact,
    )
    await uow.objections.add(objection)
    nomination.add_objection(Objection(received_on=today, channel="portal", content=content))
    await uow.nominations.save(nomination)
    return objection


async def list_objections(
    uow: AwardsUnitOfWork, *, nomination_id: str, limit: int, offset: int
) -> tuple[list[PublicObjection], int]:
    """One page of the public objections about a nomination, newest first, and how many there are."""
    if await uow.nominations.get(nomination_id) is None:
        raise NotFoundError(msg.NO_NOMINATION.format(nomination_id=nomination_id))
    return await uow.objections.of_nomination(nomination_id, limit=limit, offset=offset)
