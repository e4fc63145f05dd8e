"""HTTP API: inbox and read receipts, webhooks, proof of informing, the late-informing report."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field, HttpUrl
from thidua.auth import BOARD, SECRETARIAT, CurrentPrincipal, Principal, require_roles
from thidua.calendar import WorkingCalendar, local_date, today
from thidua.contracts.registry import EVENT_TYPES
from thidua.http.problems import Forbidden, NotFound, Unprocessable
from thidua.mongo import Database, Document

from notify import domain, webhook_policy
from notify.repository import (
    DELIVERED,
    DELIVERIES,
    NOTIFICATIONS,
    OUTCOMES,
    PREFERENCES,
    SESSIONS,
    WEBHOOKS,
)
from notify.webhook_channel import new_secret, secret_key

router = APIRouter()
Secretariat = Annotated[Principal, Depends(require_roles(SECRETARIAT))]
WebhookAdmin = Annotated[Principal, Depends(require_roles(SECRETARIAT, BOARD))]


def _db(request: Request) -> Database:
    db: Database = request.app.state.db
    return db


def own_keys(principal: Principal) -> set[str]:
    """Recipient keys the caller may read: itself, its roles and its association."""
    keys = {f"user:{principal.sub}", *(f"role:{r}" for r in principal.roles)}
    if principal.association_id:
        keys.add(f"association:{principal.association_id}")
    return keys


def _public(doc: Document, *fields: str) -> dict[str, Any]:
    out = {k: doc.get(k) for k in fields}
    return {"id": doc["_id"], **out}


NOTIFICATION_FIELDS = ("event_type", "subject", "subject_kind", "statutory", "recipient", "title", "body")


@router.get("/notifications", tags=["inbox"])
async def list_notifications(
    request: Request, principal: CurrentPrincipal, recipient: str | None = None
) -> list[dict[str, Any]]:
    """Notifications of a recipient key (e.g. `association:A1`); one's own unless secretariat."""
    keys = {recipient} if recipient else own_keys(principal)
    if recipient and not principal.has_any(SECRETARIAT) and recipient not in own_keys(principal):
        raise Forbidden("You may only read your own or your association's notifications.")
    docs: dict[str, Document] = {}
    for key in sorted(keys):
        async for doc in _db(request)[NOTIFICATIONS].find({"audience": key}).limit(500):
            docs[doc["_id"]] = doc
    ordered = sorted(docs.values(), key=lambda d: d["created_at"], reverse=True)
    return [_public(d, *NOTIFICATION_FIELDS, "created_at", "read_at") for d in ordered]


@router.post("/notifications/{notification_id}/read", tags=["inbox"])
async def mark_read(request: Request, principal: CurrentPrincipal, notification_id: str) -> dict[str, Any]:
    """Record the read receipt (first read time is kept)."""
    db = _db(request)
    doc = await db[NOTIFICATIONS].find_one({"_id": notification_id})
    if doc is None or not (own_keys(principal) & set(doc["audience"])):
        raise NotFound("No such notification in your inbox.")
    if doc.get("read_at") is None:
        now = datetime.now(UTC)
        await db[NOTIFICATIONS].update_one(
            {"_id": notification_id, "read_at": None}, {"$set": {"read_at": now, "read_by": principal.sub}}
        )
        doc = await db[NOTIFICATIONS].find_one({"_id": notification_id}) or doc
    return _public(doc, *NOTIFICATION_FIELDS, "created_at", "read_at")


class Preferences(BaseModel):
    """Event types the caller does not want to hear about (statutory notices are sent anyway)."""

    muted_types: list[str] = Field(default_factory=list, max_length=50)


@router.put("/preferences", tags=["inbox"])
async def set_preferences(request: Request, principal: CurrentPrincipal, body: Preferences) -> dict[str, Any]:
    """Mute non-statutory notices for the caller (its association's for an association officer)."""
    key = f"association:{principal.association_id}" if principal.association_id else f"user:{principal.sub}"
    await _db(request)[PREFERENCES].update_one(
        {"_id": key}, {"$set": {"muted_types": body.muted_types}}, upsert=True
    )
    statutory = sorted(t for t in body.muted_types if t in domain.ROUTING and domain.ROUTING[t].statutory)
    return {"recipient": key, "muted_types": body.muted_types, "always_sent": statutory}


class WebhookIn(BaseModel):
    """A webhook registration: where to POST, the signing secret, which event types."""

    url: HttpUrl = Field(description="https outside dev; the host must resolve to public addresses only.")
    secret: str | None = Field(
        default=None,
        max_length=200,
        description="A Standard Webhooks secret `whsec_<base64 key of 16+ bytes>`; generated when omitted.",
    )
    events: list[str] = Field(
        default_factory=lambda: ["award.*"],
        min_length=1,
        max_length=50,
        description="Event types or patterns (`award.*`); only those the caller's role may read.",
    )


def _hook(doc: Document) -> dict[str, Any]:
    return _public(doc, "url", "events", "active", "failures", "owner", "created_at")


@router.post("/webhooks", status_code=201, tags=["webhooks"])
async def register_webhook(request: Request, principal: WebhookAdmin, body: WebhookIn) -> dict[str, Any]:
    """Register a URL; the secret (given or generated) is returned once and signs every call."""
    _check_webhook(request, principal, body)
    secret = body.secret or new_secret()
    roles = sorted(r for r in principal.roles if r in webhook_policy.SCOPES)
    doc = {
        "_id": str(uuid.uuid4()), "url": str(body.url), "secret": secret, "events": body.events,
        "active": True, "failures": 0, "owner": principal.sub, "owner_roles": roles,
        "created_at": datetime.now(UTC),
    }  # fmt: skip
    await _db(request)[WEBHOOKS].insert_one(doc)
    return _hook(doc) | {"secret": secret}


def _check_webhook(request: Request, principal: Principal, body: WebhookIn) -> None:
    """A subscription reaches only what the caller's role may read, over https outside dev, signed well."""
    refused = webhook_policy.refused_filters(principal.roles, body.events, EVENT_TYPES)
    if refused:
        raise Unprocessable(
            "Vai trò của bạn không được nhận các loại sự kiện: " + ", ".join(refused) + ".",
            slug="webhook-events-not-allowed",
            refused=refused,
        )
    settings = request.app.state.settings
    https = (
        settings.webhook_require_https
        if settings.webhook_require_https is not None
        else settings.env != "dev"
    )
    if https and body.url.scheme != "https":
        raise Unprocessable("Địa chỉ webhook phải dùng https.", slug="webhook-https-required")
    if body.secret is not None:
        try:
            secret_key(body.secret)
        except ValueError as exc:
            raise Unprocessable(
                "Khóa ký phải có dạng whsec_ theo sau là khóa base64 dài ít nhất 16 byte.",
                slug="webhook-secret-invalid",
            ) from exc


@router.get("/webhooks", tags=["webhooks"])
async def list_webhooks(request: Request, _principal: WebhookAdmin) -> list[dict[str, Any]]:
    """Registered webhooks (secrets are never shown again)."""
    return [_hook(doc) async for doc in _db(request)[WEBHOOKS].find({}).limit(500)]


@router.post("/webhooks/{webhook_id}/enable", tags=["webhooks"])
async def enable_webhook(request: Request, _principal: Secretariat, webhook_id: str) -> dict[str, Any]:
    """Operator action: re-enable a webhook disabled after persistent failure."""
    db = _db(request)
    result = await db[WEBHOOKS].update_one({"_id": webhook_id}, {"$set": {"active": True, "failures": 0}})
    if result.matched_count == 0:
        raise NotFound("No such webhook.")
    return _hook(await db[WEBHOOKS].find_one({"_id": webhook_id}) or {"_id": webhook_id})


@router.get("/deliveries", tags=["proof"])
async def list_deliveries(
    request: Request, _principal: Secretariat, subject: Annotated[str, Query(min_length=1)]
) -> list[dict[str, Any]]:
    """Proof of informing: per recipient and channel, attempts, status, delivered and read times."""
    db = _db(request)
    reads = {d["_id"]: d.get("read_at") async for d in db[NOTIFICATIONS].find({"subject": subject})}
    out = []
    async for d in db[DELIVERIES].find({"subject": subject}):
        item = _public(
            d, "event_type", "recipient", "channel", "attempt", "status", "delivered_at", "last_error"
        )
        out.append(item | {"attempts": item.pop("attempt"), "read_at": reads.get(d["notification_id"])})
    return out


@router.get("/reports/late-informing", tags=["proof"])
async def late_informing(request: Request, _principal: Secretariat) -> list[dict[str, Any]]:
    """Decided awards whose awardees were not informed within the statutory working days of the decision's
    receipt (a person with an address of their own is informed only by a notice that reached them)."""
    db, calendar = _db(request), WorkingCalendar.from_settings(request.app.state.settings)
    out = []
    async for row in db[OUTCOMES].find({"event_type": "award.decided"}):
        received_on = date.fromisoformat(row["received_on"])
        informed = await _informed_at(db, row)
        informed_on = local_date(informed) if informed else None
        if domain.informed_late(received_on, informed_on, today=today(), calendar=calendar):
            out.append(
                {
                    "award_id": row["award_id"],
                    "awardee_name": row["nominee_name"],
                    "association_id": row["association_id"],
                    "decision_number": row["decision_number"],
                    "received_on": received_on,
                    "due_on": domain.informing_due(received_on, calendar),
                    "informed_at": informed,
                }
            )
    return out


@router.get("/reports/informing", tags=["proof"])
async def informing_report(
    request: Request,
    _principal: Secretariat,
    session_id: Annotated[str | None, Query(min_length=1)] = None,
    decision_id: Annotated[str | None, Query(min_length=1)] = None,
) -> dict[str, Any]:
    """Every nominee of a council session or of a decision: the result they were told, and per recipient
    and channel the proof of delivery; a nominee of the session with no notice yet is listed too."""
    if (session_id is None) == (decision_id is None):
        raise Unprocessable("Cần chỉ rõ một phiên họp (session_id) hoặc một quyết định (decision_id).")
    db = _db(request)
    if decision_id is not None:
        rows = [r async for r in db[OUTCOMES].find({"decision_id": decision_id})]
        nomination_ids = sorted({str(r["nomination_id"] or r["award_id"]) for r in rows})
    else:
        session = await db[SESSIONS].find_one({"_id": session_id})
        if session is None:
            raise NotFound("Chưa nhận được kết quả của phiên họp này.")
        nomination_ids = list(session["nomination_ids"])
        rows = [r async for r in db[OUTCOMES].find({"nomination_id": {"$in": nomination_ids}})]
    by_nomination: dict[str, list[Document]] = {}
    for row in rows:
        by_nomination.setdefault(str(row["nomination_id"] or row["award_id"]), []).append(row)
    items: list[dict[str, Any]] = []
    for nomination_id in nomination_ids:
        notices: list[dict[str, Any]] = []
        for row in by_nomination.get(nomination_id, []):
            informed = await _informed_at(db, row)
            notices.append(
                {
                    "event_type": row["event_type"],
                    "reason": row.get("reason"),
                    "nominee_name": row["nominee_name"],
                    "own_address": row["own_address"],
                    "informed": informed is not None,
                    "informed_at": informed,
                    "deliveries": await _proof(db, event_id=row["_id"]),
                }
            )
        items.append({"nomination_id": nomination_id, "notices": notices})
    uninformed = sum(1 for i in items if not any(n["informed"] for n in i["notices"]))
    return {"items": items, "total": len(items), "uninformed": uninformed}


async def _proof(db: Database, *, event_id: str) -> list[dict[str, Any]]:
    """Per recipient and channel of one event's notices: status, attempts, delivered and read times."""
    reads = {n["_id"]: n.get("read_at") async for n in db[NOTIFICATIONS].find({"event_id": event_id})}
    return [
        {
            "recipient": d["recipient"],
            "channel": d["channel"],
            "status": d["status"],
            "attempts": d["attempt"],
            "delivered_at": d.get("delivered_at"),
            "read_at": reads.get(d["notification_id"]),
        }
        async for d in db[DELIVERIES].find({"event_id": event_id})
    ]


async def _informed_at(db: Database, outcome: Document) -> datetime | None:
    """When the nominee of an outcome was informed: an e-mail accepted for them (or, for a collective or a
    person without an address, for their association), or its notice read in the inbox."""
    event_id = outcome["_id"]
    proofs = [
        domain.Proof(d["recipient"]["kind"], d["channel"], d["delivered_at"])
        async for d in db[DELIVERIES].find({"event_id": event_id, "status": DELIVERED})
        if d["channel"] == domain.EMAIL
    ]
    proofs += [
        domain.Proof(n["recipient"]["kind"], domain.INBOX, n["read_at"])
        async for n in db[NOTIFICATIONS].find({"event_id": event_id})
        if n.get("read_at")
    ]
    return domain.informed_at(proofs, own_address=bool(outcome.get("own_address")))
