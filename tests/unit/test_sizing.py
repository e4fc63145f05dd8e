"""The sizing sheet (bench/sizing.py): pure arithmetic, no I/O."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from bench import sizing
from bench.sizing import (
    CONSUMING,
    PROVINCES_VN,
    SERVICES,
    Measured,
    Policy,
    Workload,
    default_measured,
    parse_figures,
    replicas_for,
    size,
)


def _slow(factor: float = 1.0) -> Measured:
    """Figures so small that the default workload needs more than the minimum of replicas."""
    return Measured(
        api_rps=dict.fromkeys(SERVICES, 1e-4 * factor),
        worker_eps=dict.fromkeys(CONSUMING, 1e-4 * factor),
        relay_eps=80.0,
    )


def test_minimum_is_two_replicas_for_high_availability() -> None:
    assert Policy().min_replicas == 2
    assert replicas_for(0.0, 100.0) == 2
    sheet = size(default_measured())
    for service in sheet.services:
        assert service.api_replicas >= 2
        assert service.worker_replicas >= 2


def test_replicas_cover_the_load_with_headroom() -> None:
    assert replicas_for(1000.0, 100.0, headroom=0.0) == 10
    assert replicas_for(1000.0, 100.0, headroom=0.3) == 13
    assert replicas_for(1001.0, 100.0, headroom=0.0) == 11
    assert replicas_for(50.0, 100.0, headroom=0.3, minimum=1) == 1


@pytest.mark.parametrize("load", [500.0, 1200.0, 3700.0])
def test_doubling_the_load_doubles_replicas_beyond_the_minimum(load: float) -> None:
    one, two = replicas_for(load, 100.0, headroom=0.0), replicas_for(2 * load, 100.0, headroom=0.0)
    assert one > 2
    assert two == 2 * one


def test_doubling_the_provinces_doubles_the_sheet_beyond_the_minimum() -> None:
    measured, steady = _slow(), Policy(drain_target_s=1e12)  # steady load only, not the decision burst
    one, two = size(measured, provinces=10, policy=steady), size(measured, provinces=20, policy=steady)
    for a, b in zip(one.services, two.services, strict=True):
        assert b.api_peak_rps == pytest.approx(2 * a.api_peak_rps)
        assert a.api_replicas > 2
        # ceil() may round the single load up by one: 2n-1 <= replicas(2L) <= 2n
        assert 2 * a.api_replicas - 1 <= b.api_replicas <= 2 * a.api_replicas
        if a.service in CONSUMING and a.worker_peak_eps > 0:
            assert a.worker_replicas > 2
            assert 2 * a.worker_replicas - 1 <= b.worker_replicas <= 2 * a.worker_replicas


def test_faster_replicas_need_fewer() -> None:
    slow, fast = size(_slow(1.0), provinces=34), size(_slow(4.0), provinces=34)
    for a, b in zip(slow.services, fast.services, strict=True):
        assert b.api_replicas <= a.api_replicas


def test_all_provinces_store_at_least_34_times_one_province() -> None:
    one = size(default_measured(), provinces=1)
    all_ = size(default_measured(), provinces=PROVINCES_VN)
    assert PROVINCES_VN == 34
    assert all_.mongo.data_bytes_per_year >= 34 * one.mongo.data_bytes_per_year * (1 - 1e-12)
    assert all_.mongo.files_bytes_per_year >= 34 * one.mongo.files_bytes_per_year * (1 - 1e-12)
    assert all_.mongo.disk_total >= 34 * one.mongo.disk_total * (1 - 1e-12)
    assert all_.mongo.disk_total == pytest.approx(3 * all_.mongo.disk_per_member)


def test_storage_grows_with_the_workload() -> None:
    base = size(default_measured(), Workload())
    bigger = size(default_measured(), replace(Workload(), member_associations=80, nominations_per_year=1280))
    assert bigger.mongo.data_bytes_per_year > base.mongo.data_bytes_per_year
    assert bigger.service("registration").files_bytes_per_year == pytest.approx(
        2 * base.service("registration").files_bytes_per_year
    )


@pytest.mark.parametrize("bad", [0.0, -5.0, math.nan, math.inf])
def test_rejects_non_positive_throughput(bad: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        replicas_for(10.0, bad)
    with pytest.raises(ValueError, match=r"registration=.*positive"):
        Measured(
            api_rps={**default_measured().api_rps, "registration": bad},
            worker_eps=default_measured().worker_eps,
            relay_eps=80.0,
        )
    with pytest.raises(ValueError, match=r"relay.*positive"):
        replace(default_measured(), relay_eps=bad)


def test_rejects_a_missing_figure_by_name() -> None:
    with pytest.raises(ValueError, match="'notify'"):
        Measured(
            api_rps=default_measured().api_rps, worker_eps={"awards": 1.0, "grievance": 1.0}, relay_eps=1.0
        )


def test_relay_is_not_scaled_by_worker_replicas() -> None:
    sheet = size(default_measured(), provinces=PROVINCES_VN)
    awards = sheet.service("awards")
    assert awards.relay_utilisation == pytest.approx(awards.relay_peak_eps / 80.0)
    # a burst of N decisions x 500 award.decided goes through the one active awards relay
    assert sheet.relay_decision_s == pytest.approx(sheet.burst_awardees / 80.0)
    assert sheet.decisions_at_once == math.ceil(34 * Workload().simultaneous_decisions_share)


def test_a_decision_burst_buys_workers_when_the_drain_target_is_short() -> None:
    relaxed = size(default_measured(), policy=Policy(drain_target_s=600.0))
    hurried = size(default_measured(), policy=Policy(drain_target_s=1.0))
    notify_relaxed, notify_hurried = relaxed.service("notify"), hurried.service("notify")
    assert notify_relaxed.worker_replicas == 2
    # 500 award.decided in 1 s at 38 msg/s per replica
    assert notify_hurried.worker_replicas == math.ceil(500 / 38)
    assert notify_hurried.burst_drain_s <= 1.0


def test_registration_worker_is_relay_only() -> None:
    registration = size(default_measured()).service("registration")
    assert registration.worker_peak_eps == 0
    assert registration.worker_replicas == 2  # one active relay, one standby


def test_policy_and_provinces_are_checked() -> None:
    with pytest.raises(ValueError, match="peak_factor"):
        Policy(peak_factor=0.5)
    with pytest.raises(ValueError, match="min_replicas"):
        Policy(min_replicas=0)
    with pytest.raises(ValueError, match="provinces"):
        size(default_measured(), provinces=0)


def test_parse_figures() -> None:
    assert parse_figures(["registration=120", "awards=150.5"], what="--api-rps") == {
        "registration": 120.0,
        "awards": 150.5,
    }
    with pytest.raises(ValueError, match="<service>=<number>"):
        parse_figures(["registration:120"], what="--api-rps")
    with pytest.raises(ValueError, match="<service>=<number>"):
        parse_figures(["payments=3"], what="--api-rps")
    with pytest.raises(ValueError, match="not <service>=<number>"):
        parse_figures(["awards=fast"], what="--api-rps")


def test_main_prints_a_markdown_sheet(capsys: pytest.CaptureFixture[str]) -> None:
    assert sizing.main(["--api-rps", "registration=240", "--worker-eps", "notify=76"]) == 0
    out = capsys.readouterr().out
    assert "### one province" in out
    assert "### 34 provinces, one shared cluster" in out
    assert "API registration 240 req/s" in out
    assert "worker notify 76 msg/s" in out
    assert "with figures from the command line" in out
    assert out.count("| registration |") == 2


def test_main_rejects_non_positive_figures(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        sizing.main(["--worker-eps", "awards=0"])
    assert exit_info.value.code == 2
    assert "must be a positive number" in capsys.readouterr().err


def test_a_slow_relay_is_a_warning_not_more_replicas() -> None:
    slow_relay = replace(default_measured(), relay_eps=0.5)
    sheet = size(slow_relay, provinces=PROVINCES_VN)
    assert any(w.startswith("notify: the relay needs") for w in sheet.warnings)
    assert (
        sheet.service("notify").worker_replicas
        == size(default_measured(), provinces=34).service("notify").worker_replicas
    )
    assert size(default_measured()).warnings == ()
