"""Settings refuse unsafe secrets outside dev; the log processor redacts confidential fields."""

from __future__ import annotations

import contextvars
import json
import logging
from collections.abc import Iterator

import pytest
import structlog
from pydantic import ValidationError
from thidua.logging import (
    REDACTED,
    Confidential,
    bound,
    configure_logging,
    hold_confidential,
    mark_confidential,
    redact_confidential,
)
from thidua.settings import DEV_JWT_SECRET, OperatorSettings, ServiceSettings, SettingsError

ISSUED = {"jwt_issuer": "https://idp.example", "jwt_audience": "thidua"}


class TestSecrets:
    def test_dev_accepts_the_development_secret(self) -> None:
        assert ServiceSettings(env="dev").jwt_secret.get_secret_value() == DEV_JWT_SECRET

    def test_a_service_never_runs_as_dev_by_omission(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("THIDUA_ENV", raising=False)
        with pytest.raises(ValidationError) as caught:
            ServiceSettings()  # type: ignore[call-arg]
        assert [e["loc"] for e in caught.value.errors()] == [("env",)]

    def test_the_operator_command_line_acts_on_the_local_dev_system(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("THIDUA_ENV", raising=False)
        assert OperatorSettings().env == "dev"
        monkeypatch.setenv("THIDUA_ENV", "prod")
        with pytest.raises(SettingsError):
            OperatorSettings()  # prod rules apply in a prod shell: no placeholder secret

    @pytest.mark.parametrize("env", ["test", "prod"])
    def test_outside_dev_the_placeholder_secret_stops_the_start(self, env: str) -> None:
        with pytest.raises(SettingsError, match="THIDUA_JWT_SECRET"):
            ServiceSettings(env=env, **ISSUED)  # type: ignore[arg-type]

    def test_outside_dev_a_short_secret_is_refused(self) -> None:
        with pytest.raises(SettingsError, match="32 characters"):
            ServiceSettings(env="prod", jwt_secret="short-but-not-a-placeholder", **ISSUED)  # type: ignore[arg-type]

    def test_outside_dev_a_jwks_url_is_enough(self) -> None:
        settings = ServiceSettings(env="prod", jwt_jwks_url="https://idp.example/jwks.json", **ISSUED)
        assert settings.jwt_jwks_url

    @pytest.mark.parametrize("missing", ["jwt_issuer", "jwt_audience"])
    def test_outside_dev_the_issuer_and_audience_are_required(self, missing: str) -> None:
        values = {"env": "prod", "jwt_secret": "s" * 40, **ISSUED}
        del values[missing]
        with pytest.raises(SettingsError, match="THIDUA_JWT_ISSUER and THIDUA_JWT_AUDIENCE"):
            ServiceSettings(**values)  # type: ignore[arg-type]

    def test_environment_variables_use_the_public_names(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("MONGODB_URL", "mongodb://db.example:27017/?replicaSet=rs0")
        monkeypatch.setenv("RABBITMQ_URL", "amqp://u:p@mq.example:5672/")
        monkeypatch.setenv("THIDUA_JWT_SECRET", "s" * 40)
        monkeypatch.setenv("THIDUA_ENV", "prod")
        monkeypatch.setenv("THIDUA_JWT_ISSUER", "https://idp.example")
        monkeypatch.setenv("THIDUA_JWT_AUDIENCE", "thidua")
        monkeypatch.setenv("THIDUA_CONSUMER_RETRY_DELAYS_S", "[1, 5]")
        settings = ServiceSettings(service_name="awards")
        assert settings.mongodb_url.startswith("mongodb://db.example")
        assert settings.rabbitmq_url.startswith("amqp://u:p@mq.example")
        assert settings.consumer_retry_delays_s == [1.0, 5.0]
        assert settings.database_name == "thidua_awards"


@pytest.fixture(autouse=True)
def _reset_structlog() -> Iterator[None]:
    """configure_logging binds to this test's captured stderr; later tests must not log into it."""
    yield
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


class TestRedaction:
    def test_confidential_keys_are_redacted_at_any_depth(self) -> None:
        event = {"event": "x", "password": "p", "case": {"denouncer": {"name": "Nguyễn Văn A"}, "id": "g1"}}
        out = redact_confidential(None, "info", event)
        assert out["password"] == REDACTED
        assert out["case"] == {"denouncer": REDACTED, "id": "g1"}

    def test_confidential_values_are_redacted_under_any_key(self) -> None:
        out = redact_confidential(None, "info", {"event": "x", "note": Confidential("secret address")})
        assert out["note"] == REDACTED

    def test_services_can_mark_more_fields(self) -> None:
        mark_confidential("personal_code")
        out = redact_confidential(None, "info", {"event": "x", "items": [{"personal_code": "0123"}]})
        assert out["items"] == [{"personal_code": REDACTED}]

    def test_json_lines_carry_the_service_and_no_secret(self, capsys: pytest.CaptureFixture[str]) -> None:
        configure_logging(service="awards", fmt="json")
        with structlog.contextvars.bound_contextvars(correlation_id="c-1"):
            structlog.get_logger().info("award.decided", authorization="Bearer abc", award_id="a1")
        line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert line["service"] == "awards"
        assert line["correlation_id"] == "c-1"
        assert line["authorization"] == REDACTED
        assert "abc" not in json.dumps(line)


class TestExceptionRedaction:
    def test_a_logged_exception_shows_no_e_mail_phone_id_or_rejected_input(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        configure_logging(service="grievance", fmt="json")
        try:
            raise ValueError(
                "bad filer kin@example.vn +84 912 345 678 CCCD 079123456789 input_value='Trần Kín'"
            )
        except ValueError:
            structlog.get_logger().exception("grievance.failed")
        text = capsys.readouterr().err
        assert "grievance.failed" in text and "ValueError" in text
        for leaked in ("kin@example.vn", "912 345 678", "079123456789", "Trần Kín"):
            assert leaked not in text

    def test_values_held_in_this_context_are_scrubbed_too(self, capsys: pytest.CaptureFixture[str]) -> None:
        configure_logging(service="grievance", fmt="json")

        def opened() -> None:
            hold_confidential("Phạm Văn Bí Mật")
            try:
                raise KeyError("Phạm Văn Bí Mật")
            except KeyError as exc:
                structlog.get_logger().error("grievance.failed", error=repr(exc))

        contextvars.copy_context().run(opened)
        assert "Bí Mật" not in capsys.readouterr().err

    def test_the_stdlib_side_is_scrubbed(self, capsys: pytest.CaptureFixture[str]) -> None:
        root = logging.getLogger()
        saved = root.handlers[:]
        root.handlers.clear()  # as in a service process: configure_logging installs the handler
        try:
            configure_logging(service="grievance", fmt="json")
            try:
                raise RuntimeError("to.cao@example.vn")
            except RuntimeError:
                logging.getLogger("thidua.tests.stdlib").exception(
                    "Exception in ASGI application"
                )  # as uvicorn with log_config=None
        finally:
            root.handlers[:] = saved
        text = capsys.readouterr().err
        assert "Exception in ASGI application" in text and "RuntimeError" in text
        assert "to.cao@example.vn" not in text

    def test_every_stdlib_line_is_one_json_object_with_the_context(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        root, server = logging.getLogger(), logging.getLogger("uvicorn.error")
        saved, level, server_level = root.handlers[:], root.level, server.level
        try:
            configure_logging(service="awards", fmt="json")
            server.setLevel(logging.INFO)  # another test in this process may have raised it
            with bound(correlation_id="c-1", trace_id="t-1"):
                logging.getLogger("uvicorn.error").info("Started server process [%d]", 42)
                logging.getLogger("pymongo.serverSelection").warning("no server at %s", "0.vn@example.vn")
                try:
                    raise ValueError("boom")
                except ValueError:
                    logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
        finally:
            root.handlers[:] = saved
            root.setLevel(level)
            server.setLevel(server_level)
        lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
        assert [line["event"] for line in lines][:1] == ["Started server process [42]"]
        assert len(lines) == 3
        assert all(line["service"] == "awards" and line["correlation_id"] == "c-1" for line in lines)
        assert all(line["trace_id"] == "t-1" and "timestamp" in line for line in lines)
        assert lines[0]["logger"] == "uvicorn.error" and lines[0]["level"] == "info"
        assert "0.vn@example.vn" not in lines[1]["event"]
        assert "ValueError: boom" in lines[2]["exception"]
