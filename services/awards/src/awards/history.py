"""Decisions and the award history they write, cancellation (L22 Điều 93) and award money (NĐ152 Điều 50, 54).

Pure (stdlib only). A history row counts toward later consecutive-year rules; imported rows count the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from awards import messages as msg
from awards.catalogue import MONEY_RATES, UNION, MoneyRate, money_rate
from awards.errors import AwardAlreadyCancelled, NotConferringAuthority
from awards.jsonable import LATER
from awards.nomination import Nomination, Nominee

ACTIVE, CANCELLED = "active", "cancelled"


def money_amount_vnd(
    multiple: Fraction | None, base_salary_vnd: int | None, *, rounding_vnd: int
) -> int | None:
    """NĐ152 Điều 50/54: `multiple` × base salary, rounded half up to a multiple of `rounding_vnd`.

    The rounding is this service's choice (the decree gives multiples, not a rounding rule).
    None when the rate or the base salary is not known for the date.
    """
    if multiple is None or base_salary_vnd is None:
        return None
    exact = multiple * base_salary_vnd
    return math.floor(exact / rounding_vnd + Fraction(1, 2)) * rounding_vnd


@dataclass(frozen=True)
class BaseSalary:
    """The base salary (mức lương cơ sở) from a date: the unit of award money (NĐ152 Điều 50)."""

    effective_from: date
    amount_vnd: int
    source: str
    confirmed: bool = True


BASE_SALARIES: tuple[BaseSalary, ...] = (
    BaseSalary(date(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP (whether raised since: UNCONFIRMED)", False),
)
"""Later raises are added through `THIDUA_BASE_SALARIES_VND` (see the README)."""


@dataclass(frozen=True)
class Money:
    """How award money is computed: the dated base-salary table and the rounding unit (a choice)."""

    base_salaries: tuple[BaseSalary, ...] = BASE_SALARIES
    rounding_vnd: int = 1000
    rates: tuple[MoneyRate, ...] = MONEY_RATES

    def base_salary(self, on: date) -> BaseSalary | None:
        """The base salary in force on `on` (the latest row starting on or before it)."""
        rows = [row for row in self.base_salaries if row.effective_from <= on]
        return max(rows, key=lambda row: row.effective_from, default=None)

    def amount_vnd(self, code: str, subject: str, on: date) -> int | None:
        """Money of award `code` for a `subject` decided on `on`; None if the rate or base is unknown."""
        rate, base = money_rate(code, subject, on, self.rates), self.base_salary(on)
        return money_amount_vnd(
            rate.multiple if rate else None,
            base.amount_vnd if base else None,
            rounding_vnd=self.rounding_vnd,
        )


@dataclass(frozen=True, kw_only=True)
class Signature:
    """Number, date and signer of a decision document (quyết định)."""

    number: str
    signed_on: date
    signer_name: str
    signer_title: str

    def cited(self, *, decision_id: str, authority: str) -> DecisionRef:
        """This signed document as awards and cancellations cite it."""
        return DecisionRef(
            number=self.number,
            signed_on=self.signed_on,
            signer_name=self.signer_name,
            signer_title=self.signer_title,
            decision_id=decision_id,
            authority=authority,
        )


@dataclass(frozen=True, kw_only=True)
class DecisionRef(Signature):
    """A decision as awards and cancellations cite it."""

    decision_id: str
    authority: str


@dataclass(frozen=True, kw_only=True)
class DecisionDraft(Signature):
    """What the secretariat records: the signed decision and the nominations it decides."""

    nomination_ids: tuple[str, ...]
    authority: str = UNION
    """`province` records the province's decision on forwarded nominations."""


@dataclass(frozen=True, kw_only=True)
class CancellationDraft(Signature):
    """The conferring authority's decision cancelling an award, on one of the lawful grounds."""

    ground: str


@dataclass(frozen=True, kw_only=True)
class Conferral:
    """An award a decision conferred."""

    award_id: str
    nomination_id: str


@dataclass(frozen=True, kw_only=True)
class Forwarding:
    """A nomination a decision forwarded to the province."""

    forwarding_id: str
    nomination_id: str


@dataclass(frozen=True, kw_only=True)
class Decision(DecisionDraft):
    """A recorded decision: the Union's awards and the nominations forwarded beyond its authority."""

    id: str
    awards: tuple[Conferral, ...] = ()
    forwardings: tuple[Forwarding, ...] = ()
    recorded_by: str


@dataclass(frozen=True, kw_only=True)
class CancellationDue:
    """A grievance found a violation and asked for cancellation; the conferring authority must sign it."""

    ground: str
    grievance_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class PublishedAward:
    """A published award as the public reads it: name, unit, award, year and decision number only."""

    name: str
    unit: str
    award: str | None
    year: int
    decision_number: str | None


@dataclass(kw_only=True)
class Award:
    """One row of the award history: decided here (`source=decision`) or imported (`source=import`)."""

    id: str
    key: str
    kind: str
    code: str
    year: int
    commendation_type: str = "cong_trang"
    association_id: str | None = None
    nominee: Nominee
    status: str = ACTIVE
    source: str
    authority: str
    decision_number: str | None = None
    decided_on: date | None = None
    award_type_name: str | None = field(default=None, metadata=LATER)
    nomination_id: str | None = field(default=None, metadata=LATER)
    decision_id: str | None = field(default=None, metadata=LATER)
    money_amount_vnd: int | None = field(default=None, metadata=LATER)
    cancellation_due: CancellationDue | None = field(default=None, metadata=LATER)
    cancellation: DecisionRef | None = field(default=None, metadata=LATER)

    @classmethod
    def conferred(
        cls, nomination: Nomination, *, id: str, ref: DecisionRef, money_amount_vnd: int | None
    ) -> Award:
        """The history row of an awardee of a decision: it counts toward later consecutive-year rules."""
        return cls(
            id=id,
            key=nomination.nominee_key,
            kind=nomination.nominee.kind,
            code=nomination.award_type_code,
            year=nomination.year,
            commendation_type=nomination.commendation_type,
            association_id=nomination.association_id,
            nominee=nomination.nominee,
            source="decision",
            authority=ref.authority,
            decision_number=ref.number,
            decided_on=ref.signed_on,
            award_type_name=nomination.award_type_name,
            nomination_id=nomination.id,
            decision_id=ref.decision_id,
            money_amount_vnd=money_amount_vnd,
        )

    @property
    def standing(self) -> bool:
        """Not cancelled: it counts toward later rules."""
        return self.status == ACTIVE

    def ensure_cancellable(self) -> None:
        """Only the conferring authority cancels (L22 Điều 93 k8), and only once."""
        if self.authority != UNION:
            raise NotConferringAuthority(msg.NOT_THE_CONFERRER)
        if self.status == CANCELLED:
            raise AwardAlreadyCancelled(msg.ALREADY_CANCELLED)

    def mark_cancellation_due(self, ground: str, *, grievance_id: str | None) -> None:
        """A grievance asks for cancellation; the decision is still to be signed."""
        self.ensure_cancellable()
        self.cancellation_due = CancellationDue(ground=ground, grievance_id=grievance_id)

    def cancel(self, cancellation: DecisionRef) -> str | None:
        """Cancel on the authority's decision; returns the grievance that asked for it, if any."""
        self.ensure_cancellable()
        self.status, self.cancellation = CANCELLED, cancellation
        return self.cancellation_due.grievance_id if self.cancellation_due else None

    def published(self) -> PublishedAward:
        """What anyone may read of it."""
        return PublishedAward(
            name=self.nominee.name,
            unit=self.nominee.unit,
            award=self.award_type_name,
            year=self.year,
            decision_number=self.decision_number,
        )

    def matches(self, *, name: str | None, unit: str | None) -> bool:
        """The public search: the name and the unit contain what was asked, whatever the case."""
        return (not name or name.casefold() in self.nominee.name.casefold()) and (
            not unit or unit.casefold() in self.nominee.unit.casefold()
        )
