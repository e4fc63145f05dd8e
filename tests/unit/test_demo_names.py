"""The demo province's Vietnamese data: deterministic, NFC, realistic, unique."""

from __future__ import annotations

import random
import unicodedata

from thidua_tools.province import plan
from thidua_tools.province.names import (
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    MALE_GIVEN,
    MALE_MIDDLE,
    PROVINCE_CODE,
    ascii_slug,
    association_code,
    full_name,
    people,
    province,
)


def nfc(text: str) -> bool:
    return unicodedata.normalize("NFC", text) == text


class TestPeople:
    def test_the_same_seed_gives_the_same_people(self) -> None:
        assert people(300, seed=7) == people(300, seed=7)

    def test_another_seed_gives_other_people(self) -> None:
        assert people(50, seed=1) != people(50, seed=2)

    def test_two_thousand_individuals_have_distinct_names_and_codes(self) -> None:
        everyone = people(2000)
        assert len({p.full_name for p in everyone}) == 2000
        assert len({p.personal_code for p in everyone}) == 2000

    def test_names_are_nfc_with_diacritics(self) -> None:
        everyone = people(2000)
        assert all(nfc(p.full_name) and nfc(p.position) for p in everyone)
        assert sum(p.full_name != ascii_slug(p.full_name, " ").title() for p in everyone) > 1500

    def test_names_are_gender_consistent(self) -> None:
        for person in people(500):
            _family, *middle, given = person.full_name.split(" ")
            if person.female:
                assert given in FEMALE_GIVEN and middle[0] in FEMALE_MIDDLE
            else:
                assert given in MALE_GIVEN and " ".join(middle) in MALE_MIDDLE
                assert "Thị" not in middle

    def test_about_half_are_women_and_nguyen_is_the_commonest_family_name(self) -> None:
        everyone = people(2000)
        assert 0.4 < sum(p.female for p in everyone) / 2000 < 0.56
        families = [p.full_name.split(" ")[0] for p in everyone]
        assert max(set(families), key=families.count) == "Nguyễn"

    def test_personal_codes_look_like_citizen_ids_of_the_province(self) -> None:
        for p in people(300):
            assert len(p.personal_code) == 12 and p.personal_code.isdigit()
            assert p.personal_code.startswith(PROVINCE_CODE)
            assert int(p.personal_code[3]) % 2 == int(p.female)
            assert p.personal_code[4:6] == f"{p.birth_year % 100:02d}"

    def test_full_name_draws_from_the_given_generator(self) -> None:
        assert full_name(random.Random(1), female=True) == full_name(random.Random(1), female=True)


class TestProvince:
    def test_the_province_is_deterministic(self) -> None:
        assert province(associations=40, individuals=2000) == province(associations=40, individuals=2000)

    def test_forty_associations_share_two_thousand_members(self) -> None:
        entries = province(associations=40, individuals=2000)
        assert len(entries) == 40 and len({a.code for a in entries}) == 40
        members = [m.personal_code for a in entries for m in a.members]
        assert len(members) == len(set(members)) == 2000
        assert all(a.members for a in entries)

    def test_member_associations_and_collective_members_of_the_union(self) -> None:
        entries = province(associations=40, individuals=400)
        kinds = [a.kind for a in entries]
        assert kinds.count("collective_member") == 4 and kinds.count("member_association") == 36
        assert entries[0].name == "Hội Tin học tỉnh Tây Ninh" and entries[0].code == "HOI-TIN-HOC"
        assert all(nfc(a.name) for a in entries)

    def test_officers_are_leading_members_with_contacts(self) -> None:
        for entry in province(associations=12, individuals=240):
            assert entry.officers and entry.contact_emails
            assert entry.officers[0].position == "Chủ tịch Hội"
            assert entry.officers[0].full_name == entry.members[0].full_name
            assert all(o.email.isascii() and "@" in o.email for o in entry.officers)

    def test_more_associations_than_the_catalogue_get_numbered_branches(self) -> None:
        entries = province(associations=100, individuals=100)
        assert len({a.code for a in entries}) == 100
        assert any("Chi hội số 2" in a.name for a in entries)

    def test_association_codes_are_ascii(self) -> None:
        assert association_code("Hội Đông y tỉnh Tây Ninh") == "HOI-DONG-Y"


class TestPlan:
    """The demo's plan is consistent with the eligibility rules the awards service applies."""

    def test_cstd_tinh_candidates_hold_cstdcs_in_each_of_the_three_prior_years(self) -> None:
        entries = province(associations=12, individuals=240)
        rows = plan.history_rows(entries[0], 0, "assoc-0", 2026)
        chair = entries[0].members[0].personal_code
        years = {
            r["year"] for r in rows if r.get("personal_code") == chair and r["award_type_code"] == "CSTDCS"
        }
        assert years == {2023, 2024, 2025}

    def test_excellent_collectives_have_every_member_completing_their_tasks(self) -> None:
        entries = province(associations=12, individuals=600)
        for index in (0, 3, 6, 9):
            facts = plan.self_assessment(entries[index], index, 2026)["collective"]
            assert facts["task_rating"] == plan.HTXSNV
            assert facts["members_completed_count"] == facts["member_count"]

    def test_registered_associations_nominate_several_titles_and_the_others_none(self) -> None:
        entries = province(associations=40, individuals=2000)
        codes = {
            n.award_type_code
            for i, e in enumerate(entries)
            for n in plan.nominations(e, i, cluster_leader=False)
        }
        assert {"LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "BANG_KHEN_TINH", "GIAY_KHEN"} <= codes
        assert plan.nominations(entries[9], 9, cluster_leader=True) == []

    def test_every_registered_association_is_in_one_cluster_with_a_leader(self) -> None:
        clusters = plan.clusters(province(associations=40, individuals=400))
        members = [i for indexes in clusters.values() for i in indexes]
        assert sorted(members) == [i for i in range(40) if plan.registered(i)]
        assert all(plan.cluster_leader(indexes) in indexes for indexes in clusters.values())
