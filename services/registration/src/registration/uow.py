"""The registration service's unit of work: its repositories bound to one transaction."""

from __future__ import annotations

from thidua import mongo
from thidua.uow import UnitOfWork

from registration.domain import Association, Campaign, LateWindow
from registration.repository import (
    ASSOCIATIONS,
    CAMPAIGNS,
    LATE_WINDOWS,
    REGISTRATIONS,
    VERSIONS,
    YEAR_END_RESULTS,
    AssociationRepository,
    CampaignRepository,
    LateWindowRepository,
    RegistrationRepository,
    YearEndResultsRepository,
)
from registration.year_end import YearEndResults


class RegistrationUnitOfWork(UnitOfWork):
    """Campaigns, associations, late windows and registrations in one transaction with the outbox."""

    def __init__(self, *, database: mongo.Database, session: mongo.Session, producer: str) -> None:
        super().__init__(database=database, session=session, producer=producer)
        self.campaigns = CampaignRepository(Campaign, database[CAMPAIGNS], session)
        self.associations = AssociationRepository(Association, database[ASSOCIATIONS], session)
        self.late_windows = LateWindowRepository(LateWindow, database[LATE_WINDOWS], session)
        self.registrations = RegistrationRepository(database[REGISTRATIONS], database[VERSIONS], session)
        self.year_end_results = YearEndResultsRepository(YearEndResults, database[YEAR_END_RESULTS], session)
