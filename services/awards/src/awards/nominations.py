"""Submitting a nomination: gather facts, run the engine, store the verdict and announce it."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from thidua.contracts.awards import NominationSubmitted, Nominee
from thidua.contracts.base import new_id
from thidua.http.problems import Unprocessable

from awards import readmodel
from awards.catalogue import CO_TINH, AwardType
from awards.domain import REJECTED, status_after_check
from awards.eligibility import ClusterFacts, Facts, Report, evaluate
from awards.repository import DOCUMENTS, HISTORY, HOLDS, NOMINATIONS, nominee_key
from awards.schemas import DossierItemIn, NominationIn
from awards.uow import AwardsUnitOfWork


def report_doc(report: Report) -> dict[str, Any]:
    """The report as stored and returned."""
    return {
        "rule_set": report.rule_set,
        "award_type_code": report.award_type_code,
        "criteria": [asdict(c) | {"outcome": c.outcome.value} for c in report.criteria],
    }


async def _duplicates(
    uow: AwardsUnitOfWork, cmd: NominationIn, key: str, itself: str | None
) -> tuple[str | None, str | None]:
    """Rule 15 inputs: an award or live nomination for the same title and cycle; a reused achievement."""
    same = [
        d
        for d in await uow.repo.find(HISTORY, {"key": key})
        if d["code"] == cmd.award_type_code and d["year"] == cmd.year and d.get("status") != "cancelled"
    ]
    live = [
        n
        for n in await uow.repo.find(NOMINATIONS, {"nominee_key": key})
        if n["status"] != REJECTED and n["_id"] != itself
    ]
    duplicate = next((d["_id"] for d in same), None) or next(
        (n["_id"] for n in live if n["award_type_code"] == cmd.award_type_code and n["year"] == cmd.year),
        None,
    )
    used = None
    if cmd.achievement_ref:
        used = next((n["_id"] for n in live if n.get("achievement_ref") == cmd.achievement_ref), None)
    return duplicate, used


async def gather_facts(
    uow: AwardsUnitOfWork, cmd: NominationIn, key: str, itself: str | None = None
) -> Facts:
    """Everything the engine needs, from the read model."""
    duplicate, used = await _duplicates(uow, cmd, key, itself)
    required, registered = await readmodel.registration_status(uow, _probe(cmd))
    declared = {
        k: v
        for k, v in (("members_ldtt", cmd.members_ldtt), ("members_cstdcs", cmd.members_cstdcs))
        if v is not None
    }
    collective = None
    if cmd.nominee.kind == "collective":
        collective = await readmodel.collective_facts(
            uow, association_id=cmd.association_id, year=cmd.year, declared=declared
        )
    return Facts(
        nominee_kind=cmd.nominee.kind,
        year=cmd.year,
        commendation_type=cmd.commendation_type,
        years=await readmodel.year_facts(uow, key),
        collective=collective,
        awards=await readmodel.award_records(uow, key),
        registration_required=required,
        registered=registered,
        duplicate_award=duplicate,
        achievement_used_by=used,
        dossier=frozenset(d.kind for d in cmd.dossier),
        maternity_leave=cmd.maternity_leave,
        cluster=await _cluster(uow, cmd, itself),
    )


async def _cluster(uow: AwardsUnitOfWork, cmd: NominationIn, itself: str | None) -> ClusterFacts | None:
    """Rule 11: the cluster facts of a collective nominated for the Cờ thi đua tỉnh."""
    if cmd.award_type_code != CO_TINH or cmd.nominee.kind != "collective":
        return None
    return await readmodel.cluster_facts(uow, association_id=cmd.association_id, year=cmd.year, itself=itself)


def _probe(cmd: NominationIn) -> dict[str, Any]:
    return {
        "campaign_id": cmd.campaign_id,
        "association_id": cmd.association_id,
        "nominee": cmd.nominee.model_dump(),
    }


async def verify_documents(uow: AwardsUnitOfWork, items: list[DossierItemIn], *, association_id: str) -> None:
    """Every uploaded item named by id exists, belongs to the association and has the declared hash."""
    wrong = []
    for item in items:
        if item.document_id is None:
            continue
        stored = await uow.repo.get(DOCUMENTS, item.document_id)
        if stored is None or stored["association_id"] != association_id or stored["sha256"] != item.sha256:
            wrong.append({"document_id": item.document_id, "kind": item.kind})
    if wrong:
        raise Unprocessable(
            "Dossier items do not match the stored documents.", slug="document-mismatch", documents=wrong
        )


def nominee_of(doc: dict[str, Any]) -> Nominee:
    """The public nominee of a stored nomination."""
    n = doc["nominee"]
    association = doc["association_id"] if n["kind"] == "collective" else None
    return Nominee(
        kind=n["kind"],
        name=n["name"],
        unit=n["unit"],
        personal_code=n.get("personal_code"),
        association_id=association,
    )


def facts_of(doc: dict[str, Any]) -> dict[str, Any]:
    """The fields every nomination event repeats."""
    return {
        "nomination_id": doc["_id"],
        "association_id": doc["association_id"],
        "campaign_id": doc.get("campaign_id"),
        "award_type_code": doc["award_type_code"],
        "award_type_name": doc["award_type_name"],
        "nominee": nominee_of(doc),
        "year": doc["year"],
    }


def _nomination_doc(
    cmd: NominationIn, award_type: AwardType, report: Report, **fields: Any
) -> dict[str, Any]:
    """The stored nomination: the request, the award type's rules in force and the verdict."""
    return (
        cmd.model_dump(mode="json", exclude={"considered_on"})
        | fields
        | {
            "_id": new_id(),
            "award_type_name": award_type.name,
            "award_kind": award_type.kind,
            "authority": award_type.authority,
            "council_vote_required": award_type.council_vote_required,
            "vote_threshold": str(award_type.vote_threshold) if award_type.vote_threshold else None,
            "rule_set": award_type.rule_set,
            "version": 1,
            "report": report_doc(report),
            "status_before_hold": "incomplete" if report.missing else "submitted",
        }
    )


async def _copy_holds(uow: AwardsUnitOfWork, nomination_id: str, holds: list[dict[str, Any]]) -> None:
    """Holds on the nominee (a person under verification) apply to the new nomination too."""
    for hold in holds:
        await uow.repo.insert(
            HOLDS,
            {
                "_id": new_id(),
                "nomination_id": nomination_id,
                "nominee_key": None,
                "grievance_id": hold["grievance_id"],
                "reason": "grievance",
                "active": True,
            },
        )


async def submit_nomination(
    uow: AwardsUnitOfWork, *, cmd: NominationIn, award_type: AwardType, on: date, actor: str
) -> dict[str, Any]:
    """Check eligibility; refuse on a failure (`Ineligible`), else store and announce the nomination."""
    key = nominee_key(
        cmd.nominee.kind, personal_code=cmd.nominee.personal_code, association_id=cmd.association_id
    )
    await verify_documents(uow, cmd.dossier, association_id=cmd.association_id)
    report = evaluate(award_type, await gather_facts(uow, cmd, key), on=on)
    holds = [h for h in await uow.repo.find(HOLDS, {"nominee_key": key}) if h["active"]]
    status = status_after_check(report, open_holds=len(holds))
    doc = _nomination_doc(
        cmd,
        award_type,
        report,
        nominee_key=key,
        status=status,
        considered_on=on.isoformat(),
        created_by=actor,
        gender=await readmodel.gender_facts(uow, key, cmd.year),
    )
    await uow.repo.insert(NOMINATIONS, doc)
    await _copy_holds(uow, doc["_id"], holds)
    event = NominationSubmitted(
        **facts_of(doc),
        version=1,
        period=cmd.period,
        commendation_type=cmd.commendation_type,
        authority=award_type.authority,
        status=status,
        missing_evidence=[c.code for c in report.missing],
        council_vote_required=award_type.council_vote_required,
    )
    await uow.emit(event, subject=doc["_id"])
    return doc
