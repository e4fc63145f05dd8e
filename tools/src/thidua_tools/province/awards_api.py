"""Awards: catalogue, clusters, history import, documents, nominations, disclosure, council, decisions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal, cast

from thidua_tools.province.endpoints import Endpoints, jsonable
from thidua_tools.province.transport import PUBLIC, Caller, Json

HISTORY_COLUMNS = (
    "nominee_kind", "personal_code", "association_id", "name", "unit", "award_type_code", "year",
    "commendation_type", "decision_number", "decided_on",
)  # fmt: skip
Vote = Literal["yes", "no", "abstain"]


def individual(name: str, unit: str, personal_code: str) -> Json:
    """A nominee body for an individual."""
    return {"kind": "individual", "name": name, "unit": unit, "personal_code": personal_code}


def collective(name: str, unit: str) -> Json:
    """A nominee body for a collective (the association named in the nomination)."""
    return {"kind": "collective", "name": name, "unit": unit}


class AwardsApi(Endpoints):
    """The awards service (secretariat unless said otherwise; nominations and documents as the officer,
    ballots as the council member, public lists without a token)."""

    async def list_award_types(self, *, on: date | None = None) -> Json:
        """The catalogue of titles and forms (under the rule set in force on `on`)."""
        return await self._get("awards", "/award-types", {"on": on})

    async def put_cluster_results(
        self,
        cluster_id: str,
        year: int,
        *,
        name: str,
        member_association_ids: Sequence[str],
        leader_association_id: str | None = None,
        organized_by: Literal["province", "other"] = "province",
    ) -> Json:
        """A cluster's (cụm/khối) members and its ranked leader for a year (replaces any earlier result)."""
        body = {"name": name, "organized_by": organized_by, "member_association_ids": member_association_ids,
                "leader_association_id": leader_association_id}  # fmt: skip
        path = f"/clusters/{cluster_id}/results/{year}"
        answer = await self.transport.call(
            "awards", "PUT", path, caller=self.secretariat, json=jsonable(body)
        )
        return cast(Json, answer)

    async def import_award_history(
        self, rows: Iterable[Mapping[str, Any]], *, dry_run: bool = False, filename: str = "history.csv"
    ) -> Json:
        """Import past awards (rows keyed by HISTORY_COLUMNS) as a CSV; re-importing a row changes nothing."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=HISTORY_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows({k: "" if v is None else str(v) for k, v in row.items()} for row in rows)
        files = {"file": (filename, buffer.getvalue().encode("utf-8"), "text/csv")}
        params = {"dry_run": "true" if dry_run else None}
        answer = await self.transport.call(
            "awards", "POST", "/award-history/import", caller=self.secretariat, files=files, params=params
        )
        return cast(Json, answer)

    async def upload_document(
        self, *, association_id: str, filename: str, content: bytes, media_type: str = "application/pdf"
    ) -> Json:
        """Store an evidence file for an association; the answer carries `document_id` and `sha256`."""
        answer = await self.transport.call(
            "awards",
            "POST",
            "/documents",
            caller=Caller.officer(association_id),
            files={"file": (filename, content, media_type)},
            data={"association_id": association_id},
        )
        return cast(Json, answer)

    async def nominate(
        self,
        *,
        association_id: str,
        award_type_code: str,
        year: int,
        nominee: Mapping[str, Any],
        achievement_report: str,
        dossier: Sequence[Mapping[str, Any]] = (),
        campaign_id: str | None = None,
        commendation_type: str = "cong_trang",
        period: str | None = None,
        achievement_ref: str | None = None,
        members_ldtt: int | None = None,
        members_cstdcs: int | None = None,
        maternity_leave: bool = False,
        considered_on: date | None = None,
        idempotency_key: str | None = None,
    ) -> Json:
        """Nominate an individual or collective (see `individual()`, `collective()`) with dossier items
        (kind, filename, sha256, document_id); a nominee failing the law is an ApiError 422 `ineligible`."""
        body = {
            "association_id": association_id, "award_type_code": award_type_code, "year": year,
            "nominee": nominee, "achievement_report": achievement_report, "dossier": dossier,
            "campaign_id": campaign_id, "commendation_type": commendation_type, "period": period,
            "achievement_ref": achievement_ref, "members_ldtt": members_ldtt,
            "members_cstdcs": members_cstdcs, "maternity_leave": maternity_leave,
            "considered_on": considered_on,
        }  # fmt: skip
        caller = Caller.officer(association_id)
        return await self._create("awards", "/nominations", body, idempotency_key, caller=caller)

    async def supplement_nomination(
        self,
        nomination_id: str,
        *,
        association_id: str,
        dossier: Sequence[Mapping[str, Any]] = (),
        achievement_report: str | None = None,
    ) -> Json:
        """Add evidence as a new dossier version; the eligibility check runs again on today's facts."""
        body = {"dossier": dossier, "achievement_report": achievement_report}
        path = f"/nominations/{nomination_id}/supplements"
        return await self._post("awards", path, body, Caller.officer(association_id))

    async def list_nominations(
        self,
        *,
        association_id: str | None = None,
        status: str | None = None,
        order: Literal["submitted", "priority"] = "submitted",
        caller: Caller | None = None,
    ) -> list[Json]:
        """Nominations the caller may see (default the secretariat: all), filtered."""
        params = {"association_id": association_id, "status": status, "order": order}
        answer = await self._get("awards", "/nominations", params, caller=caller)
        return list(answer["items"])

    async def get_nomination(self, nomination_id: str, *, caller: Caller | None = None) -> Json:
        """One nomination with its eligibility report and holds."""
        return await self._get("awards", f"/nominations/{nomination_id}", caller=caller)

    async def disclose(
        self, nomination_id: str, *, window_start: date, working_days: int | None = None
    ) -> Json:
        """Put a nomination on the public disclosure list for a window of working days."""
        body = {"window_start": window_start, "working_days": working_days}
        return await self._create("awards", f"/nominations/{nomination_id}/disclosure", body, None)

    async def record_objection(
        self,
        nomination_id: str,
        *,
        received_on: date,
        channel: str = "letter",
        grievance_id: str | None = None,
    ) -> Json:
        """Record an objection received during disclosure."""
        body = {"received_on": received_on, "channel": channel, "grievance_id": grievance_id}
        return await self._create("awards", f"/nominations/{nomination_id}/objections", body, None)

    async def open_council_session(
        self,
        *,
        held_on: date,
        members: Sequence[Mapping[str, Any]],
        nomination_ids: Sequence[str],
        campaign_id: str | None = None,
        idempotency_key: str | None = None,
    ) -> Json:
        """Open a council session: roster (member_id, name, association_id, present) and agenda."""
        body = {"held_on": held_on, "members": members, "nomination_ids": nomination_ids,
                "campaign_id": campaign_id}  # fmt: skip
        return await self._create("awards", "/council-sessions", body, idempotency_key)

    async def cast_ballot(self, session_id: str, *, member_id: str, votes: Mapping[str, Vote]) -> Json:
        """One member's secret ballot: nomination id -> yes / no / abstain."""
        path = f"/council-sessions/{session_id}/ballots"
        return await self._post("awards", path, {"votes": votes}, Caller.council(member_id))

    async def close_session(self, session_id: str) -> Json:
        """Close and tally a session; the answer lists each nomination's result."""
        return await self._post("awards", f"/council-sessions/{session_id}/closure", None)

    async def issue_decision(
        self,
        *,
        number: str,
        signed_on: date,
        signer_name: str,
        signer_title: str,
        nomination_ids: Sequence[str],
        authority: Literal["union", "province"] = "union",
        idempotency_key: str | None = None,
    ) -> Json:
        """Record a decision for N awardees (forwarding those beyond the Union's authority)."""
        body = {"number": number, "signed_on": signed_on, "signer_name": signer_name,
                "signer_title": signer_title, "nomination_ids": nomination_ids,
                "authority": authority}  # fmt: skip
        return await self._create("awards", "/decisions", body, idempotency_key)

    async def get_decision(self, decision_id: str, *, caller: Caller | None = None) -> Json:
        """A recorded decision with its awards and forwardings."""
        return await self._get("awards", f"/decisions/{decision_id}", caller=caller)

    async def cancel_award(
        self,
        award_id: str,
        *,
        ground: Literal[
            "fraudulent_achievements", "false_information", "unlawful_procedure", "violation_found"
        ],
        number: str,
        signed_on: date,
        signer_name: str,
        signer_title: str,
    ) -> Json:
        """Cancel (hủy bỏ) an award on one of the four lawful grounds."""
        body = {"ground": ground, "number": number, "signed_on": signed_on, "signer_name": signer_name,
                "signer_title": signer_title}  # fmt: skip
        return await self._post("awards", f"/awards/{award_id}/cancellation", body)

    async def public_disclosures(self, *, campaign_id: str | None = None) -> list[Json]:
        """The public disclosure list (no token)."""
        answer = await self._get("awards", "/public/disclosures", {"campaign_id": campaign_id}, caller=PUBLIC)
        return list(answer["items"])

    async def public_decisions(
        self, *, year: int | None = None, name: str | None = None, unit: str | None = None
    ) -> list[Json]:
        """Published awards (no token): name, unit, award, year, decision number."""
        params = {"year": year, "name": name, "unit": unit}
        return list((await self._get("awards", "/public/decisions", params, caller=PUBLIC))["items"])
