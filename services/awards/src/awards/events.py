"""Translation of awards records into the integration events of `thidua.contracts.awards` (the only one)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.contracts import awards as contracts

from awards.domain import Disclosure, Hold
from awards.exemplar_records import Exemplar
from awards.history import Award, DecisionDraft, DecisionRef
from awards.jsonable import jsonable
from awards.nomination import Nomination
from awards.session import CouncilSession, Outcome


def nominee_of(nomination: Nomination) -> contracts.Nominee:
    """The public nominee of a nomination (a collective carries its association id)."""
    n = nomination.nominee
    association = nomination.association_id if n.kind == "collective" else None
    return contracts.Nominee(
        kind=n.kind, name=n.name, unit=n.unit, personal_code=n.personal_code, association_id=association
    )


def _facts(nomination: Nomination) -> dict[str, Any]:
    """The fields every nomination event repeats."""
    return {
        "nomination_id": nomination.id,
        "association_id": nomination.association_id,
        "campaign_id": nomination.campaign_id,
        "award_type_code": nomination.award_type_code,
        "award_type_name": nomination.award_type_name,
        "nominee": nominee_of(nomination),
        "year": nomination.year,
    }


def _ref(ref: DecisionRef) -> contracts.DecisionRef:
    return contracts.DecisionRef.model_validate(jsonable(ref))


def nomination_submitted(nomination: Nomination) -> contracts.NominationSubmitted:
    """`nomination.submitted`, for a new nomination or a new version of its dossier."""
    return contracts.NominationSubmitted(
        **_facts(nomination),
        version=nomination.version,
        period=nomination.period,
        commendation_type=nomination.commendation_type,
        authority=nomination.authority,
        status=nomination.status,
        missing_evidence=[c.code for c in nomination.report.missing],
        council_vote_required=nomination.council_vote_required,
    )


def nomination_disclosed(nomination: Nomination, disclosure: Disclosure) -> contracts.NominationDisclosed:
    """`nomination.disclosed` with the window."""
    return contracts.NominationDisclosed(
        **_facts(nomination),
        disclosure_id=disclosure.id,
        window_start=disclosure.window_start,
        window_end=disclosure.window_end,
    )


def nomination_deferred(nomination: Nomination, hold: Hold) -> contracts.NominationDeferred:
    """`nomination.deferred` naming the hold."""
    return contracts.NominationDeferred(
        **_facts(nomination), hold_id=hold.id, reason=hold.reason, grievance_id=hold.grievance_id
    )


def nomination_resumed(
    nomination: Nomination, hold: Hold, *, still_held: bool
) -> contracts.NominationResumed:
    """`nomination.resumed` naming the hold lifted."""
    return contracts.NominationResumed(
        **_facts(nomination), hold_id=hold.id, grievance_id=hold.grievance_id, still_held=still_held
    )


def nomination_rejected(nomination: Nomination, *, grievance_id: str) -> contracts.NominationRejected:
    """`nomination.rejected`: a grievance found a violation."""
    return contracts.NominationRejected(
        **_facts(nomination), reason="violation_found", grievance_id=grievance_id
    )


def nomination_not_passed(
    nomination: Nomination, session: CouncilSession, result: Outcome
) -> contracts.NominationRejected:
    """`nomination.rejected` for a nomination the council did not pass, with the counts (never names)."""
    count = contracts.CouncilCount(
        session_id=session.id,
        held_on=session.held_on,
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
        base=result.base,
        required_yes=result.required_yes,
    )
    return contracts.NominationRejected(**_facts(nomination), reason="council_vote_failed", council=count)


def nomination_refused(
    nomination: Nomination, *, reason: str, explanation: str, failed_criteria: Sequence[str]
) -> contracts.NominationRejected:
    """`nomination.rejected` for a nomination refused at the eligibility or dossier check, with reasons."""
    return contracts.NominationRejected(
        **_facts(nomination),
        reason=reason,
        explanation=explanation,
        failed_criteria=list(failed_criteria),
    )


def session_result(outcome: Outcome) -> contracts.SessionResult:
    """One nomination's result in `council.session_closed`."""
    return contracts.SessionResult.model_validate(jsonable(outcome))


def council_session_closed(
    session: CouncilSession, results: Sequence[Outcome]
) -> contracts.CouncilSessionClosed:
    """`council.session_closed` with the counts of every nomination tallied."""
    return contracts.CouncilSessionClosed(
        session_id=session.id,
        campaign_id=session.campaign_id,
        held_on=session.held_on,
        member_count=len(session.members),
        present_count=session.present,
        quorum_met=bool(session.quorum_met),
        results=[session_result(r) for r in results],
        minutes_document_id=session.minutes_document_id,
    )


def award_decided(award: Award, nomination: Nomination, ref: DecisionRef) -> contracts.AwardDecided:
    """`award.decided` for one awardee."""
    return contracts.AwardDecided(
        award_id=award.id,
        decision=_ref(ref),
        award_type_code=nomination.award_type_code,
        award_kind=nomination.award_kind,
        award_type_name=nomination.award_type_name,
        awardee=nominee_of(nomination),
        association_id=nomination.association_id,
        nomination_id=nomination.id,
        campaign_id=nomination.campaign_id,
        year=nomination.year,
        period=nomination.period,
        commendation_type=nomination.commendation_type,
        money_amount_vnd=award.money_amount_vnd,
    )


def award_forwarded(nomination: Nomination, draft: DecisionDraft) -> contracts.AwardForwarded:
    """`award.forwarded`: the submission to the province, with the council's count and the dossier."""
    council = nomination.council
    dossier = [
        contracts.DossierItem(
            kind=d.kind, document_id=d.document_id or d.sha256, filename=d.filename, sha256=d.sha256
        )
        for d in nomination.dossier
    ]
    return contracts.AwardForwarded(
        **_facts(nomination),
        forwarding_id=nomination.forwarding_id or "",
        submission_number=draft.number,
        submitted_on=draft.signed_on,
        period=nomination.period,
        commendation_type=nomination.commendation_type,
        council_session_id=council.session_id if council else None,
        votes_yes=council.yes if council else None,
        council_member_count=council.base if council else None,
        achievement_summary=nomination.achievement_report[:1000],
        dossier=dossier,
    )


def award_cancelled(award: Award, *, ground: str, grievance_id: str | None) -> contracts.AwardCancelled:
    """`award.cancelled` on the conferring authority's decision."""
    assert award.cancellation is not None
    n = award.nominee
    return contracts.AwardCancelled(
        award_id=award.id,
        original_decision_id=award.decision_id or "",
        cancellation=_ref(award.cancellation),
        award_type_code=award.code,
        association_id=award.association_id or "",
        ground=ground,
        awardee=contracts.Nominee(kind=n.kind, name=n.name, unit=n.unit, personal_code=n.personal_code),
        grievance_id=grievance_id,
        money_to_recover_vnd=award.money_amount_vnd,
    )


def exemplar_published(exemplar: Exemplar) -> contracts.ExemplarPublished:
    """`exemplar.published` with the public story's headline and summary."""
    subject, story = exemplar.subject, exemplar.publication
    assert story is not None
    collective = exemplar.association_id if subject.kind == "collective" else None
    return contracts.ExemplarPublished(
        exemplar_id=exemplar.id,
        association_id=exemplar.association_id,
        campaign_id=exemplar.campaign_id,
        exemplar=contracts.Nominee(
            kind=subject.kind, name=subject.name, unit=subject.unit, association_id=collective
        ),
        field_of_work=exemplar.field_of_work,
        stage=exemplar.stage,
        title=story.title,
        summary=story.summary,
        public_url=story.public_url,
    )
