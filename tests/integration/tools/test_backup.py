"""Restore drill against the real MongoDB-wire server: back up, destroy, restore, the same data (state,
outbox, inbox and indexes) comes back, and a restore twice doubles nothing."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from thidua import mongo
from thidua_tools import cli
from thidua_tools.backup import BackupError, backup, restore
from thidua_tools.local_state import write_state

from tests.support.infra import Infra

pytestmark = pytest.mark.integration


async def _contents(client: mongo.Client, name: str) -> dict[str, list[dict[str, object]]]:
    database = client[name]
    return {
        collection: [doc async for doc in database[collection].find({}).sort("_id", 1)]
        for collection in sorted(await database.list_collection_names())
    }


async def test_backup_wipe_restore_gives_back_the_same_data(
    infra: Infra, mongo_client: mongo.Client, unique: str, tmp_path: Path
) -> None:
    databases = {"awards": f"bk_{unique}_a", "notify": f"bk_{unique}_n"}
    awards, notify = mongo_client[databases["awards"]], mongo_client[databases["notify"]]
    moment = datetime(2026, 12, 3, 8, 30, tzinfo=UTC)
    await awards["nominations"].insert_many(
        [{"_id": f"n{i}", "name": f"Nguyễn Văn {i}", "at": moment, "score": i / 2} for i in range(7)]
    )
    await awards["nominations"].create_index([("name", 1)], unique=True, name="by_name")
    await awards["outbox"].insert_one({"_id": "e1", "seq": 1, "status": "pending", "payload": {"x": b"\x00"}})
    await notify["inbox"].insert_one({"_id": "notify:e0", "applied_at": moment})
    try:
        before = {name: await _contents(mongo_client, db) for name, db in databases.items()}
        manifest = await backup(infra.mongo_url, databases, tmp_path / "dump")
        assert manifest["databases"]["awards"]["collections"]["nominations"]["documents"] == 7

        for name in databases.values():  # destroy
            await mongo_client.drop_database(name)
        await notify["inbox"].insert_one({"_id": "notify:after-the-dump"})

        assert await restore(infra.mongo_url, tmp_path / "dump") == {"awards": 8, "notify": 1}
        assert await restore(infra.mongo_url, tmp_path / "dump") == {"awards": 8, "notify": 1}
        after = {name: await _contents(mongo_client, db) for name, db in databases.items()}
        assert after == before
        indexes = [spec async for spec in await awards["nominations"].list_indexes()]
        assert any(spec["name"] == "by_name" and spec.get("unique") for spec in indexes)
    finally:
        for name in databases.values():
            await mongo_client.drop_database(name)


async def test_an_incomplete_backup_is_refused_before_anything_is_dropped(
    infra: Infra, mongo_client: mongo.Client, unique: str, tmp_path: Path
) -> None:
    name = f"bk_{unique}_r"
    await mongo_client[name]["cases"].insert_many([{"_id": 1}, {"_id": 2}])
    try:
        await backup(infra.mongo_url, {"grievance": name}, tmp_path / "dump")
        (tmp_path / "dump" / "grievance" / "cases.jsonl").write_text('{"_id": 1}\n')
        with pytest.raises(BackupError, match="incomplete"):
            await restore(infra.mongo_url, tmp_path / "dump")
        assert await mongo_client[name]["cases"].count_documents({}) == 2
    finally:
        await mongo_client.drop_database(name)


def test_the_commands_back_up_and_refuse_an_unconfirmed_or_live_restore(
    infra: Infra, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MONGODB_URL", infra.mongo_url)
    monkeypatch.setenv("THIDUA_VAR_DIR", str(tmp_path / "var"))
    assert cli.main(["backup", "--out", str(tmp_path / "dump")]) == 0
    assert json.loads((tmp_path / "dump" / "broker-definitions.json").read_text())["queues"]
    assert set(json.loads((tmp_path / "dump" / "manifest.json").read_text())["databases"]) >= {
        "awards",
        "portal",
    }
    assert cli.main(["restore", str(tmp_path / "dump")]) == 1
    assert "Nothing restored" in capsys.readouterr().err
    write_state(tmp_path / "var", mongodb_url=infra.mongo_url, rabbitmq_url="", processes=[], pid=os.getpid())
    assert cli.main(["restore", str(tmp_path / "dump"), "--yes"]) == 1
    assert "stop `thidua up`" in capsys.readouterr().err
