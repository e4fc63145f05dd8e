"""DOMAIN §12 rule 11: Cờ thi đua tỉnh only for the leader of a province-organized cluster, once a year."""

from __future__ import annotations

from awards import catalogue
from awards.eligibility import ClusterFacts
from awards.eligibility.rules import rule

from tests.unit.awards.builders import collective, outcome, report

CODE = "co_tinh_cluster_leader"


def _cluster(**changes: object) -> ClusterFacts:
    base: dict[str, object] = {"cluster_id": "khoi-hoi", "organized_by_province": True, "leader": True}
    return ClusterFacts(**(base | changes))  # type: ignore[arg-type]


class TestBn86Dieu3K1L22Dieu26ClusterLeader:
    def test_the_rule_is_data_with_its_source_and_dates(self) -> None:
        r = rule(CODE)
        assert (r.number, r.params["per_cluster_per_year"]) == (11, 1)
        assert r.source == "BN86 Điều 3 k1; L22 Điều 26"
        assert r.effective_from.isoformat() == "2024-01-01" and r.effective_to is None

    def test_the_ranked_leader_of_a_province_cluster_passes(self) -> None:
        rep = report(catalogue.CO_TINH, collective(cluster=_cluster()))
        assert outcome(rep, CODE) == "passed"
        assert not rep.failed and not rep.missing

    def test_no_cluster_on_record_is_missing_evidence(self) -> None:
        rep = report(catalogue.CO_TINH, collective())
        assert outcome(rep, CODE) == "missing_evidence"
        assert not rep.failed

    def test_an_unknown_leader_is_missing_evidence(self) -> None:
        assert outcome(report(catalogue.CO_TINH, collective(cluster=_cluster(leader=None))), CODE) == (
            "missing_evidence"
        )

    def test_a_collective_not_ranked_leader_fails(self) -> None:
        rep = report(catalogue.CO_TINH, collective(cluster=_cluster(leader=False)))
        assert [c.code for c in rep.failed] == [CODE]
        assert rep.failed[0].source == "BN86 Điều 3 k1; L22 Điều 26"

    def test_a_cluster_not_organized_by_the_province_fails(self) -> None:
        rep = report(catalogue.CO_TINH, collective(cluster=_cluster(organized_by_province=False)))
        assert outcome(rep, CODE) == "failed"

    def test_another_collective_of_the_cluster_already_holding_it_fails_once_per_year(self) -> None:
        cluster = _cluster(leader=None, other_holder="awarded to hoi-hoa-hoc (a-1)")
        rep = report(catalogue.CO_TINH, collective(cluster=cluster))
        assert outcome(rep, CODE) == "failed"
        assert "hoi-hoa-hoc" in rep.failed[0].detail

    def test_other_collective_titles_do_not_check_the_cluster(self) -> None:
        rep = report(catalogue.TTLDXS, collective())
        assert all(c.code != CODE for c in rep.criteria)
