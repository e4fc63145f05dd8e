"""Request bodies of the awards API, validated at the edge; routes turn them into domain drafts."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, model_validator

DOSSIER_KINDS = ("to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet", "ket_qua_bo_phieu",
                 "xac_nhan_sang_kien", "other")  # fmt: skip


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NomineeIn(_In):
    """Who is nominated."""

    kind: Literal["individual", "collective", "household"]
    name: str = Field(min_length=1, max_length=300)
    unit: str = Field(min_length=1, max_length=300)
    personal_code: str | None = Field(default=None, min_length=1, max_length=100)


class DossierItemIn(_In):
    """One dossier document, identified by its content hash (frozen once submitted)."""

    kind: Literal["to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet", "ket_qua_bo_phieu",
                  "xac_nhan_sang_kien", "other"]  # fmt: skip
    filename: str = Field(min_length=1, max_length=300)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    document_id: str | None = None


class NominationIn(_In):
    """`POST /nominations`."""

    association_id: str = Field(min_length=1)
    campaign_id: str | None = None
    award_type_code: str
    year: int = Field(ge=2000, le=2100)
    period: str | None = None
    commendation_type: Literal["cong_trang", "dot_xuat", "phong_trao", "chuyen_de"] = "cong_trang"
    nominee: NomineeIn
    achievement_report: str = Field(min_length=1, max_length=20000)
    achievement_ref: str | None = None
    dossier: list[DossierItemIn] = Field(default_factory=list)
    members_ldtt: int | None = Field(default=None, ge=0, le=10_000_000)  # bounded: MongoDB stores int64
    members_cstdcs: int | None = Field(default=None, ge=0, le=10_000_000)
    maternity_leave: bool = False
    considered_on: date | None = Field(
        default=None,
        deprecated=True,
        description="Ignored: a nomination's legal date is the day the server receives it (Vietnam time).",
    )


class MemberIn(_In):
    """A council member on the session roster."""

    member_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    association_id: str | None = None
    present: bool = True


class SessionIn(_In):
    """`POST /council-sessions`."""

    held_on: date
    campaign_id: str | None = None
    members: list[MemberIn] = Field(min_length=1)
    nomination_ids: list[str] = Field(min_length=1)


class BallotIn(_In):
    """`POST /council-sessions/{id}/ballots`: one member's votes, or a written vote of an absent member."""

    votes: dict[str, Literal["yes", "no", "abstain"]] = Field(min_length=1)


class DecisionIn(_In):
    """`POST /decisions`."""

    number: str = Field(min_length=1)
    signed_on: date
    signer_name: str = Field(min_length=1)
    signer_title: str = Field(min_length=1)
    nomination_ids: list[str] = Field(min_length=1, max_length=5000)
    authority: Literal["union", "province"] = "union"
    """`province` records the province's decision on forwarded nominations."""


class CancellationIn(_In):
    """`POST /awards/{id}/cancellation`."""

    ground: Literal["fraudulent_achievements", "false_information", "unlawful_procedure", "violation_found"]
    number: str = Field(min_length=1)
    signed_on: date
    signer_name: str = Field(min_length=1)
    signer_title: str = Field(min_length=1)


class DisclosureIn(_In):
    """`POST /nominations/{id}/disclosure`."""

    window_start: date
    working_days: int | None = Field(default=None, ge=1, le=60)


class SupplementIn(_In):
    """`POST /nominations/{id}/supplements`: more evidence; earlier documents stay as they were."""

    dossier: list[DossierItemIn] = Field(default_factory=list)
    achievement_report: str | None = Field(default=None, min_length=1, max_length=20000)


class RefusalIn(_In):
    """`POST /nominations/{id}/refusal`: the secretariat refuses a dossier at its check, in writing."""

    reason: Literal["ineligible", "dossier_refused"] = Field(
        description="`ineligible`: a criterion of law is not met; `dossier_refused`: the dossier is invalid."
    )
    explanation: str = Field(min_length=1, max_length=2000, description="The written reasons (Vietnamese).")
    failed_criteria: list[str] = Field(default_factory=list, max_length=50)


class ObjectionIn(_In):
    """`POST /nominations/{id}/objections`: an objection received during disclosure; no personal data."""

    received_on: date
    channel: Literal["letter", "in_person", "email", "portal", "grievance"] = "letter"
    grievance_id: str | None = None
    content: str | None = Field(default=None, min_length=1, max_length=5000)


class ClusterResultIn(_In):
    """`PUT /clusters/{cluster_id}/results/{year}`: a cluster's (cụm/khối) members and leader that year."""

    name: str = Field(min_length=1, max_length=300)
    organized_by: Literal["province", "other"] = "province"
    member_association_ids: list[str] = Field(min_length=1, max_length=500)
    leader_association_id: str | None = None
    """The collective ranked leader (BN86 Điều 3 k1); null while the ranking is not known."""

    @model_validator(mode="after")
    def _leader_is_member(self) -> ClusterResultIn:
        if self.leader_association_id not in (None, *self.member_association_ids):
            raise ValueError("the leader must be a member of the cluster")
        return self


class SubjectIn(_In):
    """The collective or individual: name and unit only (no personal code, no contact data)."""

    kind: Literal["individual", "collective"]
    name: str = Field(min_length=1, max_length=300)
    unit: str = Field(min_length=1, max_length=300)


class ExemplarIn(_In):
    """`POST /exemplars`."""

    association_id: str = Field(min_length=1)
    campaign_id: str = Field(min_length=1)
    subject: SubjectIn
    practice: str = Field(min_length=1, max_length=20000, description="Cách làm hay, sáng tạo.")
    evidence: list[str] = Field(min_length=1, max_length=50, description="Evidence, as text.")
    links: list[AnyHttpUrl] = Field(default_factory=list, max_length=50)
    field_of_work: str = Field(min_length=1, max_length=200)
    reason: str = Field(default="Phát hiện điển hình", max_length=2000)


class StageIn(_In):
    """`POST /exemplars/{id}/stage`: the next stage and why."""

    stage: str
    reason: str = Field(min_length=1, max_length=2000)


class ReplicationIn(_In):
    """`POST /exemplars/{id}/replications`: the association that adopted the practice."""

    association_id: str = Field(min_length=1)
    note: str = Field(default="", max_length=2000)


class ConferenceIn(_In):
    """`POST /conferences`: a Hội nghị Điển hình tiên tiến of a campaign."""

    campaign_id: str = Field(min_length=1)
    name: str = Field(min_length=1, max_length=300)
    held_on: date
    venue: str | None = Field(default=None, max_length=300)


class SelectionIn(_In):
    """`POST /conferences/{id}/selections`."""

    exemplar_ids: list[str] = Field(min_length=1, max_length=200)


class PublicationIn(_In):
    """`POST /exemplars/{id}/publication`: the public story, Vietnamese."""

    title: str = Field(min_length=1, max_length=300)
    story: str = Field(min_length=1, max_length=50000)
    summary: str | None = Field(default=None, max_length=5000, description="Default: the practice.")
    public_url: AnyHttpUrl | None = None


class PublicObjectionIn(_In):
    """`POST /public/objections`: an objection from anyone about a disclosed nomination, during its window."""

    disclosure_id: str = Field(min_length=1, max_length=100, description="The disclosure's `id` in the list.")
    content: str = Field(min_length=1, max_length=5000, description="What the sender objects to, and why.")
    name: str | None = Field(default=None, max_length=200, description="The sender's name (optional).")
    contact: str | None = Field(default=None, max_length=200, description="An address or phone (optional).")
