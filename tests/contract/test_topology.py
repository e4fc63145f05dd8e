"""The subscription map shipped with the library is the one the services declare."""

from __future__ import annotations

from thidua.messaging import network


def test_the_packaged_subscriptions_are_what_the_services_subscribe_to() -> None:
    live = network.subscriptions_of_services()
    assert network.packaged_subscriptions() == live, (
        "regenerate it: uv run thidua topology subscriptions > "
        "libs/thidua/src/thidua/messaging/subscriptions.json"
    )
