"""Decisions (quyết định): awards within the Union's authority, forwarding of the others, cancellation."""

from __future__ import annotations

from typing import Any

from thidua.contracts.awards import (
    AwardCancelled,
    AwardDecided,
    AwardForwarded,
    DecisionRef,
    DossierItem,
    Nominee,
)
from thidua.contracts.base import new_id
from thidua.http.problems import Conflict, Forbidden, NotFound

from awards.catalogue import PROVINCE, UNION
from awards.domain import DECIDED, FORWARDED, PASSED, SUBMITTED
from awards.nominations import facts_of, nominee_of
from awards.repository import DECISIONS, HISTORY, NOMINATIONS
from awards.schemas import CancellationIn, DecisionIn
from awards.settings import Money
from awards.uow import AwardsUnitOfWork


def _ready(doc: dict[str, Any], authority: str) -> bool:
    """Union: passed the council, or needs no vote and is complete. Province: forwarded. Never while held."""
    if authority == PROVINCE:
        return bool(doc["status"] == FORWARDED)
    return doc["status"] == PASSED or (doc["status"] == SUBMITTED and not doc["council_vote_required"])


async def _load_ready(uow: AwardsUnitOfWork, ids: list[str], authority: str) -> list[dict[str, Any]]:
    docs, problems = [], []
    for nomination_id in dict.fromkeys(ids):
        doc = await uow.repo.get(NOMINATIONS, nomination_id)
        if doc is None:
            problems.append({"nomination_id": nomination_id, "reason": "not_found"})
        elif not _ready(doc, authority):
            problems.append({"nomination_id": nomination_id, "reason": f"status_{doc['status']}"})
        else:
            docs.append(doc)
    if problems:
        raise Conflict(
            "Some nominations cannot be decided.", slug="nominations-not-ready", nominations=problems
        )
    return docs


def _history_doc(doc: dict[str, Any], award_id: str, ref: DecisionRef, money: int | None) -> dict[str, Any]:
    """The award-history entry of an awardee: counts toward later consecutive-year rules."""
    keep = ("association_id", "year", "commendation_type", "nominee", "award_type_name")
    return {k: doc[k] for k in keep} | {
        "_id": award_id,
        "key": doc["nominee_key"],
        "kind": doc["nominee"]["kind"],
        "code": doc["award_type_code"],
        "nomination_id": doc["_id"],
        "decision_id": ref.decision_id,
        "authority": ref.authority,
        "status": "active",
        "source": "decision",
        "decision_number": ref.number,
        "decided_on": ref.signed_on.isoformat(),
        "money_amount_vnd": money,
    }


async def _award(uow: AwardsUnitOfWork, doc: dict[str, Any], ref: DecisionRef, money: Money) -> str:
    award_id = new_id()
    amount = money.amount_vnd(doc["award_type_code"], doc["nominee"]["kind"], ref.signed_on)
    await uow.repo.insert(HISTORY, _history_doc(doc, award_id, ref, amount))
    event = AwardDecided(
        award_id=award_id,
        decision=ref,
        award_type_code=doc["award_type_code"],
        award_kind=doc.get("award_kind", "title"),
        award_type_name=doc["award_type_name"],
        awardee=nominee_of(doc),
        association_id=doc["association_id"],
        nomination_id=doc["_id"],
        campaign_id=doc.get("campaign_id"),
        year=doc["year"],
        period=doc.get("period"),
        commendation_type=doc["commendation_type"],
        money_amount_vnd=amount,
    )
    await uow.emit(event, subject=award_id)
    await uow.repo.set(NOMINATIONS, doc["_id"], {"status": DECIDED, "award_id": award_id})
    return award_id


async def _forward(uow: AwardsUnitOfWork, doc: dict[str, Any], cmd: DecisionIn) -> str:
    forwarding_id, council = new_id(), doc.get("council") or {}
    dossier = [
        DossierItem(
            kind=d["kind"],
            document_id=d.get("document_id") or d["sha256"],
            filename=d["filename"],
            sha256=d["sha256"],
        )
        for d in doc["dossier"]
    ]
    await uow.emit(
        AwardForwarded(
            **facts_of(doc),
            forwarding_id=forwarding_id,
            submission_number=cmd.number,
            submitted_on=cmd.signed_on,
            period=doc.get("period"),
            commendation_type=doc["commendation_type"],
            council_session_id=council.get("session_id"),
            votes_yes=council.get("yes"),
            council_member_count=council.get("base"),
            achievement_summary=doc["achievement_report"][:1000],
            dossier=dossier,
        ),
        subject=doc["_id"],
    )
    await uow.repo.set(NOMINATIONS, doc["_id"], {"status": FORWARDED, "forwarding_id": forwarding_id})
    return forwarding_id


async def record_decision(
    uow: AwardsUnitOfWork, *, cmd: DecisionIn, actor: str, money: Money
) -> dict[str, Any]:
    """One `award.decided` per awardee within the decider's authority; `award.forwarded` for the rest.

    A provincial decision on forwarded nominations is recorded back the same way, with authority `province`.
    Each award carries its money (NĐ152 Điều 50/54) at the base salary in force on the signing date;
    `money` comes from the service's settings (`THIDUA_BASE_SALARIES_VND`, …), built once at start.
    """
    docs = await _load_ready(uow, cmd.nomination_ids, cmd.authority)
    decision_id = new_id()
    ref = _ref(cmd, decision_id)
    awards, forwardings = [], []
    for doc in docs:
        if cmd.authority == PROVINCE or doc["authority"] == UNION:
            awards.append({"award_id": await _award(uow, doc, ref, money), "nomination_id": doc["_id"]})
        else:
            forwardings.append({"forwarding_id": await _forward(uow, doc, cmd), "nomination_id": doc["_id"]})
    decision = cmd.model_dump(mode="json") | {
        "_id": decision_id,
        "awards": awards,
        "forwardings": forwardings,
        "recorded_by": actor,
    }
    await uow.repo.insert(DECISIONS, decision)
    return decision


def _ref(cmd: DecisionIn | CancellationIn, decision_id: str) -> DecisionRef:
    authority = cmd.authority if isinstance(cmd, DecisionIn) else UNION
    return DecisionRef(
        decision_id=decision_id,
        number=cmd.number,
        signed_on=cmd.signed_on,
        signer_name=cmd.signer_name,
        signer_title=cmd.signer_title,
        authority=authority,
    )


async def _cancellable(uow: AwardsUnitOfWork, award_id: str) -> dict[str, Any]:
    award = await uow.repo.get(HISTORY, award_id)
    if award is None:
        raise NotFound(f"No award {award_id}.")
    if award.get("authority", UNION) != UNION:
        raise Forbidden("Only the conferring authority may cancel this award (L22 Điều 93 k8).")
    if award["status"] == "cancelled":
        raise Conflict("The award is already cancelled.", slug="award-cancelled")
    return award


async def cancel_award(
    uow: AwardsUnitOfWork,
    *,
    award_id: str,
    ground: str,
    decision: CancellationIn | None,
    grievance_id: str | None = None,
) -> dict[str, Any]:
    """Cancel an award on a lawful ground (L22 Điều 93); without a decision yet, mark it as due."""
    award = await _cancellable(uow, award_id)
    if decision is None:
        await uow.repo.set(
            HISTORY, award_id, {"cancellation_due": {"ground": ground, "grievance_id": grievance_id}}
        )
        return award
    grievance_id = grievance_id or (award.get("cancellation_due") or {}).get("grievance_id")
    ref = _ref(decision, new_id())
    await uow.repo.set(
        HISTORY, award_id, {"status": "cancelled", "cancellation": ref.model_dump(mode="json")}
    )
    nominee = award["nominee"]
    awardee = Nominee(
        kind=nominee["kind"],
        name=nominee["name"],
        unit=nominee["unit"],
        personal_code=nominee.get("personal_code"),
    )
    event = AwardCancelled(
        award_id=award_id,
        original_decision_id=award.get("decision_id") or "",
        cancellation=ref,
        award_type_code=award["code"],
        association_id=award.get("association_id") or "",
        ground=ground,
        awardee=awardee,
        grievance_id=grievance_id,
    )
    await uow.emit(event, subject=award_id)
    return award | {"status": "cancelled"}
