"""Typed repositories of the awards service: one collection's queries each, mapping only, no rules."""

from __future__ import annotations

from thidua import mongo

from awards.repository.council import MinutesRepository, ReceiptRepository, SessionRepository
from awards.repository.exemplars import ConferenceRepository, ExemplarRepository
from awards.repository.facts import (
    CampaignRepository,
    ClusterRepository,
    FactsRepository,
    RegisteredRepository,
)
from awards.repository.history import AwardRepository, DecisionRepository
from awards.repository.nominations import (
    DisclosureRepository,
    DocumentRepository,
    HoldRepository,
    NominationRepository,
)
from awards.repository.objections import ObjectionRepository

FACTS, REGISTRATIONS, CAMPAIGNS, HISTORY = "facts", "registrations", "campaigns", "award_history"
NOMINATIONS, HOLDS, SESSIONS, RECEIPTS = "nominations", "holds", "council_sessions", "ballot_receipts"
DECISIONS, DISCLOSURES, MINUTES, DOCUMENTS = "decisions", "disclosures", "minutes", "documents"
CLUSTERS, EXEMPLARS, CONFERENCES = "cluster_results", "exemplars", "exemplar_conferences"
OBJECTIONS = "public_objections"

INDEXES: dict[str, list[mongo.IndexModel]] = {
    FACTS: [mongo.IndexModel([("key", mongo.ASCENDING), ("kind", mongo.ASCENDING)])],
    HISTORY: [mongo.IndexModel([("key", mongo.ASCENDING), ("kind", mongo.ASCENDING)])],
    NOMINATIONS: [
        mongo.IndexModel([("association_id", mongo.ASCENDING)]),
        mongo.IndexModel([("nominee_key", mongo.ASCENDING)]),
    ],
    HOLDS: [mongo.IndexModel([("nomination_id", mongo.ASCENDING)]), mongo.IndexModel([("grievance_id", 1)])],
    DISCLOSURES: [mongo.IndexModel([("campaign_id", mongo.ASCENDING)])],
    RECEIPTS: [mongo.IndexModel([("session_id", mongo.ASCENDING)])],
    EXEMPLARS: [
        mongo.IndexModel([("association_id", mongo.ASCENDING)]),
        mongo.IndexModel([("campaign_id", mongo.ASCENDING)]),
        mongo.IndexModel([("published", mongo.ASCENDING), ("published_at", mongo.DESCENDING)]),
    ],
    CONFERENCES: [mongo.IndexModel([("campaign_id", mongo.ASCENDING)])],
    OBJECTIONS: [mongo.IndexModel([("nomination_id", mongo.ASCENDING), ("received_on", mongo.DESCENDING)])],
}

__all__ = [
    "INDEXES",
    "AwardRepository",
    "CampaignRepository",
    "ClusterRepository",
    "ConferenceRepository",
    "DecisionRepository",
    "DisclosureRepository",
    "DocumentRepository",
    "ExemplarRepository",
    "FactsRepository",
    "HoldRepository",
    "MinutesRepository",
    "NominationRepository",
    "ObjectionRepository",
    "ReceiptRepository",
    "RegisteredRepository",
    "SessionRepository",
]
