"""The awards unit of work: the platform's transaction plus this service's repository."""

from __future__ import annotations

from thidua import mongo
from thidua.uow import UnitOfWork

from awards.exemplar_store import ExemplarStore
from awards.repository import Repository


class AwardsUnitOfWork(UnitOfWork):
    """State, outbox and inbox of the awards service in one MongoDB transaction."""

    def __init__(self, *, database: mongo.Database, session: mongo.Session, producer: str) -> None:
        super().__init__(database=database, session=session, producer=producer)
        self.repo = Repository(database, session)
        self.exemplars = ExemplarStore(database, session)
