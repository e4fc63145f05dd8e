"""Mapping of campaigns, associations, registrations and late windows to MongoDB documents (no rules)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter
from thidua import mongo

from registration import messages as msg
from registration.domain import Association, Campaign, LateWindow, Registration, VersionConflict
from registration.text import search_key
from registration.year_end import RECORDED, YearEndResults

CAMPAIGNS, ASSOCIATIONS, REGISTRATIONS = "campaigns", "associations", "registrations"
VERSIONS, LATE_WINDOWS = "registration_versions", "late_windows"
YEAR_END_RESULTS = "year_end_results"

INDEXES: dict[str, list[mongo.IndexModel]] = {
    CAMPAIGNS: [mongo.IndexModel([("code", mongo.ASCENDING)], unique=True, name="code_unique")],
    ASSOCIATIONS: [mongo.IndexModel([("code", mongo.ASCENDING)], unique=True, name="code_unique")],
    REGISTRATIONS: [
        mongo.IndexModel(
            [("association_id", mongo.ASCENDING), ("campaign_id", mongo.ASCENDING)],
            unique=True,
            name="one_per_campaign",
        ),
        mongo.IndexModel([("campaign_id", mongo.ASCENDING)], name="by_campaign"),
    ],
    YEAR_END_RESULTS: [
        mongo.IndexModel(
            [("association_id", mongo.ASCENDING), ("year", mongo.ASCENDING)], name="by_association_year"
        )
    ],
}

T = TypeVar("T")


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {}


def adapter(kind: type[T]) -> TypeAdapter[T]:
    """A cached pydantic adapter for a domain dataclass."""
    if kind not in _ADAPTERS:
        _ADAPTERS[kind] = TypeAdapter(kind)
    return _ADAPTERS[kind]


class _Documents(Generic[T]):
    """Domain object <-> document through pydantic's dataclass support; `id` is stored as `_id`."""

    has_id = True

    def __init__(self, kind: type[T], collection: mongo.Collection, session: mongo.Session) -> None:
        self._adapter: TypeAdapter[T] = adapter(kind)
        self.collection, self.session = collection, session

    def to_document(self, item: T) -> mongo.Document:
        """The document for a domain object."""
        doc: dict[str, Any] = self._adapter.dump_python(item, mode="json")
        doc["_id"] = doc.pop("id", None) or _key(item)
        return doc

    def to_domain(self, doc: mongo.Document) -> T:
        """The domain object for a document."""
        values = {k: v for k, v in doc.items() if k not in {"_id", "search_key"}}
        if self.has_id:
            values["id"] = doc["_id"]
        return self._adapter.validate_python(values)

    async def get(self, item_id: str) -> T | None:
        """The object with this id, or None."""
        doc = await self.collection.find_one({"_id": item_id}, session=self.session)
        return None if doc is None else self.to_domain(doc)

    async def find(self, query: dict[str, Any]) -> list[T]:
        """Every object matching an equality query."""
        docs = await self.collection.find(query, session=self.session).to_list(None)
        return [self.to_domain(doc) for doc in docs]

    async def add(self, item: T, **extra: Any) -> None:
        """Insert a new object; DuplicateKeyError on a unique index."""
        await self.collection.insert_one(self.to_document(item) | extra, session=self.session)


def _key(item: object) -> str:
    if isinstance(item, LateWindow):
        return late_window_id(item.campaign_id, item.association_id)
    raise TypeError(f"no id for {type(item).__name__}")


def late_window_id(campaign_id: str, association_id: str) -> str:
    """The document id of an association's late window in a campaign."""
    return f"{campaign_id}:{association_id}"


class CampaignRepository(_Documents[Campaign]):
    """Campaigns."""

    async def save(self, campaign: Campaign) -> None:
        """Replace the stored campaign."""
        await self.collection.replace_one(
            {"_id": campaign.id}, self.to_document(campaign), session=self.session
        )


class AssociationRepository(_Documents[Association]):
    """The member-association directory; a diacritic-free `search_key` is stored beside each entry."""

    async def add_entry(self, association: Association) -> None:
        """Insert a new directory entry."""
        await self.add(association, search_key=search_key(f"{association.code} {association.name}"))

    async def update(self, association: Association) -> None:
        """Store the next version of an entry, only if nobody stored it first."""
        doc = self.to_document(association) | {
            "search_key": search_key(f"{association.code} {association.name}")
        }
        result = await self.collection.replace_one(
            {"_id": association.id, "version": association.version - 1}, doc, session=self.session
        )
        if result.matched_count == 0:
            raise VersionConflict(msg.ASSOCIATION_CHANGED.format(code=association.code))


class LateWindowRepository(_Documents[LateWindow]):
    """Late windows granted per association and campaign."""

    has_id = False

    async def put(self, window: LateWindow) -> None:
        """Grant or replace the association's late window."""
        doc = self.to_document(window)
        await self.collection.replace_one({"_id": doc["_id"]}, doc, upsert=True, session=self.session)

    async def until(self, campaign_id: str, association_id: str) -> Any:
        """The last day of the association's late window, or None."""
        window = await self.get(late_window_id(campaign_id, association_id))
        return None if window is None else window.until


class RegistrationRepository(_Documents[Registration]):
    """Registrations, with every version kept in `registration_versions`."""

    def __init__(
        self, collection: mongo.Collection, versions: mongo.Collection, session: mongo.Session
    ) -> None:
        super().__init__(Registration, collection, session)
        self.versions = versions

    def _full(self, registration: Registration) -> mongo.Document:
        people = " ".join(p.full_name for p in registration.plan.individuals)
        return self.to_document(registration) | {
            "search_key": search_key(f"{registration.plan.collective_name} {people}")
        }

    async def _keep_version(self, doc: mongo.Document) -> None:
        version_doc = dict(doc, _id=f"{doc['_id']}:{doc['version']}", registration_id=doc["_id"])
        await self.versions.insert_one(version_doc, session=self.session)

    async def create(self, registration: Registration) -> None:
        """Insert a new registration and its first version; DuplicateKeyError when one exists."""
        doc = self._full(registration)
        await self.collection.insert_one(doc, session=self.session)
        await self._keep_version(doc)

    async def update(self, registration: Registration) -> None:
        """Store the next version, only if nobody stored it first."""
        doc = self._full(registration)
        result = await self.collection.replace_one(
            {"_id": registration.id, "version": registration.version - 1}, doc, session=self.session
        )
        if result.matched_count == 0:
            raise VersionConflict(msg.REGISTRATION_CHANGED.format(registration_id=registration.id))
        await self._keep_version(doc)


class YearEndResultsRepository(_Documents[YearEndResults]):
    """Year-end results recorded by associations for their members."""

    async def page(
        self, association_id: str, year: int | None, *, limit: int, offset: int
    ) -> tuple[list[YearEndResults], int]:
        """One page of an association's results, newest year first, and how many there are."""
        query: dict[str, Any] = {"association_id": association_id} | ({} if year is None else {"year": year})
        total = await self.collection.count_documents(query, session=self.session)
        cursor = self.collection.find(query, session=self.session).sort([("year", -1), ("_id", 1)])
        docs = await cursor.skip(offset).limit(limit).to_list(None)
        return [self.to_domain(doc) for doc in docs], total

    async def verify(self, results: YearEndResults) -> None:
        """Store the check, only if nobody checked the results first."""
        doc = self.to_document(results)
        result = await self.collection.replace_one(
            {"_id": results.id, "status": RECORDED}, doc, session=self.session
        )
        if result.matched_count == 0:
            raise VersionConflict(msg.YEAR_END_ALREADY_VERIFIED)
