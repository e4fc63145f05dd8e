"""Who may publish what: the consumer's rule, the broker users' regular expressions, user_id from a URL."""

from __future__ import annotations

import re

from thidua.contracts.registry import owner_of, types_owned_by
from thidua.messaging import amqp, network
from thidua.messaging.permissions import broker_users, password_variable
from thidua.messaging.publishers import PublisherCheck

TOPOLOGY = network.build(exchange="thidua.events", retry_delays_s=[1], delivery_limit=20)


class TestPublisherCheck:
    def test_the_owner_publishing_under_its_own_user_passes_both_rules(self) -> None:
        for check in (PublisherCheck(), PublisherCheck(strict=True)):
            assert (
                check.problem(
                    event_type="award.decided", producer="awards", owner="awards", user="thidua-awards"
                )
                is None
            )

    def test_another_producer_in_the_envelope_is_refused(self) -> None:
        problem = PublisherCheck().problem(
            event_type="award.decided", producer="notify", owner="awards", user=None
        )
        assert problem is not None and problem.startswith("wrong producer")

    def test_another_services_user_is_refused_even_locally(self) -> None:
        problem = PublisherCheck().problem(
            event_type="award.decided", producer="awards", owner="awards", user="thidua-notify"
        )
        assert problem is not None and problem.startswith("wrong publisher")

    def test_locally_a_shared_user_proves_nothing_and_only_the_producer_counts(self) -> None:
        assert (
            PublisherCheck().problem(
                event_type="award.decided", producer="awards", owner="awards", user="guest"
            )
            is None
        )

    def test_a_strict_consumer_needs_the_owners_verified_user(self) -> None:
        strict = PublisherCheck.for_broker_user("thidua-grievance")
        assert strict.strict
        for user in (None, "guest"):
            problem = strict.problem(event_type="award.decided", producer="awards", owner="awards", user=user)
            assert problem is not None and problem.startswith("unverified publisher")
        assert not PublisherCheck.for_broker_user("guest").strict


class TestBrokerUsers:
    def test_topic_permissions_follow_the_registry_and_the_subscriptions(self) -> None:
        users = {u.name: u for u in broker_users(TOPOLOGY, {s: types_owned_by(s) for s in network.SERVICES})}
        notify = users["thidua-notify"]
        assert re.fullmatch(notify.topic_write, "notification.delivered")
        assert not re.fullmatch(notify.topic_write, "award.decided")
        assert re.fullmatch(notify.topic_read, "award.decided")
        assert users["thidua-registration"].read == "^$"
        assert owner_of("registration.submitted") == "registration"
        assert "impersonator" in users["thidua-admin"].tags

    def test_each_password_has_its_own_variable(self) -> None:
        assert password_variable("thidua-awards") == "THIDUA_RABBITMQ_AWARDS_PASSWORD"


def test_the_broker_user_is_read_from_the_url() -> None:
    assert amqp.user_of("amqp://thidua-awards:pw@rabbitmq:5672/") == "thidua-awards"
    assert amqp.user_of("amqp://us%40er:pw@h/") == "us@er"
    assert amqp.user_of("amqp://h/") is None
