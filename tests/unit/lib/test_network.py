"""The network's topology as data: names, bindings, the worker's share of it."""

from __future__ import annotations

import json

import pytest
from thidua.messaging import network
from thidua.runtime import ServiceSpec, worker_topology
from thidua.settings import ServiceSettings
from thidua.worker import Subscription

SUBS = {"awards": {"awards": ["registration.submitted"]}, "notify": {"notify": ["award.decided"]}}


def build(**kw: object) -> network.Topology:
    return network.build(exchange="x", retry_delays_s=[1, 10], delivery_limit=20, **kw)  # type: ignore[arg-type]


class TestBuild:
    def test_each_consumer_has_its_queues_and_the_board_reads_award_events(self) -> None:
        topo = build(subscriptions=SUBS)
        [awards, notify] = topo.consumers
        assert (awards.names.main, awards.routing_keys) == ("awards.awards", ("registration.submitted",))
        assert awards.names.retries == ["awards.awards.retry.1s", "awards.awards.retry.10s"]
        assert awards.names.redelivery == "awards.redelivery"
        assert notify.names.dlq == "notify.notify.dlq"
        assert [(r.name, r.routing_keys) for r in topo.readers] == [("board.awards", ("award.#",))]
        assert topo.unrouted == "x.unrouted"
        assert topo.exchanges() == ["x", "x.unrouted", "awards.redelivery", "notify.redelivery"]
        assert "x.unrouted" in topo.queues() and "board.awards" in topo.queues()

    def test_a_renamed_network_names_every_queue_the_same_way(self) -> None:
        names = network.name_pattern("awards", "bench1a2bawards")
        assert names is not None and names["notify"] == "bench1a2bnotify"
        topo = build(subscriptions=SUBS, names=names)
        assert [c.names.main for c in topo.consumers] == ["bench1a2bawards.awards", "bench1a2bnotify.notify"]
        assert topo.readers[0].name == "bench1a2bboard.awards"
        assert network.name_pattern("awards", "svc123") is None

    def test_the_packaged_map_covers_the_consuming_services(self) -> None:
        assert set(network.packaged_subscriptions()) == {"awards", "grievance", "notify"}

    def test_describe_and_text_name_every_queue(self) -> None:
        topo = build(subscriptions=SUBS)
        described = network.describe(topo)
        assert described["exchange"]["alternate_exchange"] == "x.unrouted"
        assert [c["queue"] for c in described["consumers"]] == ["awards.awards", "notify.notify"]
        text = network.render_text(topo)
        assert all(
            name in text for name in ("awards.awards", "notify.notify.dlq", "board.awards", "x.unrouted")
        )


class TestWorkerTopology:
    def spec(self) -> ServiceSpec:
        return ServiceSpec(name="awards", title="t", version="0", load_settings=ServiceSettings)

    def test_a_worker_under_its_own_name_applies_the_whole_network_with_its_live_subscriptions(self) -> None:
        settings = ServiceSettings(service_name="awards", env="dev")
        live = [Subscription(consumer="awards", handlers={"campaign.launched": None})]  # type: ignore[dict-item]
        topo = worker_topology(self.spec(), settings, live)
        assert topo is not None
        by_service = {c.service: c for c in topo.consumers}
        assert set(by_service) == {"awards", "grievance", "notify"}
        assert by_service["awards"].routing_keys == ("campaign.launched",)
        assert topo.readers

    def test_a_renamed_worker_applies_the_exchange_and_its_own_queues_only(self) -> None:
        settings = ServiceSettings(service_name="awards1a2b", env="dev")
        live = [Subscription(consumer="awards", handlers={"campaign.launched": None})]  # type: ignore[dict-item]
        topo = worker_topology(self.spec(), settings, live)
        assert [c.names.main for c in topo.consumers] == ["awards1a2b.awards"]
        assert topo.readers == () and topo.unrouted == "thidua.events.unrouted"


class TestCommand:
    def test_topology_show_prints_every_queue_as_json(self, capsys: pytest.CaptureFixture[str]) -> None:
        from thidua_tools.cli import main

        assert main(["topology", "show", "--json"]) == 0
        shown = json.loads(capsys.readouterr().out)
        assert {c["queue"] for c in shown["consumers"]} == {
            "awards.awards",
            "grievance.grievance",
            "notify.notify",
        }
        assert shown["readers"] == [{"reader": "board", "queue": "board.awards", "bindings": ["award.#"]}]
