"""The read model of facts the eligibility engine uses: verified registration facts and award history."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.contracts.registration import (
    CampaignLaunched,
    RegistrationSubmitted,
    RegistrationVerified,
    VerifiedPerson,
)

from awards.catalogue import CO_TINH
from awards.eligibility import AwardRecord, ClusterFacts, CollectiveFacts, YearFacts
from awards.repository import CAMPAIGNS, FACTS, HISTORY, NOMINATIONS, REGISTRATIONS, nominee_key
from awards.uow import AwardsUnitOfWork

CLUSTERS = "cluster_results"
"""Rule 11: per province-organized cluster (cụm/khối) and year: members, and the one ranked leader."""


def _count(items: list[Any], *, scope: str, attr: str) -> int:
    return sum(1 for item in items if getattr(item, attr) == scope)


def _person_doc(person: VerifiedPerson, data: RegistrationVerified) -> dict[str, Any]:
    key = nominee_key("individual", personal_code=person.personal_code, association_id=None)
    ends = person.discipline_ends_on.isoformat() if person.discipline_ends_on else None
    return {
        "_id": f"{key}:{data.year}",
        "key": key,
        "kind": "individual",
        "year": data.year,
        "association_id": data.association_id,
        "task_rating": person.task_rating,
        "base_initiatives": _count(person.initiatives, scope="base", attr="scope"),
        "provincial_initiatives": len(person.initiatives)
        - _count(person.initiatives, scope="base", attr="scope"),
        "accepted_works": sum(
            1 for w in person.scientific_works if w.level not in ("provincial", "national")
        ),
        "provincial_works": sum(1 for w in person.scientific_works if w.level in ("provincial", "national")),
        "discipline": person.discipline,
        "discipline_ends_on": ends,
        "female": person.female,
        "registration_id": data.registration_id,
    }


async def record_verified(uow: AwardsUnitOfWork, data: RegistrationVerified) -> None:
    """Keep the verified facts of each individual and of the collective for their year."""
    for person in data.individuals:
        await uow.repo.put(FACTS, _person_doc(person, data))
    key = nominee_key("collective", personal_code=None, association_id=data.association_id)
    c = data.collective
    await uow.repo.put(
        FACTS,
        {
            "_id": f"{key}:{data.year}",
            "key": key,
            "kind": "collective",
            "year": data.year,
            "association_id": data.association_id,
            "task_rating": c.task_rating,
            "member_count": c.member_count,
            "members_completed": c.members_completed_count,
            "members_disciplined": c.members_disciplined_count,
            "female_member_count": c.female_member_count,
            "registration_id": data.registration_id,
        },
    )


async def record_registration(uow: AwardsUnitOfWork, data: RegistrationSubmitted) -> None:
    """Remember who registered for which campaign (rule 1 needs it only where the campaign does)."""
    await uow.repo.put(
        REGISTRATIONS,
        {
            "_id": data.registration_id,
            "campaign_id": data.campaign_id,
            "association_id": data.association_id,
            "personal_codes": [p.personal_code for p in data.individuals],
            "year": data.year,
        },
    )


async def record_campaign(uow: AwardsUnitOfWork, data: CampaignLaunched) -> None:
    """Remember whether a campaign requires registration."""
    await uow.repo.put(
        CAMPAIGNS, {"_id": data.campaign_id, "registration_required": data.registration_required}
    )


async def registration_status(uow: AwardsUnitOfWork, nomination: dict[str, Any]) -> tuple[bool, bool]:
    """(campaign requires registration, nominee is registered)."""
    campaign_id = nomination.get("campaign_id")
    if not campaign_id:
        return False, False
    campaign = await uow.repo.get(CAMPAIGNS, campaign_id)
    regs = await uow.repo.find(
        REGISTRATIONS, {"campaign_id": campaign_id, "association_id": nomination["association_id"]}
    )
    code = nomination["nominee"].get("personal_code")
    registered = bool(regs) and (code is None or any(code in r["personal_codes"] for r in regs))
    return bool(campaign and campaign["registration_required"]), registered


def _year_facts(doc: dict[str, Any]) -> YearFacts:
    ends = doc.get("discipline_ends_on")
    return YearFacts(
        year=doc["year"],
        task_rating=doc.get("task_rating"),
        base_initiatives=doc.get("base_initiatives", 0),
        provincial_initiatives=doc.get("provincial_initiatives", 0),
        accepted_works=doc.get("accepted_works", 0),
        provincial_works=doc.get("provincial_works", 0),
        discipline=doc.get("discipline", "none"),
        discipline_ends_on=date.fromisoformat(ends) if ends else None,
    )


async def year_facts(uow: AwardsUnitOfWork, key: str) -> tuple[YearFacts, ...]:
    """Every verified cycle of a nominee."""
    docs = await uow.repo.find(FACTS, {"key": key})
    return tuple(sorted((_year_facts(d) for d in docs), key=lambda y: y.year))


async def award_records(uow: AwardsUnitOfWork, key: str) -> tuple[AwardRecord, ...]:
    """Every standing (not cancelled) award of a nominee, decided here or imported."""
    docs = await uow.repo.find(HISTORY, {"key": key})
    return tuple(
        AwardRecord(d["code"], d["year"], d.get("commendation_type", "cong_trang"))
        for d in docs
        if d.get("status", "active") == "active"
    )


async def collective_facts(
    uow: AwardsUnitOfWork, *, association_id: str, year: int, declared: dict[str, int]
) -> CollectiveFacts | None:
    """The collective's member counts: verified counts, LĐTT/CSTĐCS from history or else as declared."""
    key = nominee_key("collective", personal_code=None, association_id=association_id)
    doc = await uow.repo.get(FACTS, f"{key}:{year}")
    if doc is None:
        return None
    members = await uow.repo.find(HISTORY, {"association_id": association_id, "year": year})
    ldtt = sum(1 for m in members if m["code"] == "LDTT" and m["kind"] == "individual")
    cstdcs = sum(1 for m in members if m["code"] == "CSTDCS" and m["kind"] == "individual")
    return CollectiveFacts(
        member_count=doc["member_count"],
        members_completed=doc["members_completed"],
        members_disciplined=doc["members_disciplined"],
        members_ldtt=ldtt or declared.get("members_ldtt"),
        members_cstdcs=cstdcs or declared.get("members_cstdcs"),
    )


async def record_award(uow: AwardsUnitOfWork, award: dict[str, Any]) -> None:
    """Add an award to the history (from a decision here or an import)."""
    await uow.repo.put(HISTORY, award)


async def gender_facts(uow: AwardsUnitOfWork, key: str, year: int) -> dict[str, Any]:
    """Rule 18 inputs: a woman (individual), or women among the members (collective); None when unknown."""
    doc = await uow.repo.get(FACTS, f"{key}:{year}") or {}
    return {
        "female": doc.get("female"),
        "women": doc.get("female_member_count"),
        "members": doc.get("member_count"),
    }


async def record_cluster_result(uow: AwardsUnitOfWork, result: dict[str, Any]) -> None:
    """A cluster's members and leader for a year (the province's ranking, entered by the secretariat)."""
    await uow.repo.put(CLUSTERS, result | {"_id": f"{result['cluster_id']}:{result['year']}"})


async def _other_holder(
    uow: AwardsUnitOfWork, others: list[str], year: int, itself: str | None
) -> str | None:
    """Another collective of the cluster holding, or nominated for, the Cờ thi đua tỉnh of `year`."""
    for association_id in others:
        query = {"association_id": association_id, "year": year}
        held = [d for d in await uow.repo.find(HISTORY, query | {"code": CO_TINH})
                if d.get("kind") == "collective" and d.get("status", "active") == "active"]  # fmt: skip
        if held:
            return f"awarded to {association_id} ({held[0]['_id']})"
        live = [n for n in await uow.repo.find(NOMINATIONS, query | {"award_type_code": CO_TINH})
                if n["status"] != "rejected" and n["_id"] != itself]  # fmt: skip
        if live:
            return f"nominated for {association_id} ({live[0]['_id']})"
    return None


async def cluster_facts(
    uow: AwardsUnitOfWork, *, association_id: str, year: int, itself: str | None = None
) -> ClusterFacts | None:
    """Rule 11 facts: the collective's cluster in `year`, whether it leads it, and other holders."""
    docs = await uow.repo.find(CLUSTERS, {"year": year, "member_association_ids": association_id})
    if not docs:
        return None
    doc = docs[0]
    others = [a for a in doc["member_association_ids"] if a != association_id]
    leader = doc.get("leader_association_id")
    return ClusterFacts(
        cluster_id=doc["cluster_id"],
        organized_by_province=doc["organized_by"] == "province",
        leader=None if leader is None else leader == association_id,
        other_holder=await _other_holder(uow, others, year, itself),
    )
