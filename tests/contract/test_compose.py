"""docker-compose.yml and deploy/ match the process model; read as files, no Docker engine needed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
DEFINITIONS = ROOT / "deploy" / "rabbitmq" / "definitions.json"

# service -> (API port, worker metrics port), from the README's table of services and the process model.
PORTS = {
    "registration": (8001, 9001),
    "awards": (8002, 9002),
    "grievance": (8003, 9003),
    "notify": (8004, 9004),
}
APP_CONTAINERS = [f"{service}-{role}" for service in PORTS for role in ("api", "worker")]
PORTAL_CONTAINERS = ["portal-api"]  # the web application: one process, no worker
INFRA_CONTAINERS = ["mongo", "rabbitmq", "mailcatcher", "keycloak"]

_DEFAULTED = re.compile(r"^\$\{(?P<name>\w+):?-(?P<default>[^}]*)\}$")
_REQUIRED = re.compile(r"\$\{(?P<name>\w+):?\?[^}]*\}")


def resolve(value: object) -> str:
    """The value Compose uses when the variable is unset: `${NAME:-default}` -> `default`; a required
    `${NAME:?message}` (Compose refuses to start without it) -> `required-name`."""
    text = str(value)
    match = _DEFAULTED.match(text)
    return match["default"] if match else _REQUIRED.sub(lambda m: f"required-{m['name'].lower()}", text)


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, heredoc bodies kept with their RUN."""
    instructions: list[tuple[str, str]] = []
    lines = iter(DOCKERFILE.read_text(encoding="utf-8").splitlines())
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        text = line
        while text.endswith("\\"):
            text = text[:-1] + " " + next(lines).strip()
        heredoc = re.search(r"<<-?'?(\w+)'?", text)
        if heredoc:
            body = []
            for body_line in lines:
                if body_line.strip() == heredoc[1]:
                    break
                body.append(body_line)
            text += "\n" + "\n".join(body)
        keyword, _, arguments = text.strip().partition(" ")
        instructions.append((keyword.upper(), arguments))
    return instructions


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment", {})
    assert isinstance(env, dict), "write environment as a mapping so anchors merge key by key"
    return {key: resolve(value) for key, value in env.items()}


def published(service: dict[str, Any]) -> dict[int, int]:
    """Container port -> host port for the short syntax `[IP:]HOST:CONTAINER`."""
    mapping: dict[int, int] = {}
    for entry in service.get("ports", []):
        *_, host, container = resolve_ports(str(entry)).split(":")
        mapping[int(container.split("/")[0])] = int(host)
    return mapping


def resolve_ports(entry: str) -> str:
    return re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", entry)


class TestInfrastructure:
    def test_compose_defines_the_infrastructure_and_both_roles_of_every_service(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        assert sorted(services) == sorted(INFRA_CONTAINERS + APP_CONTAINERS + PORTAL_CONTAINERS)

    def test_mongo_runs_as_a_single_node_replica_set_rs0(self, services: dict[str, dict[str, Any]]) -> None:
        mongo = services["mongo"]
        command = mongo["command"]
        assert mongo["image"].startswith("mongo:7")
        assert command[command.index("--replSet") + 1] == "rs0"
        assert "--bind_ip_all" in command

    def test_mongo_healthcheck_initiates_the_replica_set_from_the_mounted_script(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        mongo = services["mongo"]
        source, target = next(
            (vol.split(":")[0], vol.split(":")[1]) for vol in mongo["volumes"] if vol.endswith(".js:ro")
        )
        script = (ROOT / source).read_text(encoding="utf-8")
        assert mongo["healthcheck"]["test"][:2] == ["CMD", "mongosh"]
        assert target in mongo["healthcheck"]["test"]
        assert "rs.initiate" in script
        assert "'rs0'" in script
        assert "'mongo:27017'" in script
        assert "isWritablePrimary" in script

    def test_rabbitmq_uses_the_management_image_and_publishes_its_ui(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        rabbitmq = services["rabbitmq"]
        assert rabbitmq["image"] == "rabbitmq:3.13-management"
        assert published(rabbitmq)[15672] == 15672
        assert rabbitmq["healthcheck"]["test"][:2] == ["CMD", "rabbitmq-diagnostics"]
        assert rabbitmq["hostname"] == "rabbitmq"

    def test_rabbitmq_loads_the_definitions_it_renders_from_the_generated_file(
        self, services: dict[str, dict[str, Any]]
    ) -> None:
        rabbitmq = services["rabbitmq"]
        mounts = dict(vol.rsplit(":", 2)[:2] for vol in rabbitmq["volumes"] if vol.startswith("./"))
        # conf.d/ keeps the image's own defaults (listeners, management) loading before ours.
        conf_target = mounts["./deploy/rabbitmq/rabbitmq.conf"]
        assert re.fullmatch(r"/etc/rabbitmq/conf\.d/\d\d-\w+\.conf", conf_target)
        conf = (ROOT / "deploy" / "rabbitmq" / "rabbitmq.conf").read_text(encoding="utf-8")
        (loaded,) = re.findall(r"^definitions\.local\.path = (\S+)$", conf, flags=re.MULTILINE)
        command = " ".join(rabbitmq["entrypoint"])
        script, template = (
            mounts["./deploy/rabbitmq/render-definitions.sh"],
            mounts["./deploy/rabbitmq/definitions.json"],
        )
        assert f"{script} {template} {loaded}" in command
        assert command.rstrip().endswith("exec docker-entrypoint.sh rabbitmq-server")

    def test_the_definitions_file_is_the_one_generated_from_the_topology(self) -> None:
        from thidua.messaging import definitions, network
        from thidua.settings import ServiceSettings

        fields = ServiceSettings.model_fields
        topology = network.build(
            exchange=str(fields["events_exchange"].default),
            retry_delays_s=fields["consumer_retry_delays_s"].get_default(call_default_factory=True),
            delivery_limit=int(fields["consumer_delivery_limit"].default),
        )
        assert DEFINITIONS.read_text(encoding="utf-8") == definitions.render_text(topology), (
            "regenerate it: uv run thidua topology definitions > deploy/rabbitmq/definitions.json"
        )
        loaded = json.loads(DEFINITIONS.read_text(encoding="utf-8"))
        (exchange,) = [ex for ex in loaded["exchanges"] if ex["name"] == "thidua.events"]
        assert (exchange["type"], exchange["durable"]) == ("topic", True)
        assert exchange["arguments"] == {"alternate-exchange": "thidua.events.unrouted"}

    @pytest.mark.parametrize("name", APP_CONTAINERS)
    def test_each_service_logs_in_as_its_own_broker_user_with_a_password_it_shares_with_the_broker(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        service = name.rsplit("-", 1)[0]
        raw = services[name]["environment"]["RABBITMQ_URL"]
        url = urlsplit(resolve(raw))
        assert url.username == f"thidua-{service}"
        definitions = json.loads(DEFINITIONS.read_text(encoding="utf-8"))
        (user,) = [u for u in definitions["users"] if u["name"] == url.username]
        variable = user["password"].strip("${}")
        assert f"${{{variable}:?" in raw  # the same variable, and Compose refuses to start without it
        assert services["rabbitmq"]["environment"][variable].startswith(f"${{{variable}:?")
        assert [p["user"] for p in definitions["permissions"]].count(url.username) == 1

    def test_no_password_and_no_guest_is_in_the_definitions(self) -> None:
        definitions = json.loads(DEFINITIONS.read_text(encoding="utf-8"))
        assert all(
            re.fullmatch(r"\$\{THIDUA_RABBITMQ_\w+_PASSWORD\}", u["password"]) for u in definitions["users"]
        )
        assert "guest" not in {u["name"] for u in definitions["users"]}

    def test_mail_catcher_accepts_smtp_on_1025_from_notify(self, services: dict[str, dict[str, Any]]) -> None:
        assert services["mailcatcher"]["image"].startswith("axllent/mailpit:")
        assert published(services["mailcatcher"])[8025] == 8025
        for role in ("api", "worker"):
            env = environment(services[f"notify-{role}"])
            assert (env["THIDUA_SMTP_HOST"], env["THIDUA_SMTP_PORT"]) == ("mailcatcher", "1025")
        assert services["notify-worker"]["depends_on"]["mailcatcher"] == {"condition": "service_healthy"}


class TestAppServices:
    @pytest.mark.parametrize(("service", "ports"), PORTS.items())
    def test_api_runs_the_service_api_on_its_published_port(
        self, services: dict[str, dict[str, Any]], service: str, ports: tuple[int, int]
    ) -> None:
        api = services[f"{service}-api"]
        env = environment(api)
        assert (env["THIDUA_SERVICE"], env["THIDUA_ROLE"]) == (service, "api")
        assert env["THIDUA_HTTP_PORT"] == str(ports[0])
        assert env["THIDUA_HTTP_HOST"] == "0.0.0.0"
        assert published(api) == {ports[0]: ports[0]}

    @pytest.mark.parametrize(("service", "ports"), PORTS.items())
    def test_worker_runs_the_service_worker_without_host_ports(
        self, services: dict[str, dict[str, Any]], service: str, ports: tuple[int, int]
    ) -> None:
        worker = services[f"{service}-worker"]
        env = environment(worker)
        assert (env["THIDUA_SERVICE"], env["THIDUA_ROLE"]) == (service, "worker")
        assert env["THIDUA_WORKER_METRICS_PORT"] == str(ports[1])
        assert "ports" not in worker, "published ports would stop `--scale <service>-worker=N`"

    @pytest.mark.parametrize("name", INFRA_CONTAINERS + APP_CONTAINERS + PORTAL_CONTAINERS)
    def test_every_container_has_a_healthcheck(self, services: dict[str, dict[str, Any]], name: str) -> None:
        check = services[name]["healthcheck"]
        assert not check.get("disable", False)
        assert check["test"][0] in {"CMD", "CMD-SHELL"}
        assert len(check["test"]) > 1

    @pytest.mark.parametrize("name", APP_CONTAINERS)
    def test_app_reaches_the_replica_set_and_the_broker(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        env = environment(services[name])
        mongo = urlsplit(env["MONGODB_URL"])
        rabbit = urlsplit(env["RABBITMQ_URL"])
        assert (mongo.scheme, mongo.hostname, mongo.port) == ("mongodb", "mongo", 27017)
        assert parse_qs(mongo.query)["replicaSet"] == ["rs0"]
        assert (rabbit.scheme, rabbit.hostname, rabbit.port) == ("amqp", "rabbitmq", 5672)

    @pytest.mark.parametrize("name", APP_CONTAINERS)
    def test_app_refuses_to_start_without_its_secret_and_runs_as_prod_by_default(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        raw = services[name]["environment"]
        assert "THIDUA_JWT_SECRET" not in raw, "no shared secret: tokens go through the portal JWKS"
        assert raw["THIDUA_ENV"] == "${THIDUA_ENV:-prod}"
        env = environment(services[name])
        assert env["THIDUA_JWT_JWKS_URL"] == "http://portal-api:8000/.well-known/jwks.json"
        assert env["THIDUA_JWT_ISSUER"] and env["THIDUA_JWT_AUDIENCE"]

    def test_the_portal_signs_with_a_key_given_as_a_required_secret(
        self, compose: dict[str, Any], services: dict[str, dict[str, Any]]
    ) -> None:
        portal = services["portal-api"]
        assert portal["secrets"] == ["jwt-signing-key"]
        assert environment(portal)["THIDUA_JWT_SIGNING_KEY_FILE"] == "/run/secrets/jwt-signing-key"
        assert _REQUIRED.match(compose["secrets"]["jwt-signing-key"]["file"])
        assert _REQUIRED.match(portal["environment"]["THIDUA_ADMIN_TOKEN"])

    @pytest.mark.parametrize("name", APP_CONTAINERS)
    def test_app_waits_for_healthy_mongo_and_rabbitmq(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        depends_on = services[name]["depends_on"]
        assert depends_on["mongo"] == {"condition": "service_healthy"}
        assert depends_on["rabbitmq"] == {"condition": "service_healthy"}

    @pytest.mark.parametrize("name", APP_CONTAINERS)
    def test_app_runs_the_one_shared_image(self, services: dict[str, dict[str, Any]], name: str) -> None:
        assert services[name]["image"] == "thidua:local"
        assert services[name]["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}

    @pytest.mark.parametrize("role", ["api", "worker"])
    def test_grievance_needs_real_identity_keys(self, services: dict[str, dict[str, Any]], role: str) -> None:
        raw = services[f"grievance-{role}"]["environment"]
        assert _REQUIRED.match(raw["THIDUA_IDENTITY_KEYS"])
        assert _REQUIRED.match(raw["THIDUA_IDENTITY_ACTIVE_KEY_ID"])

    @pytest.mark.parametrize("role", ["api", "worker"])
    def test_awards_needs_real_ballot_keys(self, services: dict[str, dict[str, Any]], role: str) -> None:
        raw = services[f"awards-{role}"]["environment"]
        assert _REQUIRED.match(raw["THIDUA_BALLOT_KEYS"])
        assert _REQUIRED.match(raw["THIDUA_BALLOT_ACTIVE_KEY_ID"])

    @pytest.mark.parametrize("name", INFRA_CONTAINERS + APP_CONTAINERS)
    def test_every_published_port_is_bound_to_the_loopback_interface(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        for entry in services[name].get("ports", []):
            assert str(entry).startswith("127.0.0.1:"), f"{name} publishes {entry} on every interface"

    @pytest.mark.parametrize("name", APP_CONTAINERS)
    def test_service_named_in_compose_is_a_workspace_package(
        self, services: dict[str, dict[str, Any]], name: str
    ) -> None:
        service = environment(services[name])["THIDUA_SERVICE"]
        assert (ROOT / "services" / service / "src" / service / "__init__.py").is_file()
        assert (ROOT / "services" / service / "pyproject.toml").is_file()


class TestDockerfile:
    def test_builds_on_python_311_slim_with_uv_from_pypi(self, dockerfile: list[tuple[str, str]]) -> None:
        text = DOCKERFILE.read_text(encoding="utf-8")
        assert "ARG PYTHON_IMAGE=python:3.11-slim" in text
        assert [args for kw, args in dockerfile if kw == "FROM"] == [
            "${NODE_IMAGE} AS assets",  # the portal's front-end packages (npm ci from package-lock.json)
            "${PYTHON_IMAGE} AS build",
            "${PYTHON_IMAGE} AS runtime",
        ]
        assert 'pip install --no-cache-dir --disable-pip-version-check "uv==${UV_VERSION}"' in text
        assert not re.search(r"(curl|wget)[^\n]*\|\s*(ba)?sh", text)

    def test_installs_the_locked_workspace_without_dev_tools(self, dockerfile: list[tuple[str, str]]) -> None:
        syncs = [args for kw, args in dockerfile if kw == "RUN" and "uv sync" in args]
        assert len(syncs) == 2
        assert all("uv sync --frozen --no-dev" in args for args in syncs)
        assert "--no-editable" in syncs[-1]

    def test_dependency_layer_mounts_every_workspace_member(self, dockerfile: list[tuple[str, str]]) -> None:
        deps_layer = next(args for kw, args in dockerfile if kw == "RUN" and "--no-install-workspace" in args)
        members = [
            *sorted(ROOT.glob("services/*/pyproject.toml")),
            ROOT / "libs/thidua/pyproject.toml",
            ROOT / "tools/pyproject.toml",
        ]
        for member in members:
            relative = member.relative_to(ROOT).as_posix()
            assert f"source={relative},target={relative}" in deps_layer

    def test_runs_as_a_non_root_user(self, dockerfile: list[tuple[str, str]]) -> None:
        users = [args for kw, args in dockerfile if kw == "USER"]
        assert users, "the runtime stage must switch to an unprivileged USER"
        assert users[-1].split(":")[0] not in {"root", "0"}
        assert [kw for kw, _ in dockerfile].index("USER") > [kw for kw, _ in dockerfile].index("FROM", 1)

    def test_healthcheck_probes_healthz_on_the_role_port(self, dockerfile: list[tuple[str, str]]) -> None:
        (healthcheck,) = [args for kw, args in dockerfile if kw == "HEALTHCHECK"]
        script = next(args for kw, args in dockerfile if kw == "RUN" and "thidua-healthcheck <<" in args)
        assert healthcheck.endswith('CMD ["thidua-healthcheck"]')
        assert "/healthz" in script
        for service, (api_port, worker_port) in PORTS.items():
            assert f'"{service}": ({api_port}, {worker_port}),' in script

    def test_entrypoint_runs_the_service_and_role_chosen_at_run_time(
        self, dockerfile: list[tuple[str, str]]
    ) -> None:
        (entrypoint,) = [args for kw, args in dockerfile if kw == "ENTRYPOINT"]
        command = json.loads(entrypoint)
        assert command[:2] == ["/bin/sh", "-c"]
        assert command[2].startswith('exec python -m "${THIDUA_SERVICE:?')
        assert '"${THIDUA_ROLE:-api}"' in command[2]
