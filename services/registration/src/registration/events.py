"""Translation of domain objects into the integration events of `thidua.contracts.registration`."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from thidua.contracts import registration as contracts

from registration.assessment import SelfAssessment, Verification
from registration.domain import Association, Campaign, Registration
from registration.year_end import YearEndResults


def campaign_launched(campaign: Campaign) -> contracts.CampaignLaunched:
    """`campaign.launched` for a campaign."""
    values = asdict(campaign)
    values.pop("id")
    values.pop("launched")
    return contracts.CampaignLaunched(campaign_id=campaign.id, **values)


def association_snapshot(
    association: Association, *, new: bool
) -> contracts.AssociationRegistered | contracts.AssociationUpdated:
    """`association.registered` (new) or `association.updated` for a directory entry."""
    values = asdict(association)
    values["association_id"] = values.pop("id")
    if new:
        return contracts.AssociationRegistered(**values)
    return contracts.AssociationUpdated(**values)


def _snapshot(registration: Registration, actor_id: str | None) -> dict[str, Any]:
    plan = registration.plan
    return {
        "registration_id": registration.id,
        "campaign_id": registration.campaign_id,
        "association_id": registration.association_id,
        "year": registration.year,
        "version": registration.version,
        "collective": {"name": plan.collective_name, "award_type_codes": plan.collective_award_codes},
        "individuals": [asdict(p) for p in plan.individuals],
        "targets": plan.targets,
        "pledges": plan.pledges,
        "plan_document": None if registration.plan_document is None else asdict(registration.plan_document),
        "late": registration.late,
        "actor_id": actor_id,
    }


def registration_submitted(registration: Registration, *, actor_id: str) -> contracts.RegistrationSubmitted:
    """`registration.submitted`."""
    return contracts.RegistrationSubmitted(**_snapshot(registration, actor_id))


def registration_amended(
    registration: Registration, *, actor_id: str, changed: list[str]
) -> contracts.RegistrationAmended:
    """`registration.amended` with the names of the changed fields."""
    return contracts.RegistrationAmended(**_snapshot(registration, actor_id), changed_fields=changed)


def registration_withdrawn(
    registration: Registration, *, actor_id: str, reason: str | None
) -> contracts.RegistrationWithdrawn:
    """`registration.withdrawn`."""
    return contracts.RegistrationWithdrawn(
        registration_id=registration.id,
        campaign_id=registration.campaign_id,
        association_id=registration.association_id,
        version=registration.version,
        reason=reason,
        actor_id=actor_id,
    )


def registration_verified(
    registration: Registration, *, verification: Verification, facts: SelfAssessment
) -> contracts.RegistrationVerified:
    """`registration.verified` with the facts the awards eligibility engine needs."""
    collective = asdict(facts.collective) | {"name": registration.plan.collective_name}
    people = []
    for person in facts.individuals:
        registered = registration.person(person.personal_code)
        names = {"full_name": registered.full_name, "position": registered.position} if registered else {}
        people.append(asdict(person) | names)
    return contracts.RegistrationVerified(
        registration_id=registration.id,
        campaign_id=registration.campaign_id,
        association_id=registration.association_id,
        year=registration.year,
        outcome=verification.outcome,
        adjustment_reason=verification.reason,
        verified_on=verification.verified_on,
        verified_by=verification.verified_by,
        collective=contracts.VerifiedCollective.model_validate(collective),
        individuals=[contracts.VerifiedPerson.model_validate(p) for p in people],
    )


def year_end_results_verified(results: YearEndResults) -> contracts.YearEndResultsVerified:
    """`year_end_results.verified` with the facts that stand after the secretariat's check."""
    return contracts.YearEndResultsVerified(
        results_id=results.id,
        association_id=results.association_id,
        year=results.year,
        outcome=results.outcome or "confirmed",
        adjustment_reason=results.reason,
        verified_on=results.verified_on or results.recorded_on,
        verified_by=results.verified_by,
        individuals=[contracts.VerifiedPerson.model_validate(asdict(p)) for p in results.standing],
    )
