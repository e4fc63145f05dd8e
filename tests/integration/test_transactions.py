"""Transactions against the real MongoDB-wire server when the network fails at the worst moment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import pytest
from thidua import mongo

from tests.support import ledger
from tests.support.infra import Infra
from tests.support.wire_proxy import WireProxy, command_name

pytestmark = pytest.mark.integration


@pytest.fixture
async def proxy(infra: Infra) -> AsyncIterator[WireProxy]:
    port = urlsplit(infra.mongo_url).port
    assert port is not None
    running = WireProxy(upstream_port=port)
    await running.start()
    try:
        yield running
    finally:
        await running.stop()


async def test_a_lost_commit_reply_retries_the_commit_only_so_minted_ids_are_not_minted_twice(
    proxy: WireProxy, unique: str, mongo_client: mongo.Client
) -> None:
    client = mongo.connect(proxy.url())
    database = client[f"t_{unique}_commit"]
    try:
        uows = ledger.factory(client, database)
        # The commit's reply is lost twice: the driver's own single retry of the command fails as well, so
        # the commit result is unknown to the unit of work.
        proxy.arm("commitTransaction", times=2)
        await ledger.record(uows, account="a", amount=5, n=1)
        assert proxy.lost == ["commitTransaction", "commitTransaction"]  # the fault really happened
        entries = await database["entries"].find({}).to_list(None)
        outbox_rows = await database["outbox"].find({}).to_list(None)
        assert len(entries) == 1, "the unit of work ran again and minted a second entry"
        assert len(outbox_rows) == 1, "the unit of work ran again and emitted a second event"
    finally:
        await mongo.close(client)
        await mongo_client.drop_database(f"t_{unique}_commit")


async def test_a_write_conflict_reruns_the_whole_unit_of_work_and_leaves_one_result(
    unique: str, mongo_client: mongo.Client
) -> None:
    database = mongo_client[f"t_{unique}_conflict"]
    await database["counters"].insert_one({"_id": "c", "n": 0})
    uows = ledger.factory(mongo_client, database)
    runs = 0

    async def bump(uow: ledger.UnitOfWork) -> None:
        nonlocal runs
        runs += 1
        await uow.database["counters"].find_one({"_id": "c"}, session=uow.session)  # the snapshot is taken
        if runs == 1:  # another writer changes the document after the snapshot, before this one writes
            await mongo_client[database.name]["counters"].update_one({"_id": "c"}, {"$inc": {"n": 100}})
        await uow.database["counters"].update_one({"_id": "c"}, {"$inc": {"n": 1}}, session=uow.session)

    try:
        await uows.run(bump)
        assert runs >= 2
        doc = await database["counters"].find_one({"_id": "c"})
        assert doc is not None and doc["n"] == 101
    finally:
        await mongo_client.drop_database(database.name)


def test_the_proxy_reads_the_command_name_of_an_op_msg() -> None:
    element = b"\x10commitTransaction\x00" + (1).to_bytes(4, "little")
    bson = (4 + len(element) + 1).to_bytes(4, "little") + element + b"\x00"
    payload = (0).to_bytes(4, "little") + b"\x00" + bson  # flagBits, section kind 0, body
    header = (16 + len(payload)).to_bytes(4, "little") + (7).to_bytes(4, "little") + (0).to_bytes(4, "little")
    assert command_name(header + (2013).to_bytes(4, "little") + payload) == "commitTransaction"
    assert command_name(header + (2012).to_bytes(4, "little") + payload) is None  # not an OP_MSG
