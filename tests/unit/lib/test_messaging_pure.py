"""Pure parts of messaging: queue names, outbox rows, sequence order, header parsing, launcher plan."""

from __future__ import annotations

import json

from thidua.contracts.base import Envelope, EventData
from thidua.messaging import outbox
from thidua.messaging.inbox import inbox_key
from thidua.messaging.redelivery import header_int
from thidua.messaging.topology import queue_names
from thidua_tools.launcher import plan, rabbitmq_help


class Sample(EventData):
    event_type = "sample.happened"
    producer = "tests"
    value: int


class TestQueueNames:
    def test_names_follow_service_and_consumer_and_encode_each_delay(self) -> None:
        names = queue_names(service="awards", consumer="registration-facts", delays_s=[1, 10, 60, 0.5])
        assert names.main == "awards.registration-facts"
        assert names.dlq == "awards.registration-facts.dlq"
        assert names.retries == [
            "awards.registration-facts.retry.1s",
            "awards.registration-facts.retry.10s",
            "awards.registration-facts.retry.60s",
            "awards.registration-facts.retry.500ms",
        ]


class TestOutboxRows:
    def test_a_row_is_keyed_by_event_id_and_keeps_the_exact_body(self) -> None:
        envelope = Envelope.wrap(Sample(value=3), subject="s-1", correlation_id="c-9")
        row = outbox.to_document(envelope, seq=7)
        assert row["_id"] == envelope.id
        assert (row["type"], row["subject"], row["status"], row["attempts"]) == (
            "sample.happened",
            "s-1",
            "pending",
            0,
        )
        assert json.loads(row["body"])["data"] == {"value": 3}
        assert Envelope.model_validate_json(row["body"]) == envelope

    def test_a_row_carries_the_sequence_number_it_was_given(self) -> None:
        envelope = Envelope.wrap(Sample(value=3), subject="s-1")
        assert outbox.to_document(envelope, seq=42)["seq"] == 42


class TestHeaders:
    def test_attempt_headers_parse_leniently(self) -> None:
        assert header_int({"x": 3}, "x") == 3
        assert header_int({"x": "4"}, "x") == 4
        assert header_int({"x": b"junk"}, "x") == 0
        assert header_int(None, "x") == 0

    def test_inbox_keys_are_per_consumer(self) -> None:
        assert inbox_key("a", "e1") != inbox_key("b", "e1")


class TestLauncher:
    def test_plan_has_an_api_and_a_worker_per_service_on_the_public_ports(self) -> None:
        ports = {p.label: p.port for p in plan()}
        assert ports["registration-api"] == 8001
        assert ports["notify-api"] == 8004
        assert ports["awards-worker"] == 9002
        assert len(ports) == 8

    def test_plan_gives_each_worker_replica_its_own_health_port(self) -> None:
        ports = {p.label: p.port for p in plan({"awards": 18002}, worker_replicas=2)}
        assert ports["awards-api"] == 18002
        assert (ports["awards-worker"], ports["awards-worker-2"]) == (19002, 19102)
        assert ports["notify-worker-2"] == 9104
        assert len(ports) == 12 and len(set(ports.values())) == 12

    def test_a_missing_broker_is_explained_with_how_to_start_one(self) -> None:
        text = rabbitmq_help("amqp://guest:guest@127.0.0.1:5672/", ConnectionRefusedError())
        assert "rabbitmq-server -detached" in text
        assert "RABBITMQ_URL" in text


class TestRelayWaves:
    def test_wave_k_holds_the_kth_entry_of_each_subject_in_seq_order(self) -> None:
        from thidua.messaging.relay import waves

        entries = [{"_id": i, "subject": s} for i, s in enumerate("aabacb")]
        assert [[e["_id"] for e in wave] for wave in waves(entries)] == [[0, 2, 4], [1, 5], [3]]

    def test_no_publish_waits_longer_than_a_third_of_the_lease(self) -> None:
        from thidua.messaging.relay import RelayConfig

        assert RelayConfig(lease_ttl_s=9).publish_timeout_s == 3
