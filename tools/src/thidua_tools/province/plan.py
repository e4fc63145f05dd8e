"""What the demo province did (pure): who registers, each person's yearly rating and initiatives, the award
history of the three prior years, and who is nominated for what. Everything derives from the names module's
deterministic province, so a re-run plans exactly the same things.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from thidua_tools.province.names import PROVINCE, AssociationProfile, Person, ascii_slug

HTXSNV, HTTNV, HT, KHT = "hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh"
GOOD = (HTXSNV, HTTNV)
INITIATIVES = (
    "Ứng dụng phần mềm quản lý hội viên trực tuyến",
    "Cải tiến quy trình tư vấn, phản biện và giám định xã hội",
    "Số hóa hồ sơ thi đua, khen thưởng của Hội",
    "Mô hình câu lạc bộ sáng tạo kỹ thuật cho thanh niên",
    "Giải pháp tiết kiệm năng lượng tại cơ sở",
    "Quy trình chuyển giao tiến bộ kỹ thuật cho nông hộ",
    "Sổ tay hướng dẫn nghiệp vụ cho chi hội cơ sở",
    "Ứng dụng bản đồ số theo dõi dịch bệnh cây trồng",
)


def stable(*parts: object) -> int:
    """A stable pseudo-random number from `parts` (unlike `hash`, the same in every process)."""
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:12], 16)


@dataclass(frozen=True)
class Member:
    """A person as planned: where they are and what role the demo gives them."""

    person: Person
    index: int
    association: AssociationProfile
    association_index: int

    @property
    def excellent_unit(self) -> bool:
        """Members of an excellent collective all complete their tasks."""
        return excellent(self.association_index)


def registered(association_index: int) -> bool:
    """Nine associations in ten register for the annual campaign."""
    return association_index % 10 != 9


def in_thematic(association_index: int) -> bool:
    """About a third of the registered associations join the thematic campaign."""
    return registered(association_index) and association_index % 3 == 1


def excellent(association_index: int) -> bool:
    """A third of the collectives are rated excellent (HTXSNV) and aim for TTLĐXS."""
    return association_index % 3 == 0


def rating(member: Member, year: int) -> str:
    """The member's task rating of `year`; the demo's nominees are rated to fit their titles."""
    if member.index < 4:
        return HTXSNV
    if member.index < 8:
        return HTTNV
    draw = stable(member.person.personal_code, year) % 100
    if draw < 18:
        return HTXSNV
    if draw < 82:
        return HTTNV
    return HT if draw < 97 or member.excellent_unit else KHT


def cstd_tinh_candidate(member: Member) -> bool:
    """The chair of every fourth association: CSTĐCS three years running and a provincial initiative."""
    return member.index == 0 and member.association_index % 4 == 0


def bang_khen_candidate(member: Member) -> bool:
    """The vice-chair of every third association: CSTĐCS in the two years before."""
    return member.index == 1 and member.association_index % 3 == 0


def initiatives(member: Member, year: int) -> list[dict[str, Any]]:
    """Initiatives recognized in `year`: provincial for a CSTĐ tỉnh candidate, base for CSTĐCS nominees."""
    title = INITIATIVES[stable(member.person.personal_code, "idea", year) % len(INITIATIVES)]
    if cstd_tinh_candidate(member):
        return [
            {
                "title": title,
                "recognized_by": f"Hội đồng Sáng kiến tỉnh {PROVINCE}",
                "recognized_on": date(year, 10, 15),
                "scope": "provincial",
            }
        ]
    if member.index in (2, 3) or (
        rating(member, year) == HTXSNV and stable(member.person.personal_code) % 5 == 0
    ):
        return [
            {
                "title": title,
                "recognized_by": f"Hội đồng Sáng kiến {member.association.name}",
                "recognized_on": date(year, 9, 20),
                "scope": "base",
            }
        ]
    return []


def members_of(profile: AssociationProfile, association_index: int) -> list[Member]:
    """The association's members as planned."""
    return [Member(p, i, profile, association_index) for i, p in enumerate(profile.members)]


def registration_plan(profile: AssociationProfile, index: int) -> dict[str, Any]:
    """The annual registration: the collective, every member and the titles they aim for."""
    aims = ["TTLDXS"] if excellent(index) else ["TTLDTT"]
    people = [
        {
            "personal_code": m.person.personal_code,
            "full_name": m.person.full_name,
            "position": m.person.position,
            "award_type_codes": ["LDTT", "CSTDCS"] if m.index < 4 else ["LDTT"],
        }
        for m in members_of(profile, index)
    ]
    return {
        "collective_name": profile.name,
        "collective_award_codes": aims,
        "individuals": people,
        "targets": ["100% hội viên hoàn thành nhiệm vụ", "Có ít nhất 01 sáng kiến được công nhận"],
        "pledges": ["Đoàn kết, sáng tạo, thi đua xây dựng và bảo vệ Tổ quốc"],
    }


def self_assessment(profile: AssociationProfile, index: int, year: int) -> dict[str, Any]:
    """The year-end self-assessment of the collective and every registered member."""
    members = members_of(profile, index)
    people = [
        {
            "personal_code": m.person.personal_code,
            "task_rating": rating(m, year),
            "initiatives": initiatives(m, year),
            "female": m.person.female,
        }
        for m in members
    ]
    collective = {
        "task_rating": HTXSNV if excellent(index) else HTTNV,
        "member_count": len(members),
        "members_completed_count": sum(1 for p in people if p["task_rating"] != KHT),
        "members_disciplined_count": 0,
        "female_member_count": sum(1 for m in members if m.person.female),
    }
    return {"collective": collective, "individuals": people}


def history_rows(
    profile: AssociationProfile, index: int, association_id: str, year: int
) -> list[dict[str, Any]]:
    """Awards of the three years before `year` (imported once, so consecutive-year rules work)."""
    rows: list[dict[str, Any]] = []
    for past in range(year - 3, year):
        union = {"decision_number": f"{past % 100 + 10}/QĐ-LHH", "decided_on": date(past, 12, 20).isoformat()}
        for m in members_of(profile, index):
            person = {
                "nominee_kind": "individual",
                "personal_code": m.person.personal_code,
                "association_id": association_id,
                "name": m.person.full_name,
                "unit": profile.name,
                "year": past,
                "commendation_type": "cong_trang",
                **union,
            }
            if rating(m, past) in GOOD:
                rows.append(person | {"award_type_code": "LDTT"})
            if _had_cstdcs(m, past):
                rows.append(person | {"award_type_code": "CSTDCS"})
        code = "TTLDXS" if excellent(index) else "TTLDTT"
        number = {"decision_number": f"{past % 100 + 40}/QĐ-UBND"} if code == "TTLDXS" else {}
        rows.append(
            {
                "nominee_kind": "collective",
                "association_id": association_id,
                "name": profile.name,
                "unit": profile.name,
                "award_type_code": code,
                "year": past,
                "commendation_type": "cong_trang",
                **union,
                **number,
            }
        )
    return rows


def _had_cstdcs(member: Member, year: int) -> bool:
    if cstd_tinh_candidate(member) or bang_khen_candidate(member):
        return True
    return rating(member, year) == HTXSNV and stable(member.person.personal_code, "cstdcs", year) % 3 == 0


@dataclass(frozen=True)
class Nomination:
    """One planned nomination; `key` identifies it among the existing ones."""

    association_index: int
    award_type_code: str
    campaign: str  # "annual" or "thematic"
    member: Member | None = None  # None: the collective
    commendation_type: str = "cong_trang"

    @property
    def personal_code(self) -> str | None:
        """The nominee's personal code (None for a collective)."""
        return self.member.person.personal_code if self.member else None


def nominations(profile: AssociationProfile, index: int, *, cluster_leader: bool) -> list[Nomination]:
    """What a registered association nominates: members for LĐTT, CSTĐCS, CSTĐ tỉnh and Bằng khen; its
    collective for TTLĐTT/TTLĐXS (Bằng khen, Cờ thi đua where it qualifies); Giấy khen (thematic)."""
    if not registered(index):
        return []
    planned: list[Nomination] = []
    for m in members_of(profile, index):
        if m.index in (4, 5, 6):
            planned.append(Nomination(index, "LDTT", "annual", m))
        if m.index in (2, 3):
            planned.append(Nomination(index, "CSTDCS", "annual", m))
        if cstd_tinh_candidate(m):
            planned.append(Nomination(index, "CSTD_TINH", "annual", m))
        if bang_khen_candidate(m):
            planned.append(Nomination(index, "BANG_KHEN_TINH", "annual", m))
        if m.index == 7 and in_thematic(index):
            planned.append(Nomination(index, "GIAY_KHEN", "thematic", m, "chuyen_de"))
    planned.append(Nomination(index, "TTLDXS" if excellent(index) else "TTLDTT", "annual"))
    if excellent(index) and index % 6 == 0:
        planned.append(Nomination(index, "BANG_KHEN_TINH", "annual"))
    if cluster_leader:
        planned.append(Nomination(index, "CO_THI_DUA_TINH", "annual"))
    if in_thematic(index):
        planned.append(Nomination(index, "GIAY_KHEN", "thematic", None, "chuyen_de"))
    return planned


def clusters(profiles: list[AssociationProfile]) -> dict[str, list[int]]:
    """Emulation clusters (cụm thi đua) by field: cluster id -> indexes of registered member associations."""
    out: dict[str, list[int]] = {}
    for index, profile in enumerate(profiles):
        if registered(index):
            out.setdefault(f"cum-{ascii_slug(profile.field)}", []).append(index)
    return out


def cluster_leader(members: list[int]) -> int:
    """The ranked leader of a cluster: its first excellent collective, else its first member."""
    return next((i for i in members if excellent(i)), members[0])
