"""Pure rules of the notify service: what triggers what, who receives it, retries, the informing deadline."""

from __future__ import annotations

import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from thidua.calendar import WorkingCalendar

INBOX, EMAIL, WEBHOOK = "inbox", "email", "webhook"
_NS = uuid.UUID("6f1c2a4e-2b7d-4c1e-9a55-0d1b7e3c9f10")


@dataclass(frozen=True)
class Route:
    """One trigger: the event type, who receives it, its template name and whether the law requires it."""

    event_type: str
    recipients: str  # a key of RECIPIENT_RULES
    subject_kind: str
    subject_field: str
    statutory: bool = False


ROUTES: tuple[Route, ...] = (
    Route("registration.submitted", "association", "registration", "registration_id"),
    Route("registration.withdrawn", "association", "registration", "registration_id"),
    Route("registration.verified", "association", "registration", "registration_id"),
    Route("nomination.disclosed", "association", "nomination", "nomination_id"),
    # rule 51: every nominee is told the result (deferred, resumed, refused, not passed, cancelled),
    # why, and how and by when to complain; the person on their own address where one is known
    Route("nomination.deferred", "awardee_and_association", "nomination", "nomination_id", statutory=True),
    Route("nomination.resumed", "awardee_and_association", "nomination", "nomination_id", statutory=True),
    Route("nomination.rejected", "awardee_and_association", "nomination", "nomination_id", statutory=True),
    Route("award.decided", "awardee_and_association", "award", "award_id", statutory=True),
    Route("award.forwarded", "board", "nomination", "nomination_id"),
    Route("award.cancelled", "awardee_and_association", "award", "award_id", statutory=True),
    Route("exemplar.published", "association", "exemplar", "exemplar_id"),
    Route("grievance.received", "complainant", "grievance", "grievance_id"),
    # LKN Điều 27: the complainant is told in writing of the acceptance, or of the refusal and its reason
    Route("grievance.accepted", "complainant", "grievance", "grievance_id", statutory=True),
    Route("grievance.refused", "complainant", "grievance", "grievance_id", statutory=True),
    Route("grievance.extended", "complainant", "grievance", "grievance_id"),
    # NĐ155 Điều 12: the suspension and continuation decisions go to the parties
    Route("grievance.suspended", "complainant", "grievance", "grievance_id", statutory=True),
    Route("grievance.resumed", "complainant", "grievance", "grievance_id", statutory=True),
    Route("grievance.resolved", "complainant", "grievance", "grievance_id", statutory=True),
    # LTC Điều 29 k3: the accused are told the content, never the denouncer
    Route("grievance.accused_informed", "accused", "grievance", "grievance_id", statutory=True),
    # a filer known only to grievance: e-mail to the address sealed for notify, opened as it is sent
    Route("grievance.filer_notified", "sealed_filer", "grievance", "grievance_id", statutory=True),
    Route("grievance.due_soon", "grievance_officers", "grievance", "grievance_id"),
    Route("grievance.overdue", "grievance_officers", "grievance", "grievance_id"),
)
ROUTING: dict[str, Route] = {route.event_type: route for route in ROUTES}
# A nominee's result: the notices the informing report lists per nominee, whose delivery starts the
# limitation of a complaint about it (LKN Điều 9).
OUTCOME_EVENTS = (
    "award.decided",
    "award.cancelled",
    "nomination.rejected",
    "nomination.deferred",
    "nomination.resumed",
)
SESSION_EVENTS = ("council.session_closed",)  # which nominations a session took up, for the report
DIRECTORY_EVENTS = ("association.registered", "association.updated")
PEOPLE_EVENTS = ("registration.submitted", "registration.amended")  # members' own e-mail addresses


@dataclass(frozen=True)
class Recipient:
    """Who a notice is for (ids only) and where each channel reaches them."""

    kind: str
    recipient_id: str
    association_id: str | None = None
    personal_code: str | None = None
    emails: tuple[str, ...] = ()
    sealed: str | None = None  # an address sealed for notify (thidua.party_mail), opened only to send

    @property
    def key(self) -> str:
        """Stable key, e.g. `association:A1`."""
        return f"{self.kind}:{self.recipient_id}"

    def channels(self) -> tuple[str, ...]:
        """Channels that reach this recipient: the inbox always, e-mail when an address is known; a sealed
        filer has no inbox here, only the e-mail to their sealed address."""
        if self.sealed is not None:
            return (EMAIL,)
        return (INBOX, EMAIL) if self.emails else (INBOX,)


@dataclass(frozen=True)
class DirectoryEntry:
    """An association's contacts as the directory read model knows them."""

    association_id: str
    name: str
    emails: tuple[str, ...] = ()
    officer_emails: Mapping[str, str] = field(default_factory=dict)  # user id -> e-mail


def directory_entry(data: Mapping[str, Any]) -> DirectoryEntry:
    """Build a directory entry from an association.registered/updated payload."""
    officers = {
        o["user_id"]: o["email"] for o in data.get("officers", []) if o.get("user_id") and o.get("email")
    }
    emails = list(data.get("contact_emails", []))
    emails += [o["email"] for o in data.get("officers", []) if o.get("email") and o["email"] not in emails]
    return DirectoryEntry(data["association_id"], data.get("name", ""), tuple(emails), officers)


def _association(association_id: str, directory: Mapping[str, DirectoryEntry]) -> Recipient:
    entry = directory.get(association_id)
    emails = entry.emails if entry else ()
    return Recipient("association", association_id, association_id=association_id, emails=emails)


def people_emails(data: Mapping[str, Any]) -> dict[str, str]:
    """Personal code -> e-mail of the registered members who gave one (registration.submitted/amended)."""
    return {
        str(p["personal_code"]): str(p["email"])
        for p in data.get("individuals", [])
        if p.get("personal_code") and p.get("email")
    }


def nominee_of(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The awardee of an award event, or the nominee of a nomination event."""
    return data.get("awardee") or data.get("nominee") or {}


def _awardee(
    data: Mapping[str, Any], directory: Mapping[str, DirectoryEntry], people: Mapping[str, str]
) -> list[Recipient]:
    awardee, association_id = nominee_of(data), str(data["association_id"])
    out: list[Recipient] = []
    if awardee.get("personal_code"):
        code = str(awardee["personal_code"])
        emails = (people[code],) if code in people else ()
        out.append(
            Recipient("person", code, association_id=association_id, personal_code=code, emails=emails)
        )
    elif awardee.get("association_id") and awardee["association_id"] != association_id:
        out.append(_association(str(awardee["association_id"]), directory))
    return [*out, _association(association_id, directory)]


def _complainant(data: Mapping[str, Any], directory: Mapping[str, DirectoryEntry]) -> list[Recipient]:
    ref = data.get("complainant")
    if not ref:  # a denunciation: its filer is informed by the grievance service only
        return []
    association_id, user_id = str(ref["association_id"]), ref.get("user_id")
    if not user_id:
        return [_association(association_id, directory)]
    entry = directory.get(association_id)
    email = entry.officer_emails.get(user_id) if entry else None
    return [Recipient("user", str(user_id), association_id=association_id, emails=(email,) if email else ())]


def _accused(
    data: Mapping[str, Any], directory: Mapping[str, DirectoryEntry], people: Mapping[str, str]
) -> list[Recipient]:
    """The targets of a denunciation: an association, or a person on their own address (not through their
    association, which need not learn of it)."""
    out: list[Recipient] = []
    for target in data.get("targets", []):
        code = target.get("personal_code")
        if target.get("kind") == "person" and code:
            emails = (people[code],) if code in people else ()
            out.append(Recipient("person", str(code), personal_code=str(code), emails=emails))
        elif target.get("kind") == "association" and target.get("association_id"):
            out.append(_association(str(target["association_id"]), directory))
    return out


def _sealed_filer(data: Mapping[str, Any], _directory: Mapping[str, DirectoryEntry]) -> list[Recipient]:
    return [Recipient("party", str(data["grievance_id"]), sealed=str(data["sealed_address"]))]


def association_ids(data: Mapping[str, Any]) -> list[str]:
    """Associations an event may address: its own, a complainant's, the accused among its targets."""
    ids = [str(data["association_id"])] if data.get("association_id") else []
    ids += [str(c["association_id"]) for c in [data.get("complainant")] if c]
    ids += [str(t["association_id"]) for t in data.get("targets", []) if t.get("kind") == "association"
            and t.get("association_id")]  # fmt: skip
    return ids


def personal_codes(data: Mapping[str, Any]) -> list[str]:
    """Members an event may address on their own e-mail: the awardee, the accused persons."""
    codes = [str(a["personal_code"]) for a in [nominee_of(data)] if a and a.get("personal_code")]
    return codes + [str(t["personal_code"]) for t in data.get("targets", []) if t.get("kind") == "person"
                    and t.get("personal_code")]  # fmt: skip


def _officers(data: Mapping[str, Any], _directory: Mapping[str, DirectoryEntry]) -> list[Recipient]:
    officer = data.get("assigned_officer_id")
    return [Recipient("user", str(officer))] if officer else [Recipient("role", "grievance_officer")]


def resolve_recipients(
    route: Route,
    data: Mapping[str, Any],
    directory: Mapping[str, DirectoryEntry],
    people: Mapping[str, str] | None = None,
) -> list[Recipient]:
    """The recipients of one event under its route (`people`: personal code -> the member's e-mail)."""
    if route.recipients == "association":
        return [_association(str(data["association_id"]), directory)]
    if route.recipients == "awardee_and_association":
        return _awardee(data, directory, people or {})
    if route.recipients == "complainant":
        return _complainant(data, directory)
    if route.recipients == "grievance_officers":
        return _officers(data, directory)
    if route.recipients == "accused":
        return _accused(data, directory, people or {})
    if route.recipients == "sealed_filer":
        return _sealed_filer(data, directory)
    if route.recipients == "board":
        return [Recipient("role", "board")]
    raise ValueError(f"unknown recipient rule {route.recipients!r}")


def should_send(route: Route, muted_types: Container[str]) -> bool:
    """Statutory notices always go; others unless the recipient muted the event type."""
    return route.statutory or route.event_type not in muted_types


def webhook_matches(event_type: str, filters: Iterable[str]) -> bool:
    """True when a webhook's filter (`award.decided`, `award.*`, `#`) covers the event type."""
    for pattern in filters:
        if pattern in ("#", "*", event_type):
            return True
        if pattern.endswith(".*") and event_type.startswith(pattern[:-1]):
            return True
    return False


def notification_id(event_id: str, recipient_key: str) -> str:
    """Deterministic id of the notification for one event and recipient (same on every replica)."""
    return str(uuid.uuid5(_NS, f"{event_id}|{recipient_key}"))


def delivery_id(event_id: str, recipient_key: str, channel: str) -> str:
    """Deterministic id of the delivery for one event, recipient and channel."""
    return str(uuid.uuid5(_NS, f"{event_id}|{recipient_key}|{channel}"))


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff: base x factor^(attempt-1), capped; gives up after max_attempts."""

    base_s: float
    cap_s: float
    max_attempts: int
    factor: float = 2.0

    def delay_after(self, attempt: int) -> float:
        """Seconds to wait after the given failed attempt (1-based)."""
        return float(min(self.cap_s, self.base_s * self.factor ** max(0, attempt - 1)))

    def gives_up_after(self, attempt: int) -> bool:
        """True when the attempt just made was the last one allowed."""
        return attempt >= self.max_attempts

    def schedule(self) -> list[float]:
        """Every delay, in order, for documentation and tests."""
        return [self.delay_after(n) for n in range(1, self.max_attempts)]


@dataclass(frozen=True)
class ComplaintRule:
    """How long a nominee has to complain about a result: N days from the day after being informed."""

    days: int
    effective_from: date
    source: str


COMPLAINT_RULES: tuple[ComplaintRule, ...] = (
    # UNCONFIRMED whether a result counts as an administrative decision (LKN Điều 9); told as the law reads
    ComplaintRule(90, date(2012, 7, 1), "Luật Khiếu nại 2011 Điều 9 (rule 34)"),
)


def complaint_rule(on: date, rules: Sequence[ComplaintRule] = COMPLAINT_RULES) -> ComplaintRule:
    """The complaint limitation in force on a date."""
    in_force = [r for r in rules if r.effective_from <= on] or [min(rules, key=lambda r: r.effective_from)]
    return max(in_force, key=lambda r: r.effective_from)


def complaint_terms(informed_on: date, calendar: WorkingCalendar) -> dict[str, Any]:
    """What a notice says about complaining: within how many days, until which day (a period counted in
    days ends on a working day, BLDS Điều 148 k5), under which law."""
    rule = complaint_rule(informed_on)
    return {"days": rule.days, "by": calendar.add_days(informed_on, rule.days), "source": rule.source}


@dataclass(frozen=True)
class InformingRule:
    """Forward an award decision to its awardees within N working days of receipt."""

    working_days: int
    effective_from: date
    source: str


INFORMING_RULES: tuple[InformingRule, ...] = (
    InformingRule(10, date(2025, 1, 1), "QĐ 311/QĐ-BNV 2025 (from NĐ98 Điều 32); rule 31"),
)


def informing_rule(on: date, rules: Sequence[InformingRule] = INFORMING_RULES) -> InformingRule:
    """The rule in force on a date (the latest effective one; the earliest before any)."""
    in_force = [r for r in rules if r.effective_from <= on]
    return (
        max(in_force, key=lambda r: r.effective_from)
        if in_force
        else min(rules, key=lambda r: r.effective_from)
    )


@dataclass(frozen=True)
class Proof:
    """One trace that a notice reached someone: an e-mail accepted, or an inbox notice read."""

    recipient_kind: str  # person, association, user, ...
    channel: str
    at: datetime


def informed_at(proofs: Iterable[Proof], *, own_address: bool) -> datetime | None:
    """When the nominee was informed (rule 51, issue 15): a person with an address of their own only
    by a notice that reached them (an e-mail to the association does not inform them); a collective, or a
    person without an address, by an e-mail accepted for the association or a notice read in its inbox.
    A webhook or a notice merely stored is not informing."""
    times = [
        p.at
        for p in proofs
        if p.channel in (INBOX, EMAIL) and (p.recipient_kind == "person" if own_address else True)
        and not (own_address and p.channel == INBOX)
    ]  # fmt: skip
    return min(times) if times else None


def informing_due(received_on: date, calendar: WorkingCalendar) -> date:
    """Last day the awardees must be informed of a decision received on `received_on` (working days of the
    shared calendar, from the day after receipt)."""
    return calendar.add_working_days(received_on, informing_rule(received_on).working_days)


def informed_late(
    received_on: date, informed_on: date | None, *, today: date, calendar: WorkingCalendar
) -> bool:
    """True when informing happened after the deadline, or has not happened and the deadline passed."""
    due = informing_due(received_on, calendar)
    return informed_on > due if informed_on is not None else today > due
