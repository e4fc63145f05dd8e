"""Supplements: a submitted dossier is frozen; adding evidence makes a new version, checked again."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.contracts.awards import NominationSubmitted
from thidua.http.problems import Conflict, NotFound

from awards import catalogue
from awards.catalogue import CatalogueOverrides
from awards.domain import DEFERRED, INCOMPLETE, SUBMITTED, status_after_check
from awards.eligibility import Report, evaluate
from awards.nominations import facts_of, gather_facts, report_doc, verify_documents
from awards.repository import HOLDS, NOMINATIONS
from awards.schemas import NominationIn, SupplementIn
from awards.uow import AwardsUnitOfWork

_OPEN = (INCOMPLETE, SUBMITTED, DEFERRED)


def _command(doc: dict[str, Any], cmd: SupplementIn) -> NominationIn:
    fields = set(NominationIn.model_fields) - {"considered_on", "dossier", "achievement_report"}
    return NominationIn(
        **{k: doc[k] for k in fields if k in doc},
        dossier=[*doc["dossier"], *(d.model_dump() for d in cmd.dossier)],
        achievement_report=cmd.achievement_report or doc["achievement_report"],
    )


def _new_version(doc: dict[str, Any], command: NominationIn, report: Report, status: str) -> dict[str, Any]:
    """The new version's fields; the earlier dossier and report are kept unchanged in `versions`."""
    previous = {"version": doc["version"], "dossier": doc["dossier"], "report": doc["report"]}
    return {
        "dossier": command.model_dump(mode="json")["dossier"],
        "achievement_report": command.achievement_report,
        "version": doc["version"] + 1,
        "status": status,
        "report": report_doc(report),
        "status_before_hold": INCOMPLETE if report.missing else SUBMITTED,
        "versions": [*doc.get("versions", []), previous],
    }


async def _open(uow: AwardsUnitOfWork, nomination_id: str, association_id: str | None) -> dict[str, Any]:
    doc = await uow.repo.get(NOMINATIONS, nomination_id)
    if doc is None or (association_id is not None and doc["association_id"] != association_id):
        raise NotFound(f"No nomination {nomination_id}.")
    if doc["status"] not in _OPEN:
        raise Conflict(f"A nomination that is {doc['status']} takes no supplement.", slug="nomination-closed")
    return doc


async def supplement_nomination(
    uow: AwardsUnitOfWork,
    *,
    nomination_id: str,
    cmd: SupplementIn,
    overrides: CatalogueOverrides,
    association_id: str | None,
) -> dict[str, Any]:
    """Add evidence as a new version and re-run the eligibility check (`Ineligible` on a failure)."""
    doc = await _open(uow, nomination_id, association_id)
    on = date.fromisoformat(doc["considered_on"])
    award_type = catalogue.award_type(doc["award_type_code"], on, overrides)
    assert award_type is not None  # it was found when the nomination was submitted
    await verify_documents(uow, cmd.dossier, association_id=doc["association_id"])
    command = _command(doc, cmd)
    report = evaluate(
        award_type, await gather_facts(uow, command, doc["nominee_key"], itself=nomination_id), on=on
    )
    holds = [h for h in await uow.repo.find(HOLDS, {"nomination_id": nomination_id}) if h["active"]]
    status = status_after_check(report, open_holds=len(holds))
    changes = _new_version(doc, command, report, status)
    await uow.repo.set(NOMINATIONS, nomination_id, changes)
    merged = doc | changes
    await uow.emit(
        NominationSubmitted(
            **facts_of(merged),
            version=merged["version"],
            period=doc.get("period"),
            commendation_type=doc["commendation_type"],
            authority=doc["authority"],
            status=status,
            missing_evidence=[c.code for c in report.missing],
            council_vote_required=doc["council_vote_required"],
        ),
        subject=nomination_id,
    )
    return merged
