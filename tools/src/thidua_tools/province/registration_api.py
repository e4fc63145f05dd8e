"""Registration: the member-association directory, campaigns, registrations, year-end results."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from thidua_tools.province.endpoints import Endpoints
from thidua_tools.province.transport import Caller, Json


class RegistrationApi(Endpoints):
    """The registration service (secretariat unless said otherwise; registrations as the officer)."""

    async def create_association(
        self,
        *,
        code: str,
        name: str,
        kind: str = "member_association",
        parent_id: str | None = None,
        contact_emails: Sequence[str] = (),
        officers: Sequence[Mapping[str, Any]] = (),
        active: bool = True,
        idempotency_key: str | None = None,
    ) -> Json:
        """Add a member association (or collective member) to the directory; officers: full_name, email…"""
        body = {"code": code, "name": name, "kind": kind, "parent_id": parent_id,
                "contact_emails": contact_emails, "officers": officers, "active": active}  # fmt: skip
        return await self._create("registration", "/associations", body, idempotency_key)

    async def list_associations(self, *, q: str | None = None, limit: int = 200, offset: int = 0) -> Json:
        """One page of the directory (`items`, `total`); `q` matches code or name without diacritics."""
        params = {"q": q, "limit": limit, "offset": offset}
        return await self._get("registration", "/associations", params)

    async def all_associations(self) -> list[Json]:
        """The whole directory, page by page."""
        return [item async for item in self._pages(self.list_associations)]

    async def find_association(self, code: str) -> Json | None:
        """The directory entry with exactly this code, or None."""
        page = await self.list_associations(q=code)
        return next((a for a in page["items"] if a["code"] == code), None)

    async def get_association(self, association_id: str, *, caller: Caller | None = None) -> Json:
        """One directory entry (the secretariat's view unless another caller is given)."""
        return await self._get("registration", f"/associations/{association_id}", caller=caller)

    async def create_campaign(
        self,
        *,
        code: str,
        name: str,
        year: int,
        kind: Literal["annual", "special", "thematic"],
        period_start: date,
        period_end: date,
        registration_deadline: date | None = None,
        registration_required: bool = False,
        award_type_codes: Sequence[str] = (),
        targets: Sequence[str] = (),
        directive_documents: Sequence[str] = (),
        launched: bool = True,
        idempotency_key: str | None = None,
    ) -> Json:
        """Create a campaign (phong trào); launched at once unless `launched=False`."""
        body = {
            "code": code, "name": name, "year": year, "kind": kind, "period_start": period_start,
            "period_end": period_end, "registration_deadline": registration_deadline,
            "registration_required": registration_required, "award_type_codes": award_type_codes,
            "targets": targets, "directive_documents": directive_documents, "launched": launched,
        }  # fmt: skip
        return await self._create("registration", "/campaigns", body, idempotency_key)

    async def launch_campaign(self, campaign_id: str) -> Json:
        """Launch a draft campaign (launching twice has no second effect)."""
        return await self._post("registration", f"/campaigns/{campaign_id}/launch", None)

    async def list_campaigns(self, *, year: int | None = None, limit: int = 200, offset: int = 0) -> Json:
        """One page of campaigns (`items`, `total`)."""
        return await self._get("registration", "/campaigns", {"year": year, "limit": limit, "offset": offset})

    async def find_campaign(self, code: str, *, year: int | None = None) -> Json | None:
        """The campaign with this code (in `year` if given), or None."""
        async for item in self._pages(lambda **kw: self.list_campaigns(year=year, **kw)):
            if item["code"] == code:
                return item
        return None

    async def get_campaign(self, campaign_id: str) -> Json:
        """One campaign."""
        return await self._get("registration", f"/campaigns/{campaign_id}")

    async def grant_late_window(self, campaign_id: str, *, association_id: str, until: date) -> Json:
        """Let one association register or amend after the deadline, until `until`."""
        body = {"association_id": association_id, "until": until}
        return await self._post("registration", f"/campaigns/{campaign_id}/late-windows", body)

    async def campaign_summary(self, campaign_id: str) -> Json:
        """The secretariat's summary of a campaign's registrations."""
        return await self._get("registration", f"/campaigns/{campaign_id}/summary")

    async def register(
        self,
        campaign_id: str,
        *,
        association_id: str,
        collective_name: str,
        individuals: Sequence[Mapping[str, Any]] = (),
        collective_award_codes: Sequence[str] = (),
        targets: Sequence[str] = (),
        pledges: Sequence[str] = (),
        caller: Caller | None = None,
        idempotency_key: str | None = None,
    ) -> Json:
        """Register an association's collective and members (personal_code, full_name, position,
        award_type_codes) for a campaign, as its officer unless another caller is given."""
        body = {"collective_name": collective_name, "collective_award_codes": collective_award_codes,
                "individuals": individuals, "targets": targets, "pledges": pledges}  # fmt: skip
        who = caller or Caller.officer(association_id)
        if association_id != who.association_id:
            body["association_id"] = association_id
        path = f"/campaigns/{campaign_id}/registrations"
        return await self._create("registration", path, body, idempotency_key, caller=who)

    async def list_registrations(
        self,
        *,
        campaign_id: str | None = None,
        association_id: str | None = None,
        status: str | None = None,
        limit: int = 200,
        offset: int = 0,
        caller: Caller | None = None,
    ) -> Json:
        """One page of registrations (`items`, `total`), filtered."""
        params = {"campaign_id": campaign_id, "association_id": association_id, "status": status,
                  "limit": limit, "offset": offset}  # fmt: skip
        return await self._get("registration", "/registrations", params, caller=caller)

    async def all_registrations(self, *, campaign_id: str | None = None) -> list[Json]:
        """Every registration (of a campaign), page by page, as the secretariat."""
        pages = self._pages(lambda **kw: self.list_registrations(campaign_id=campaign_id, **kw))
        return [item async for item in pages]

    async def get_registration(self, registration_id: str, *, caller: Caller | None = None) -> Json:
        """One registration."""
        return await self._get("registration", f"/registrations/{registration_id}", caller=caller)

    async def withdraw_registration(
        self, registration_id: str, *, association_id: str, reason: str | None = None
    ) -> Json:
        """Withdraw a registration before the deadline, as the association's officer."""
        path = f"/registrations/{registration_id}/withdrawal"
        return await self._post("registration", path, {"reason": reason}, Caller.officer(association_id))

    async def submit_self_assessment(
        self,
        registration_id: str,
        *,
        association_id: str,
        collective: Mapping[str, Any],
        individuals: Sequence[Mapping[str, Any]] = (),
    ) -> Json:
        """The year-end self-assessment: the collective's facts (task_rating, member_count, …) and each
        registered individual's (personal_code, task_rating, initiatives, …), as the officer."""
        body = {"collective": collective, "individuals": individuals}
        path = f"/registrations/{registration_id}/self-assessment"
        return await self._post("registration", path, body, Caller.officer(association_id))

    async def verify_registration(
        self,
        registration_id: str,
        *,
        outcome: Literal["confirmed", "adjusted"] = "confirmed",
        reason: str | None = None,
        adjusted: Mapping[str, Any] | None = None,
    ) -> Json:
        """The secretariat confirms the self-assessment, or adjusts it with a reason (phúc tra)."""
        body = {"outcome": outcome, "reason": reason, "adjusted": adjusted}
        return await self._post("registration", f"/registrations/{registration_id}/verification", body)
