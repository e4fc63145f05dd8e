"""The notify service's unit of work: the base transaction plus its repository."""

from __future__ import annotations

from thidua.mongo import Database, Session
from thidua.uow import UnitOfWork

from notify.repository import NotifyRepository


class NotifyUnitOfWork(UnitOfWork):
    """One transaction over notify's documents, outbox and inbox."""

    def __init__(self, *, database: Database, session: Session, producer: str) -> None:
        super().__init__(database=database, session=session, producer=producer)
        self.repo = NotifyRepository(database, session)
