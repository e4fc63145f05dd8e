"""What the awards service knows from elsewhere, for the eligibility engine: verified facts per year, who
registered for which campaign, which campaigns require registration, and the province's cluster rankings.

Pure (stdlib only): the records as stored, and their reading as the engine's facts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from awards.catalogue import CSTDCS, INDIVIDUAL, LDTT
from awards.eligibility import ClusterFacts, CollectiveFacts, YearFacts
from awards.history import Award
from awards.nomination import Gender


@dataclass(frozen=True, kw_only=True)
class PersonYear(YearFacts):
    """One individual's verified facts for one year (from `registration.verified`, or for a member who did
    not register, `year_end_results.verified`): the engine's facts of that year, and where they come from
    (`registration_id` is the registration or the year-end results checked)."""

    id: str
    key: str
    kind: str = INDIVIDUAL
    association_id: str
    female: bool | None = None
    registration_id: str


@dataclass(kw_only=True)
class CollectiveYear:
    """A collective's verified facts for one year: its rating and member counts."""

    id: str
    key: str
    kind: str = "collective"
    year: int
    association_id: str
    task_rating: str | None = None
    member_count: int
    members_completed: int
    members_disciplined: int
    female_member_count: int | None = None
    registration_id: str


YearRecord = PersonYear | CollectiveYear


def year_id(key: str, year: int) -> str:
    """The id of a nominee's facts for a year."""
    return f"{key}:{year}"


def year_facts(record: YearRecord) -> YearFacts:
    """The engine's facts of one verified year (a collective has a rating, no initiatives of its own)."""
    if isinstance(record, CollectiveYear):
        return YearFacts(year=record.year, task_rating=record.task_rating)
    return record


def gender_of(record: YearRecord | None) -> Gender:
    """Rule 18 inputs of the nominated year; unknown when nothing was verified."""
    if isinstance(record, PersonYear):
        return Gender(female=record.female)
    if isinstance(record, CollectiveYear):
        return Gender(women=record.female_member_count, members=record.member_count)
    return Gender()


def collective_facts(
    record: CollectiveYear | None, members_awards: Iterable[Award], declared: Mapping[str, int]
) -> CollectiveFacts | None:
    """The collective's member counts: verified counts, LĐTT/CSTĐCS from history or else as declared."""
    if record is None:
        return None
    awards = [a for a in members_awards if a.kind == INDIVIDUAL]
    ldtt = sum(1 for a in awards if a.code == LDTT)
    cstdcs = sum(1 for a in awards if a.code == CSTDCS)
    return CollectiveFacts(
        member_count=record.member_count,
        members_completed=record.members_completed,
        members_disciplined=record.members_disciplined,
        members_ldtt=ldtt or declared.get("members_ldtt"),
        members_cstdcs=cstdcs or declared.get("members_cstdcs"),
    )


@dataclass(kw_only=True)
class Registered:
    """An association's registration for a campaign and the individuals in it (from `registration.*`)."""

    id: str
    campaign_id: str
    association_id: str
    personal_codes: tuple[str, ...] = ()
    year: int


@dataclass(kw_only=True)
class CampaignRule:
    """Whether a campaign requires registration for its titles (from `campaign.launched`)."""

    id: str
    registration_required: bool = False


def registration_status(
    campaign: CampaignRule | None, registrations: Iterable[Registered], personal_code: str | None
) -> tuple[bool, bool]:
    """(the campaign requires registration, the nominee is registered); rule 1 reads both."""
    regs = list(registrations)
    registered = bool(regs) and (
        personal_code is None or any(personal_code in r.personal_codes for r in regs)
    )
    return bool(campaign and campaign.registration_required), registered


@dataclass(frozen=True, kw_only=True)
class ClusterResult:
    """Rule 11: a province cluster's (cụm/khối) members and leader in a year, entered by the secretariat."""

    name: str
    organized_by: str = "province"
    member_association_ids: tuple[str, ...]
    leader_association_id: str | None = None
    cluster_id: str
    year: int
    recorded_by: str

    def facts_for(self, association_id: str, *, other_holder: str | None) -> ClusterFacts:
        """Rule 11 facts of one member collective."""
        leader = self.leader_association_id
        return ClusterFacts(
            cluster_id=self.cluster_id,
            organized_by_province=self.organized_by == "province",
            leader=None if leader is None else leader == association_id,
            other_holder=other_holder,
        )
