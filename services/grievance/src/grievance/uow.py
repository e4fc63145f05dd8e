"""The grievance unit of work: cases, sealed identities, audit, alerts and the informed read model."""

from __future__ import annotations

from thidua import mongo
from thidua.uow import UnitOfWork

from grievance.repository import GrievanceRepository

GRIEVANCES = "grievances"
FILERS = "filers"  # sealed identities, apart from the case (LTC Điều 56)
AUDIT = "audit"
ALERTS = "alerts"
INFORMED = "informed"  # when a complainant was informed (notification.delivered / award.decided)
ATTACHMENTS = "attachments"  # attachment records; a filer-identifying one keeps its name and hash sealed
EVIDENCE_BUCKET = "evidence"  # GridFS: attachments that do not show the filer, in clear
SEALED_BUCKET = "sealed"  # GridFS: AES-GCM ciphertext of attachments that show the filer (LTC Điều 56)


class GrievanceUnitOfWork(UnitOfWork):
    """Repositories bound to this transaction's session."""

    def __init__(self, *, database: mongo.Database, session: mongo.Session, producer: str) -> None:
        super().__init__(database=database, session=session, producer=producer)
        self.grievances = GrievanceRepository(database[GRIEVANCES], session)
        self.filers = database[FILERS]
        self.audit = database[AUDIT]
        self.alerts = database[ALERTS]
        self.informed = database[INFORMED]
        self.attachments = database[ATTACHMENTS]


INDEXES: dict[str, list[mongo.IndexModel]] = {
    GRIEVANCES: [
        mongo.IndexModel([("tracking_code", mongo.ASCENDING)], unique=True),
        mongo.IndexModel([("complainant_association_id", mongo.ASCENDING)]),
        mongo.IndexModel([("watch", mongo.ASCENDING)]),
        mongo.IndexModel([("next_due_on", mongo.ASCENDING), ("received_on", mongo.DESCENDING)]),
    ],
    AUDIT: [mongo.IndexModel([("grievance_id", mongo.ASCENDING), ("seq", mongo.ASCENDING)], unique=True)],
    ATTACHMENTS: [mongo.IndexModel([("grievance_id", mongo.ASCENDING)])],
    INFORMED: [mongo.IndexModel([("subject", mongo.ASCENDING), ("party", mongo.ASCENDING)])],
}
