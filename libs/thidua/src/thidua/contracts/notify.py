"""Events the notify service publishes: proof that the people concerned were informed, or could not be.

Consumers: grievance (a complaint's 90-day limitation counts from the day the complainant was informed, so
it matches `subject` and `recipient` of `notification.delivered`), and operators' reports.
Recipients are named by ids (association id, token subject, personal code, webhook id), never by address.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from thidua.contracts.base import EventData

PRODUCER = "notify"

RECIPIENT_KINDS = ("association", "user", "person", "webhook", "role")
CHANNELS = ("inbox", "email", "webhook")
SUBJECT_KINDS = ("award", "nomination", "registration", "campaign", "grievance", "exemplar", "association")


def _known(values: tuple[str, ...]) -> str:
    return ", ".join(f"`{v}`" for v in values)


class Recipient(BaseModel):
    """Who a notice was for, by ids only."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    kind: str = Field(description=f"Kind of recipient; known values: {_known(RECIPIENT_KINDS)}.")
    recipient_id: str = Field(
        description="Id within `kind`: association id, token subject, personal code, webhook id or role name."
    )
    association_id: str | None = Field(default=None, description="The association the recipient acts for.")
    personal_code: str | None = Field(
        default=None, description="Personal code of the nominee or awardee the notice informs, if any."
    )


class _NotificationFacts(EventData):
    """What a notification was about and for whom."""

    notification_id: str = Field(description="Opaque id of the notification (one per event and recipient).")
    source_event_id: str = Field(description="Id of the event the notice announces (its envelope `id`).")
    source_event_type: str = Field(description="Type of that event, e.g. `award.decided`.")
    subject: str = Field(
        description="Id of what was announced, e.g. the award id (`GET /deliveries?subject=`)."
    )
    subject_kind: str = Field(description=f"Kind of `subject`; known values: {_known(SUBJECT_KINDS)}.")
    recipient: Recipient = Field(description="Who the notice was for.")
    statutory: bool = Field(
        description="True for a notice the law requires (award decided or cancelled, etc.)."
    )


class NotificationDelivered(_NotificationFacts):
    """A notice reached its recipient on one channel. Envelope subject: the notification id."""

    event_type: ClassVar[str] = "notification.delivered"
    producer: ClassVar[str] = PRODUCER

    delivery_id: str = Field(description="Opaque id of the delivery (one per notification and channel).")
    channel: str = Field(description=f"Channel used; known values: {_known(CHANNELS)}.")
    delivered_at: AwareDatetime = Field(
        description="When the channel accepted it (SMTP 250, webhook 2xx, stored)."
    )
    attempts: int = Field(ge=1, description="Attempts it took on this channel.")


class NotificationFailed(_NotificationFacts):
    """A notice could not be delivered on any channel. Envelope subject: the notification id."""

    event_type: ClassVar[str] = "notification.failed"
    producer: ClassVar[str] = PRODUCER

    channels_tried: list[str] = Field(description=f"Channels tried; known values: {_known(CHANNELS)}.")
    attempts: int = Field(ge=1, description="Attempts made over all channels.")
    failed_at: AwareDatetime = Field(description="When notify gave up.")
    last_error: str = Field(description="The last error, short and without secrets (e.g. `SMTP 550`).")


EVENTS: tuple[type[EventData], ...] = (NotificationDelivered, NotificationFailed)
