"""Grievance: filing complaints and denunciations, officers' actions, public tracking."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal, cast

from thidua_tools.province.endpoints import Endpoints
from thidua_tools.province.transport import PUBLIC, Caller, Json


class GrievanceApi(Endpoints):
    """The grievance service (the grievance officer unless said otherwise)."""

    async def file_grievance(
        self,
        *,
        kind: Literal["complaint", "denunciation"],
        targets: Sequence[Mapping[str, Any]],
        summary: str,
        association_id: str | None = None,
        filer: Mapping[str, Any] | None = None,
        caller: Caller | None = None,
        **options: Any,
    ) -> Json:
        """File a case as an association's officer (`association_id`), a grievance officer (`caller`) or the
        public (`filer` with name and contact). Options: channel, received_on, informed_on, instance, …
        The answer's `secret` is shown once: keep it to track the case publicly."""
        who = caller or (Caller.officer(association_id) if association_id else PUBLIC)
        body = {"kind": kind, "targets": targets, "summary": summary, "filer": filer, **options}
        return await self._create("grievance", "/grievances", body, None, caller=who)

    async def file_complaint(self, **kwargs: Any) -> Json:
        """File a complaint (khiếu nại); arguments as `file_grievance`."""
        return await self.file_grievance(kind="complaint", **kwargs)

    async def file_denunciation(self, **kwargs: Any) -> Json:
        """File a denunciation (tố cáo); arguments as `file_grievance`. The denouncer's identity is sealed."""
        return await self.file_grievance(kind="denunciation", **kwargs)

    async def list_grievances(
        self, *, status: str | None = None, association_id: str | None = None
    ) -> list[Json]:
        """Every case (as a grievance officer), or one association's own cases (as its officer)."""
        caller = Caller.officer(association_id) if association_id else self.grievance_officer
        return await self._get_list("grievance", "/grievances", {"status": status}, caller=caller)

    async def get_grievance(self, grievance_id: str, *, caller: Caller | None = None) -> Json:
        """One case (officer's view unless another caller is given)."""
        who = caller or self.grievance_officer
        return await self._get("grievance", f"/grievances/{grievance_id}", caller=who)

    async def accept_grievance(
        self,
        grievance_id: str,
        *,
        decision: Literal["accept", "refuse"] = "accept",
        on: date | None = None,
        reason_code: str | None = None,
        complexity_criteria: Sequence[str] = (),
        remote_area: bool = False,
    ) -> Json:
        """Accept (thụ lý) a case, or refuse it with a reason code."""
        body = {"decision": decision, "on": on, "reason_code": reason_code,
                "complexity_criteria": complexity_criteria, "remote_area": remote_area}  # fmt: skip
        return await self._officer_action(grievance_id, "acceptance", body)

    async def extend_grievance(
        self, grievance_id: str, *, decision_number: str, on: date | None = None
    ) -> Json:
        """Extend a denunciation's resolution deadline by a recorded decision."""
        return await self._officer_action(
            grievance_id, "extension", {"decision_number": decision_number, "on": on}
        )

    async def suspend_grievance(self, grievance_id: str, *, on: date | None = None) -> Json:
        """Suspend (tạm đình chỉ) the resolution clock."""
        return await self._officer_action(grievance_id, "suspension", {"on": on})

    async def resume_grievance(self, grievance_id: str, *, on: date | None = None) -> Json:
        """Resume the resolution clock."""
        return await self._officer_action(grievance_id, "resumption", {"on": on})

    async def resolve_grievance(
        self,
        grievance_id: str,
        *,
        outcome: Literal["upheld", "partly_upheld", "rejected"],
        remedy: Literal["none", "reconsider_nomination", "cancel_award"] = "none",
        decision_number: str | None = None,
        violation_found: bool = False,
        cancellation_ground: str | None = None,
        on: date | None = None,
    ) -> Json:
        """Resolve a case with its outcome and remedy."""
        body = {"outcome": outcome, "remedy": remedy, "decision_number": decision_number,
                "violation_found": violation_found, "cancellation_ground": cancellation_ground,
                "on": on}  # fmt: skip
        return await self._officer_action(grievance_id, "resolution", body)

    async def publish_conclusion(
        self, grievance_id: str, *, conclusion: str | None = None, on: date | None = None
    ) -> Json:
        """Publish a denunciation's conclusion (redacted of the denouncer)."""
        return await self._officer_action(grievance_id, "publication", {"conclusion": conclusion, "on": on})

    async def track_grievance(self, tracking_code: str, *, secret: str) -> Json:
        """Public tracking of a case by its code and secret (no token)."""
        path = f"/public/grievances/{tracking_code}"
        answer = await self.transport.call(
            "grievance", "GET", path, caller=PUBLIC, headers={"X-Tracking-Secret": secret}
        )
        return cast(Json, answer)

    async def _officer_action(self, grievance_id: str, action: str, body: Any) -> Json:
        path = f"/grievances/{grievance_id}/{action}"
        return await self._post("grievance", path, body, self.grievance_officer)
