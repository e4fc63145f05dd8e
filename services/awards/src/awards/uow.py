"""The awards unit of work: the platform's transaction (outbox, inbox) plus this service's repositories."""

from __future__ import annotations

from thidua import mongo
from thidua.uow import UnitOfWork

from awards import repository as r


class AwardsUnitOfWork(UnitOfWork):
    """State, outbox and inbox of the awards service in one MongoDB transaction."""

    def __init__(self, *, database: mongo.Database, session: mongo.Session, producer: str) -> None:
        super().__init__(database=database, session=session, producer=producer)
        self.nominations = r.NominationRepository(database[r.NOMINATIONS], session)
        self.holds = r.HoldRepository(database[r.HOLDS], session)
        self.disclosures = r.DisclosureRepository(database[r.DISCLOSURES], session)
        self.objections = r.ObjectionRepository(database[r.OBJECTIONS], session)
        self.documents = r.DocumentRepository(database[r.DOCUMENTS], session)
        self.sessions = r.SessionRepository(database[r.SESSIONS], session)
        self.receipts = r.ReceiptRepository(database[r.RECEIPTS], session)
        self.minutes = r.MinutesRepository(database[r.MINUTES], session)
        self.decisions = r.DecisionRepository(database[r.DECISIONS], session)
        self.awards = r.AwardRepository(database[r.HISTORY], session)
        self.facts = r.FactsRepository(database[r.FACTS], session)
        self.registrations = r.RegisteredRepository(database[r.REGISTRATIONS], session)
        self.campaigns = r.CampaignRepository(database[r.CAMPAIGNS], session)
        self.clusters = r.ClusterRepository(database[r.CLUSTERS], session)
        self.exemplars = r.ExemplarRepository(database[r.EXEMPLARS], session)
        self.conferences = r.ConferenceRepository(database[r.CONFERENCES], session)
