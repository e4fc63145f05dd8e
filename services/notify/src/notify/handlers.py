"""Event handlers: turn an event into notifications and deliveries, inside the inbox transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from thidua.calendar import WorkingCalendar, local_date
from thidua.contracts.base import Envelope, EventData
from thidua.contracts.notify import NotificationDelivered
from thidua.contracts.notify import Recipient as RecipientRef

from notify import domain, webhook_policy
from notify.domain import INBOX, WEBHOOK, Recipient, Route
from notify.rendering import render
from notify.repository import DELIVERED, DELIVERIES, NOTIFICATIONS, PENDING
from notify.signals import deliveries_created
from notify.uow import NotifyUnitOfWork

_CALENDAR: list[WorkingCalendar] = [WorkingCalendar()]


def configure_calendar(calendar: WorkingCalendar) -> None:
    """The deployment's working-day calendar (configured days off), for the dates a notice states."""
    _CALENDAR[0] = calendar


async def update_directory(envelope: Envelope, data: EventData, uow: NotifyUnitOfWork) -> None:
    """Keep the directory read model of association contacts and officers."""
    raw = envelope.data
    await uow.repo.save_directory(entry=domain.directory_entry(raw), version=int(raw.get("version", 0)))


async def update_people(envelope: Envelope, data: EventData, uow: NotifyUnitOfWork) -> None:
    """Keep members' own e-mail addresses, given by their association at registration."""
    await uow.repo.save_people(emails=domain.people_emails(envelope.data), at=envelope.occurred_at)


async def notify_event(envelope: Envelope, data: EventData, uow: NotifyUnitOfWork) -> None:
    """Create one notification per recipient and one delivery per channel; deliver the inbox now."""
    route = domain.ROUTING[envelope.type]
    raw = envelope.data
    if envelope.type in domain.PEOPLE_EVENTS:
        await update_people(envelope, data, uow)
    directory = await uow.repo.directory(association_ids=domain.association_ids(raw))
    people = await uow.repo.people(personal_codes=domain.personal_codes(raw))
    resolved = domain.resolve_recipients(route, raw, directory, people)
    recipients = list({r.key: r for r in resolved}.values())
    targets = []
    for recipient in recipients:
        muted = set() if route.statutory else await uow.repo.muted_types(recipient_key=recipient.key)
        if domain.should_send(route, muted):
            targets.append(
                (
                    recipient,
                    directory[recipient.recipient_id].name if recipient.recipient_id in directory else "",
                )
            )
    for hook in await uow.repo.active_webhooks():
        # a hook registered before roles were recorded is held to the narrowest scope (the board's)
        roles = hook.get("owner_roles") or [webhook_policy.BOARD]
        if domain.webhook_matches(envelope.type, hook.get("events", [])) and webhook_policy.role_may_receive(
            roles, envelope.type
        ):
            targets.append((Recipient("webhook", str(hook["_id"])), ""))
    notices, deliveries = _documents(envelope, route, targets)
    # The unique indexes on (event_id, recipient_key[, channel]) refuse a second copy from a racing replica.
    await uow.repo.insert_many(collection=NOTIFICATIONS, docs=notices)
    await uow.repo.insert_many(collection=DELIVERIES, docs=deliveries)
    for doc in deliveries:
        if doc["channel"] == INBOX:
            await emit_delivered(doc, uow)
    if any(doc["channel"] != INBOX for doc in deliveries):
        uow.after_commit(deliveries_created.set)  # the delivery loop of this process sends them at once
    if envelope.type in domain.OUTCOME_EVENTS:
        await uow.repo.record_outcome(doc=outcome_row(envelope, people))


def outcome_row(envelope: Envelope, people: dict[str, str]) -> dict[str, Any]:
    """One nominee's result, for the informing report: which nomination, session and decision it belongs
    to, and whether the person has an address of their own (then only a notice to them informs them)."""
    raw = envelope.data
    nominee = domain.nominee_of(raw)
    code = nominee.get("personal_code")
    decision = raw.get("decision") or raw.get("cancellation") or {}
    return {
        "_id": envelope.id,
        "event_type": envelope.type,
        "nomination_id": raw.get("nomination_id"),
        "award_id": raw.get("award_id"),
        "session_id": (raw.get("council") or {}).get("session_id"),
        "decision_id": decision.get("decision_id"),
        "decision_number": decision.get("number"),
        "received_on": str(decision.get("received_on") or local_date(envelope.occurred_at)),
        "nominee_kind": nominee.get("kind"),
        "nominee_name": nominee.get("name", ""),
        "personal_code": code,
        "own_address": bool(code and code in people),
        "association_id": raw.get("association_id"),
        "reason": raw.get("reason") or raw.get("ground"),
    }


async def record_session(envelope: Envelope, data: EventData, uow: NotifyUnitOfWork) -> None:
    """Remember which nominations a council session took up (the report lists each of their nominees)."""
    raw = envelope.data
    ids = [str(r["nomination_id"]) for r in raw.get("results", [])]
    await uow.repo.record_session(session_id=str(raw["session_id"]), nomination_ids=ids)


def _context(envelope: Envelope, now: datetime) -> dict[str, Any]:
    """What every template may read: the event, and how and by when the recipient may complain."""
    return {"data": envelope.data, "complaint": domain.complaint_terms(local_date(now), _CALENDAR[0])}


def _documents(
    envelope: Envelope, route: Route, targets: list[tuple[Recipient, str]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The notification and delivery documents for each recipient (name: for the e-mail greeting)."""
    now = datetime.now(UTC)
    text = render(envelope.type, INBOX, _context(envelope, now))
    notices, deliveries = [], []
    for recipient, name in targets:
        nid = domain.notification_id(envelope.id, recipient.key)
        base = _facts(envelope, route, recipient) | {"notification_id": nid, "created_at": now}
        audience = {recipient.key} | (
            {f"association:{recipient.association_id}"} if recipient.association_id else set()
        )
        notices.append(
            base
            | {
                "_id": nid,
                "audience": sorted(audience),
                "title": text.subject,
                "body": text.body,
                "read_at": None,
            }
        )
        channels = (WEBHOOK,) if recipient.kind == "webhook" else recipient.channels()
        deliveries += [base | _delivery(envelope, recipient, c, name=name, now=now) for c in channels]
    return notices, deliveries


def _facts(envelope: Envelope, route: Route, recipient: Recipient) -> dict[str, Any]:
    return {
        "event_id": envelope.id,
        "event_type": envelope.type,
        "subject": str(envelope.data.get(route.subject_field) or envelope.subject),
        "subject_kind": route.subject_kind,
        "statutory": route.statutory,
        "recipient_key": recipient.key,
        "recipient": {
            "kind": recipient.kind,
            "recipient_id": recipient.recipient_id,
            "association_id": recipient.association_id,
            "personal_code": recipient.personal_code,
        },
    }


def _delivery(
    envelope: Envelope, recipient: Recipient, channel: str, *, name: str, now: datetime
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": domain.delivery_id(envelope.id, recipient.key, channel),
        "channel": channel,
        "attempt": 0,
        "status": PENDING,
        "next_attempt_at": now,
        "delivered_at": None,
        "log": [],
    }
    if channel == INBOX:
        doc.update(attempt=1, status=DELIVERED, delivered_at=now, log=[{"at": now, "ok": True}])
    elif channel == WEBHOOK:
        doc.update(webhook_id=recipient.recipient_id, payload=envelope.model_dump(mode="json"))
    else:
        greeting = {"recipient_name": name or "Quý cơ quan, đơn vị"}
        mail = render(envelope.type, channel, _context(envelope, now) | greeting)
        doc.update(addresses=list(recipient.emails), mail_subject=mail.subject, mail_body=mail.body)
        if recipient.sealed is not None:  # opened by the e-mail channel as it sends, then erased
            doc.update(sealed_address=recipient.sealed, sealed_for=str(envelope.data["notice_id"]))
    return doc


async def emit_delivered(delivery: dict[str, Any], uow: NotifyUnitOfWork) -> None:
    """Publish `notification.delivered` for a delivery, in the same transaction as its status."""
    event = NotificationDelivered(
        notification_id=delivery["notification_id"],
        source_event_id=delivery["event_id"],
        source_event_type=delivery["event_type"],
        subject=delivery["subject"],
        subject_kind=delivery["subject_kind"],
        recipient=RecipientRef(**delivery["recipient"]),
        statutory=delivery["statutory"],
        delivery_id=delivery["_id"],
        channel=delivery["channel"],
        delivered_at=delivery["delivered_at"],
        attempts=max(1, int(delivery["attempt"])),
    )
    await uow.emit(event, subject=delivery["notification_id"])
