"""Registration rules: campaigns, the directory, registrations and their deadlines (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from registration import messages as msg
from registration.assessment import SelfAssessment, Verification
from registration.directory import ASSOCIATION_KINDS, Association, Officer
from registration.errors import (
    AlreadyRegistered,
    CampaignNotLaunched,
    DeadlinePassed,
    InvalidInput,
    InvalidState,
    VersionConflict,
)
from registration.text import normalise_name

CAMPAIGN_KINDS = ("annual", "special", "thematic")
SUBMITTED, WITHDRAWN, VERIFIED = "submitted", "withdrawn", "verified"


def default_deadline(kind: str, year: int, *, annual_deadline: tuple[int, int] = (3, 31)) -> date | None:
    """The default registration deadline: for an annual campaign a configurable day of its year, else none."""
    return date(year, *annual_deadline) if kind == "annual" else None


@dataclass
class Campaign:
    """An emulation campaign (phong trào thi đua) launched by the secretariat."""

    id: str
    code: str
    name: str
    year: int
    kind: str
    period_start: date
    period_end: date
    registration_deadline: date | None = None
    registration_required: bool = False
    award_type_codes: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    directive_documents: tuple[str, ...] = ()
    launched: bool = False

    def __post_init__(self) -> None:
        self.name = normalise_name(self.name)
        if self.kind not in CAMPAIGN_KINDS:
            raise InvalidInput(
                msg.UNKNOWN_CAMPAIGN_KIND.format(kind=self.kind, known=msg.known(msg.CAMPAIGN_KIND_NAMES))
            )
        if self.period_end < self.period_start:
            raise InvalidInput(msg.PERIOD_REVERSED)

    def launch(self) -> bool:
        """Launch the campaign; False when it already was (launching twice has no second effect)."""
        if self.launched:
            return False
        self.launched = True
        return True

    def open_for_changes(self, *, today: date, late_until: date | None = None) -> bool:
        """Whether registrations may be made or changed today, counting a late window if granted."""
        if self.registration_deadline is None or today <= self.registration_deadline:
            return True
        return late_until is not None and today <= late_until

    def ensure_open(self, *, today: date, late_until: date | None = None) -> bool:
        """Raise DeadlinePassed unless open; True when only a late window keeps it open."""
        if not self.launched:
            raise CampaignNotLaunched(msg.CAMPAIGN_NOT_LAUNCHED.format(code=self.code))
        if not self.open_for_changes(today=today, late_until=late_until):
            deadline = msg.day(self.registration_deadline)
            raise DeadlinePassed(msg.DEADLINE_PASSED.format(deadline=deadline, code=self.code))
        return not self.open_for_changes(today=today)


@dataclass(frozen=True)
class LateWindow:
    """The secretariat lets one association register or change its registration until `until`."""

    campaign_id: str
    association_id: str
    until: date
    granted_by: str


@dataclass(frozen=True)
class Person:
    """An individual in a registration and the titles they aim for."""

    personal_code: str
    full_name: str
    position: str | None = None
    award_type_codes: tuple[str, ...] = ()
    email: str | None = None


@dataclass(frozen=True)
class DocumentRef:
    """A stored document (the plan), identified by id and content hash."""

    document_id: str
    filename: str
    media_type: str
    size_bytes: int
    sha256: str


@dataclass(frozen=True)
class Plan:
    """What an association registers: its collective's aims, the individuals, targets and pledges."""

    collective_name: str
    collective_award_codes: tuple[str, ...] = ()
    individuals: tuple[Person, ...] = ()
    targets: tuple[str, ...] = ()
    pledges: tuple[str, ...] = ()

    def normalised(self) -> Plan:
        """The plan with names in NFC; raises InvalidInput on a repeated personal code."""
        people = tuple(replace(p, full_name=normalise_name(p.full_name)) for p in self.individuals)
        codes = [p.personal_code for p in people]
        if len(set(codes)) != len(codes):
            raise InvalidInput(msg.REPEATED_PERSONAL_CODE)
        return replace(self, collective_name=normalise_name(self.collective_name), individuals=people)


PLAN_FIELDS = ("collective_name", "collective_award_codes", "individuals", "targets", "pledges")


@dataclass
class Registration:
    """One association's registration for one campaign (đăng ký thi đua), versioned."""

    id: str
    campaign_id: str
    association_id: str
    year: int
    plan: Plan
    status: str = SUBMITTED
    version: int = 1
    late: bool = False
    plan_document: DocumentRef | None = None
    self_assessment: SelfAssessment | None = None
    verification: Verification | None = None

    @classmethod
    def submit(
        cls,
        *,
        id: str,
        campaign: Campaign,
        association: Association,
        plan: Plan,
        today: date,
        late_until: date | None = None,
    ) -> Registration:
        """A new registration, if the campaign takes them today and the association is active."""
        if not association.active:
            raise InvalidInput(msg.ASSOCIATION_INACTIVE.format(code=association.code))
        late = campaign.ensure_open(today=today, late_until=late_until)
        return cls(
            id=id,
            campaign_id=campaign.id,
            association_id=association.id,
            year=campaign.year,
            plan=plan.normalised(),
            late=late,
        )

    def check_version(self, expected: int | None) -> None:
        """Raise VersionConflict unless `expected` (from If-Match) is the current version."""
        if expected is not None and expected != self.version:
            raise VersionConflict(
                msg.REGISTRATION_VERSION.format(
                    registration_id=self.id, version=self.version, expected=expected
                )
            )

    def _ensure_changeable(self, campaign: Campaign, today: date, late_until: date | None) -> None:
        if self.status != SUBMITTED:
            raise InvalidState(msg.NOT_CHANGEABLE.format(status=msg.status(self.status)))
        self.late = campaign.ensure_open(today=today, late_until=late_until) or self.late

    def amend(
        self,
        plan: Plan,
        *,
        campaign: Campaign,
        expected_version: int | None,
        today: date,
        late_until: date | None = None,
    ) -> list[str]:
        """Replace the plan before the deadline (or in a late window); returns the fields that changed."""
        self.check_version(expected_version)
        self._ensure_changeable(campaign, today, late_until)
        new = plan.normalised()
        changed = [name for name in PLAN_FIELDS if getattr(new, name) != getattr(self.plan, name)]
        self.plan = new
        self.version += 1
        return changed

    def attach_plan_document(
        self,
        document: DocumentRef,
        *,
        campaign: Campaign,
        expected_version: int | None,
        today: date,
        late_until: date | None = None,
    ) -> None:
        """Attach (or replace) the plan document, under the same deadline rules as an amendment."""
        self.check_version(expected_version)
        self._ensure_changeable(campaign, today, late_until)
        self.plan_document = document
        self.version += 1

    def withdraw(
        self, *, campaign: Campaign, expected_version: int | None, today: date, late_until: date | None = None
    ) -> None:
        """Withdraw before the deadline (or in a late window)."""
        self.check_version(expected_version)
        self._ensure_changeable(campaign, today, late_until)
        self.status = WITHDRAWN
        self.version += 1

    def assess(self, assessment: SelfAssessment, *, expected_version: int | None) -> None:
        """Record (or replace) the association's year-end self-assessment of a registration in force."""
        self.check_version(expected_version)
        if self.status != SUBMITTED:
            raise InvalidState(msg.NOT_ASSESSABLE.format(status=msg.status(self.status)))
        assessment.ensure_covers({p.personal_code for p in self.plan.individuals})
        self.self_assessment = assessment
        self.version += 1

    def verify(self, verification: Verification, *, expected_version: int | None) -> SelfAssessment:
        """The secretariat's check (phúc tra); returns the facts that now stand as verified."""
        self.check_version(expected_version)
        if self.status != SUBMITTED or self.self_assessment is None:
            raise InvalidState(msg.NOT_VERIFIABLE)
        facts = verification.verified_facts(self.self_assessment)
        facts.ensure_covers({p.personal_code for p in self.plan.individuals})
        self.verification = verification
        self.status = VERIFIED
        self.version += 1
        return facts

    def person(self, personal_code: str) -> Person | None:
        """The registered individual with this personal code."""
        return next((p for p in self.plan.individuals if p.personal_code == personal_code), None)


__all__ = [
    "ASSOCIATION_KINDS",
    "AlreadyRegistered",
    "Association",
    "CampaignNotLaunched",
    "DeadlinePassed",
    "InvalidInput",
    "InvalidState",
    "Officer",
    "VersionConflict",
]
