"""deploy/k8s/ (kustomize base + province overlay) matches the process model; no cluster needed.

Three views of the manifests are checked alike: the base's files read directly (always), and the base and the
overlay as `kubectl kustomize` builds them (skipped without kubectl). Facts come from the code and from
docker-compose.yml, never from a list in this file: which containers exist, each service's settings class
(its environment variable names and ports), and its consumer queues as thidua.messaging.topology names them.
"""

from __future__ import annotations

import importlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import pytest
import yaml
from pydantic import AliasChoices
from referencing import Registry, Resource
from thidua.messaging import topology
from thidua.settings import ServiceSettings, SettingsError

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
BASE = ROOT / "deploy" / "k8s" / "base"
OVERLAY = ROOT / "deploy" / "k8s" / "overlays" / "province"
SECRETS_TEMPLATE = BASE / "secrets.template.yaml"
CRD_SCHEMA_DIR = Path(__file__).resolve().parent / "k8s_crd_schemas"

# Kubernetes minor whose JSON schemas (shipped by kubernetes-validate) the built-in kinds must pass, strictly
# (unknown fields fail). 1.32 is the kubectl this repository is built with.
KUBERNETES_VERSION = "1.32"
# Kinds from operators: kubernetes-validate has no schema for them, ours cover the fields we use.
CRD_SCHEMAS = {
    ("rabbitmq.com/v1beta1", "RabbitmqCluster"): "rabbitmqcluster.json",
    ("mongodbcommunity.mongodb.com/v1", "MongoDBCommunity"): "mongodbcommunity.json",
    ("keda.sh/v1alpha1", "ScaledObject"): "scaledobject.json",
    ("keda.sh/v1alpha1", "TriggerAuthentication"): "triggerauthentication.json",
}
PLACEHOLDER = "CHANGE-ME"
KUBECTL = shutil.which("kubectl")
NO_KUBECTL = "kubectl is not on PATH: `kubectl kustomize` builds are not checked (the base files still are)"

Obj = dict[str, Any]


# ------------------------------------------------------------------------------------------------------------
# Loading manifests
# ------------------------------------------------------------------------------------------------------------


def load_yaml_documents(path: Path) -> list[Obj]:
    """Every non-empty YAML document of a file."""
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines as kustomize's configMapGenerator `envs` reads them (comments and blanks skipped)."""
    pairs: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f"{path.name}: not KEY=VALUE: {line!r}"
            pairs[key.strip()] = value
    return pairs


def generated_config_map(directory: Path, generator: Obj) -> Obj:
    """The ConfigMap a configMapGenerator entry describes (without kustomize's hash suffix)."""
    data: dict[str, str] = {}
    for env_file in generator.get("envs", []):
        data.update(read_env_file(directory / env_file))
    for literal in generator.get("literals", []):
        key, _, value = literal.partition("=")
        data[key] = value
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": generator["name"]}, "data": data}


def load_base_files() -> list[Obj]:
    """The base as its files say, without kustomize: listed resources plus generated ConfigMaps."""
    kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))
    objects = [doc for resource in kustomization["resources"] for doc in load_yaml_documents(BASE / resource)]
    objects += [generated_config_map(BASE, gen) for gen in kustomization.get("configMapGenerator", [])]
    return objects


@cache
def kustomize_build(path: Path) -> list[Obj]:
    """`kubectl kustomize <path>` parsed (once per run; the tests only read it)."""
    assert KUBECTL is not None
    result = subprocess.run(
        [KUBECTL, "kustomize", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, f"kubectl kustomize {path} failed:\n{result.stderr}"
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@dataclass
class Manifests:
    """One rendering of the manifests, with lookups by kind and name."""

    label: str
    objects: list[Obj]
    secrets: list[Obj] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Obj]:
        return [obj for obj in self.objects if obj["kind"] == kind]

    def named(self, kind: str) -> dict[str, Obj]:
        return {obj["metadata"]["name"]: obj for obj in self.of_kind(kind)}

    def secret_keys(self, name: str) -> set[str]:
        for secret in self.secrets:
            if secret["metadata"]["name"] == name:
                return set(secret.get("stringData", {})) | set(secret.get("data", {}))
        raise AssertionError(f"{self.label}: no Secret {name!r} in {SECRETS_TEMPLATE.name}")


def load_secrets_template() -> list[Obj]:
    return load_yaml_documents(SECRETS_TEMPLATE)


@pytest.fixture(scope="module", params=["base-files", "base-kustomize", "overlay-kustomize"])
def manifests(request: pytest.FixtureRequest) -> Manifests:
    """The base read directly, and the base and the overlay as kustomize renders them."""
    label = cast(str, request.param)
    if label == "base-files":
        return Manifests(label, load_base_files(), load_secrets_template())
    if KUBECTL is None:
        pytest.skip(NO_KUBECTL)
    path = BASE if label.startswith("base") else OVERLAY
    return Manifests(label, kustomize_build(path), load_secrets_template())


# ------------------------------------------------------------------------------------------------------------
# Facts from the code and from docker-compose.yml
# ------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFacts:
    """What the code says about one service."""

    name: str
    env_names: frozenset[str]
    http_port: int
    worker_metrics_port: int
    consumer_queues: frozenset[str]


def setting_env_names(settings_class: type[ServiceSettings]) -> frozenset[str]:
    """The environment variables pydantic-settings reads into the class (upper case; it ignores case)."""
    prefix = str(settings_class.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for name, info in settings_class.model_fields.items():
        alias = info.validation_alias
        if isinstance(alias, AliasChoices):
            names |= {choice.upper() for choice in alias.choices if isinstance(choice, str)}
        elif isinstance(alias, str):
            names.add(alias.upper())
        else:
            names.add(f"{prefix}{name}".upper())
    return frozenset(names)


def field_default(settings_class: type[ServiceSettings], name: str) -> Any:
    return settings_class.model_fields[name].default


def service_facts(service: str) -> ServiceFacts:
    """Import `<service>.bootstrap` and read its SPEC: settings class and subscriptions."""
    spec = importlib.import_module(f"{service}.bootstrap").SPEC
    settings_class = spec.load_settings
    assert isinstance(settings_class, type) and issubclass(settings_class, ServiceSettings)
    service_name = field_default(settings_class, "service_name")
    delays = settings_class.model_fields["consumer_retry_delays_s"].get_default(call_default_factory=True)
    # The unit-of-work factory is only captured by the handlers' wrappers, never called here.
    subscriptions = spec.subscriptions(cast(Any, None))
    queues = {
        topology.queue_names(service=service_name, consumer=sub.consumer, delays_s=delays).main
        for sub in subscriptions
    }
    return ServiceFacts(
        name=service,
        env_names=setting_env_names(settings_class),
        http_port=field_default(settings_class, "http_port"),
        worker_metrics_port=field_default(settings_class, "worker_metrics_port"),
        consumer_queues=frozenset(queues),
    )


@dataclass(frozen=True)
class ComposeContainer:
    """One of our containers in docker-compose.yml: `python -m <service> <role>`."""

    name: str
    service: str
    role: str
    port: int | None  # None: the settings class's default


def runs_our_image(definition: Obj) -> bool:
    build = definition.get("build") or {}
    dockerfile = build.get("dockerfile", "") if isinstance(build, dict) else ""
    image = str(definition.get("image", ""))
    env = definition.get("environment") or {}
    return "THIDUA_SERVICE" in env or dockerfile.endswith("deploy/Dockerfile") or image.startswith("thidua:")


@cache
def compose_containers() -> tuple[ComposeContainer, ...]:
    """Compose services that run our image (deploy/Dockerfile): `python -m $THIDUA_SERVICE $THIDUA_ROLE`."""
    compose = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    found = []
    for name, definition in compose["services"].items():
        if not runs_our_image(definition):
            continue
        env = definition.get("environment") or {}
        assert "THIDUA_SERVICE" in env, f"compose service {name} runs our image without THIDUA_SERVICE"
        role = env.get("THIDUA_ROLE", "api")  # the image's default
        assert role in ("api", "worker"), f"compose service {name}: THIDUA_ROLE={role!r}"
        port_var = "THIDUA_HTTP_PORT" if role == "api" else "THIDUA_WORKER_METRICS_PORT"
        port = int(env[port_var]) if port_var in env else None
        found.append(ComposeContainer(name, env["THIDUA_SERVICE"], role, port))
    assert found, "docker-compose.yml runs none of our containers"
    return tuple(found)


@pytest.fixture(scope="module")
def facts() -> dict[str, ServiceFacts]:
    return {service: service_facts(service) for service in sorted({c.service for c in compose_containers()})}


# ------------------------------------------------------------------------------------------------------------
# Helpers over Deployments
# ------------------------------------------------------------------------------------------------------------


def only_container(deployment: Obj) -> Obj:
    containers = deployment["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1, f"{deployment['metadata']['name']}: expected one container"
    return cast(Obj, containers[0])


def service_of(deployment: Obj) -> tuple[str, str]:
    """(service, role) from the container's `python -m <service> <role>` command."""
    command = only_container(deployment).get("command", []) + only_container(deployment).get("args", [])
    assert command[:2] == ["python", "-m"] and len(command) == 4, f"unexpected command {command}"
    return command[2], command[3]


def container_env(m: Manifests, container: Obj) -> dict[str, str | None]:
    """Name -> literal value (None when it comes from a Secret) as the container will see it."""
    env: dict[str, str | None] = {}
    config_maps = m.named("ConfigMap")
    for source in container.get("envFrom", []):
        assert "prefix" not in source, "envFrom prefixes would rename settings"
        if "configMapRef" in source:
            ref = source["configMapRef"]["name"]
            assert ref in config_maps, f"{m.label}: envFrom names a missing ConfigMap {ref!r}"
            env.update(config_maps[ref].get("data", {}))
        else:
            env.update(dict.fromkeys(m.secret_keys(source["secretRef"]["name"])))
    for item in container.get("env", []):
        env[item["name"]] = item.get("value")
    return env


def named_port(container: Obj, port: int | str) -> int:
    if isinstance(port, int):
        return port
    by_name = {p["name"]: p["containerPort"] for p in container.get("ports", []) if "name" in p}
    assert port in by_name, f"probe names port {port!r}, which the container does not declare"
    return int(by_name[port])


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def pod_labels(deployment: Obj) -> dict[str, str]:
    return cast(dict[str, str], deployment["spec"]["template"]["metadata"]["labels"])


def autoscaled(m: Manifests) -> dict[str, str]:
    """Deployment name -> kind of the object that scales it (HPA or ScaledObject)."""
    targets = {hpa["spec"]["scaleTargetRef"]["name"]: "HPA" for hpa in m.of_kind("HorizontalPodAutoscaler")}
    targets |= {so["spec"]["scaleTargetRef"]["name"]: "ScaledObject" for so in m.of_kind("ScaledObject")}
    return targets


# ------------------------------------------------------------------------------------------------------------
# Schemas
# ------------------------------------------------------------------------------------------------------------


@cache
def crd_registry() -> Registry[Any]:
    resources = [
        (f"https://thidua.invalid/k8s-crd/{path.name}", Resource.from_contents(json.loads(path.read_text())))
        for path in CRD_SCHEMA_DIR.glob("*.json")
    ]
    return Registry().with_resources(resources)


def schema_errors(obj: Obj) -> list[str]:
    """Why `obj` fails its schema: Kubernetes' own (strict) for built-in kinds, ours for operators' kinds."""
    where = f"{obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
    crd = CRD_SCHEMAS.get((obj.get("apiVersion", ""), obj.get("kind", "")))
    if crd is not None:
        schema = json.loads((CRD_SCHEMA_DIR / crd).read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, registry=crd_registry())
        errors = validator.iter_errors(obj)
        return [f"{where}: {'.'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        return [f"{where}: {'.'.join(map(str, error.path))}: {error.message}"]
    except kubernetes_validate.SchemaNotFoundError as error:
        return [f"{where}: {error.message} (add a schema under {CRD_SCHEMA_DIR.name}/ for an operator kind)"]
    return []


def iter_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from iter_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from iter_strings(item)


# ------------------------------------------------------------------------------------------------------------
# Tests
# ------------------------------------------------------------------------------------------------------------


class TestSchemas:
    def test_every_object_passes_its_schema(self, manifests: Manifests) -> None:
        errors = [error for obj in manifests.objects for error in schema_errors(obj)]
        assert not errors, f"{manifests.label}:\n" + "\n".join(errors)

    def test_the_secret_template_passes_the_secret_schema(self) -> None:
        errors = [error for obj in load_secrets_template() for error in schema_errors(obj)]
        assert not errors, "\n".join(errors)

    def test_the_crd_schemas_reject_what_the_operators_would(self) -> None:
        """Our CRD schemas are not vacuous: a typo and a non-string trigger value fail."""
        scaled = next(obj for obj in load_base_files() if obj["kind"] == "ScaledObject")
        typo = json.loads(json.dumps(scaled))
        typo["spec"]["maxReplicas"] = typo["spec"].pop("maxReplicaCount")
        numeric = json.loads(json.dumps(scaled))
        numeric["spec"]["triggers"][0]["metadata"]["value"] = 200
        assert schema_errors(typo) and schema_errors(numeric)


class TestLayout:
    def test_every_base_file_is_used(self) -> None:
        kustomization = yaml.safe_load((BASE / "kustomization.yaml").read_text(encoding="utf-8"))
        listed = set(kustomization["resources"])
        on_disk = {p.name for p in BASE.glob("*.yaml")} - {"kustomization.yaml", SECRETS_TEMPLATE.name}
        assert on_disk == listed, "every base manifest but the Secret template is a resource"
        env_files = {env for gen in kustomization["configMapGenerator"] for env in gen.get("envs", [])}
        assert {str(p.relative_to(BASE)) for p in (BASE / "config").glob("*.env")} == env_files

    def test_secrets_are_never_applied_by_kustomize(self, manifests: Manifests) -> None:
        """`kubectl apply -k` must not overwrite the real Secrets with the template's placeholders."""
        assert not manifests.of_kind("Secret")


class TestWorkloads:
    def test_every_compose_container_has_a_deployment_and_no_other(self, manifests: Manifests) -> None:
        deployments = manifests.named("Deployment")
        expected = {c.name for c in compose_containers()}
        assert set(deployments) == expected
        for container in compose_containers():
            assert service_of(deployments[container.name]) == (container.service, container.role)

    def test_probes_hit_healthz_and_readyz_on_the_process_port(
        self, manifests: Manifests, facts: dict[str, ServiceFacts]
    ) -> None:
        deployments = manifests.named("Deployment")
        for compose in compose_containers():
            container = only_container(deployments[compose.name])
            env = container_env(manifests, container)
            port_var = "THIDUA_HTTP_PORT" if compose.role == "api" else "THIDUA_WORKER_METRICS_PORT"
            code_default = (
                facts[compose.service].http_port
                if compose.role == "api"
                else facts[compose.service].worker_metrics_port
            )
            port = int(env.get(port_var) or code_default)
            assert port == code_default, f"{compose.name}: {port_var} is not the contract's port"
            assert compose.port in (None, port), f"{compose.name}: {port_var} differs from docker-compose.yml"
            for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
                get = container[probe]["httpGet"]
                assert get["path"] == path, f"{compose.name}: {probe}"
                assert named_port(container, get["port"]) == port, f"{compose.name}: {probe} port"

    def test_every_api_has_a_service_and_an_hpa(self, manifests: Manifests) -> None:
        deployments = manifests.named("Deployment")
        hpas = {h["spec"]["scaleTargetRef"]["name"]: h for h in manifests.of_kind("HorizontalPodAutoscaler")}
        for compose in (c for c in compose_containers() if c.role == "api"):
            deployment = deployments[compose.name]
            container = only_container(deployment)
            services = [
                s
                for s in manifests.of_kind("Service")
                if selects(s["spec"].get("selector", {}), pod_labels(deployment))
            ]
            assert len(services) == 1, f"{compose.name}: expected one Service selecting it"
            assert services[0]["spec"].get("type", "ClusterIP") == "ClusterIP"
            ports = services[0]["spec"]["ports"]
            assert [named_port(container, p["targetPort"]) for p in ports] == [
                int(container_env(manifests, container).get("THIDUA_HTTP_PORT") or 0)
            ]
            hpa = hpas.get(compose.name)
            assert hpa is not None, f"{compose.name}: no HorizontalPodAutoscaler"
            assert hpa["apiVersion"] == "autoscaling/v2"
            assert hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment"
            assert 2 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]

    def test_consuming_workers_scale_on_their_topology_queues(
        self, manifests: Manifests, facts: dict[str, ServiceFacts]
    ) -> None:
        scaled = {so["spec"]["scaleTargetRef"]["name"]: so for so in manifests.of_kind("ScaledObject")}
        auths = manifests.named("TriggerAuthentication")
        for compose in (c for c in compose_containers() if c.role == "worker"):
            expected = facts[compose.service].consumer_queues
            obj = scaled.get(compose.name)
            if not expected:
                assert obj is None, f"{compose.name} consumes nothing: no queue to scale on"
                continue
            assert obj is not None, f"{compose.name} consumes {sorted(expected)} but has no ScaledObject"
            # The worker also runs the outbox relay and background loops: never scale it to zero.
            assert 1 <= obj["spec"]["minReplicaCount"] <= obj["spec"]["maxReplicaCount"]
            triggers = obj["spec"]["triggers"]
            assert {t["type"] for t in triggers} == {"rabbitmq"}
            assert {t["metadata"]["queueName"] for t in triggers} == expected
            for trigger in triggers:
                assert "host" not in trigger["metadata"], "credentials belong in a TriggerAuthentication"
                auth = auths[trigger["authenticationRef"]["name"]]
                refs = {r["parameter"]: r for r in auth["spec"]["secretTargetRef"]}
                assert refs["host"]["key"] in manifests.secret_keys(refs["host"]["name"])

    def test_autoscaled_deployments_leave_replicas_to_the_autoscaler(self, manifests: Manifests) -> None:
        scalers = autoscaled(manifests)
        for name, deployment in manifests.named("Deployment").items():
            if name in scalers:
                assert "replicas" not in deployment["spec"], f"{name}: apply would reset {scalers[name]}"
            else:
                assert deployment["spec"].get("replicas", 1) >= 2, f"{name}: a fixed count, for availability"

    def test_every_deployment_has_one_pdb_selecting_only_it(self, manifests: Manifests) -> None:
        deployments = manifests.named("Deployment")
        pdbs = manifests.of_kind("PodDisruptionBudget")
        for name, deployment in deployments.items():
            labels = pod_labels(deployment)
            covering = [p for p in pdbs if selects(p["spec"]["selector"]["matchLabels"], labels)]
            assert len(covering) == 1, f"{name}: {len(covering)} PodDisruptionBudgets select it"
            others = [n for n, d in deployments.items() if n != name]
            selector = covering[0]["spec"]["selector"]["matchLabels"]
            assert not [n for n in others if selects(selector, pod_labels(deployments[n]))]
            assert selects(deployment["spec"]["selector"]["matchLabels"], pod_labels(deployment))

    def test_containers_are_locked_down_and_sized(self, manifests: Manifests) -> None:
        for name, deployment in manifests.named("Deployment").items():
            pod = deployment["spec"]["template"]["spec"]
            container = only_container(deployment)
            context = container.get("securityContext", {})
            assert (context.get("runAsNonRoot") or pod.get("securityContext", {}).get("runAsNonRoot")) is True
            assert context.get("readOnlyRootFilesystem") is True, name
            assert context.get("allowPrivilegeEscalation") is False, name
            assert "ALL" in context.get("capabilities", {}).get("drop", []), name
            resources = container.get("resources", {})
            for kind in ("requests", "limits"):
                assert {"cpu", "memory"} <= set(resources.get(kind, {})), f"{name}: resources.{kind}"


class TestSettings:
    def test_every_environment_variable_is_a_setting_of_its_service(
        self, manifests: Manifests, facts: dict[str, ServiceFacts]
    ) -> None:
        for name, deployment in manifests.named("Deployment").items():
            service, _ = service_of(deployment)
            env = container_env(manifests, only_container(deployment))
            unknown = sorted(key for key in env if key.upper() not in facts[service].env_names)
            assert not unknown, f"{manifests.label}: {name} sets {unknown}, which {service}'s settings ignore"

    def test_every_config_map_is_read_by_a_deployment(self, manifests: Manifests) -> None:
        used = {
            source["configMapRef"]["name"]
            for deployment in manifests.of_kind("Deployment")
            for source in only_container(deployment).get("envFrom", [])
            if "configMapRef" in source
        }
        assert set(manifests.named("ConfigMap")) == used

    def test_every_secret_reference_names_a_key_of_the_template(self, manifests: Manifests) -> None:
        refs = [
            (item["valueFrom"]["secretKeyRef"]["name"], item["valueFrom"]["secretKeyRef"]["key"])
            for deployment in manifests.of_kind("Deployment")
            for item in only_container(deployment).get("env", [])
            if "secretKeyRef" in item.get("valueFrom", {})
        ]
        refs += [
            (user["passwordSecretRef"]["name"], user["passwordSecretRef"].get("key", "password"))
            for mongo in manifests.of_kind("MongoDBCommunity")
            for user in mongo["spec"]["users"]
        ]
        assert refs
        for secret, key in refs:
            assert key in manifests.secret_keys(secret), f"{secret}/{key}"

    def test_each_service_owns_its_database_and_only_its_database(self, manifests: Manifests) -> None:
        databases: dict[str, set[str]] = {}
        secrets: dict[str, set[str]] = {}
        for deployment in manifests.of_kind("Deployment"):
            service, _ = service_of(deployment)
            container = only_container(deployment)
            env = container_env(manifests, container)
            # What ServiceSettings.database_name derives when THIDUA_MONGODB_DATABASE is unset.
            database = env.get("THIDUA_MONGODB_DATABASE") or f"thidua_{service}"
            databases.setdefault(service, set()).add(database)
            mongodb_url = [i for i in container["env"] if i["name"] == "MONGODB_URL"]
            assert mongodb_url, f"{service}: MONGODB_URL comes from a Secret"
            secrets.setdefault(service, set()).add(mongodb_url[0]["valueFrom"]["secretKeyRef"]["name"])
        assert all(len(names) == 1 for names in databases.values()), databases
        owned = {service: next(iter(names)) for service, names in databases.items()}
        assert len(set(owned.values())) == len(owned), "two services share a database"
        (mongo,) = manifests.of_kind("MongoDBCommunity")
        users = {user["passwordSecretRef"]["name"]: user for user in mongo["spec"]["users"]}
        for service, database in owned.items():
            (secret,) = secrets[service]
            assert secret in users, f"{service}: no MongoDB user whose password is in Secret {secret}"
            assert {role["db"] for role in users[secret]["roles"]} == {database}, service

    def test_the_brokers_are_replicated_with_quorum_defaults(self, manifests: Manifests) -> None:
        (rabbit,) = manifests.of_kind("RabbitmqCluster")
        assert rabbit["spec"]["replicas"] == 3
        config = rabbit["spec"]["rabbitmq"]["additionalConfig"]
        assert re.search(r"^\s*default_queue_type\s*=\s*quorum\s*$", config, re.MULTILINE)
        (mongo,) = manifests.of_kind("MongoDBCommunity")
        assert (mongo["spec"]["members"], mongo["spec"]["type"]) == (3, "ReplicaSet")


class TestSecretTemplate:
    def test_every_value_is_a_placeholder(self) -> None:
        for secret in load_secrets_template():
            name = secret["metadata"]["name"]
            assert "data" not in secret, f"{name}: base64 `data` hides values; use stringData placeholders"
            for key, value in secret["stringData"].items():
                assert PLACEHOLDER in value, f"{name}/{key} is not a {PLACEHOLDER} placeholder"
                if "://" in value:
                    url = urlsplit(value)
                    assert url.password == PLACEHOLDER, f"{name}/{key}: the URL's password is real"
                if value.lstrip().startswith("{"):
                    assert set(json.loads(value).values()) == {PLACEHOLDER}, f"{name}/{key}"

    def test_the_services_refuse_to_start_on_the_placeholder_jwt_secret(self) -> None:
        (shared,) = [s for s in load_secrets_template() if "jwt-secret" in s.get("stringData", {})]
        placeholder = shared["stringData"]["jwt-secret"]
        with pytest.raises(SettingsError):
            ServiceSettings(env="prod", jwt_secret=placeholder, jwt_jwks_url=None)


@pytest.fixture(scope="module")
def overlay() -> Manifests:
    """The province overlay as kustomize renders it."""
    if KUBECTL is None:
        pytest.skip(NO_KUBECTL)
    return Manifests("overlay-kustomize", kustomize_build(OVERLAY), load_secrets_template())


class TestOverlay:
    def test_everything_lands_in_the_overlay_namespace(self, overlay: Manifests) -> None:
        (namespace,) = overlay.of_kind("Namespace")
        name = namespace["metadata"]["name"]
        outside = [
            o["metadata"]["name"]
            for o in overlay.objects
            if o["kind"] != "Namespace" and o["metadata"].get("namespace") != name
        ]
        assert not outside

    def test_images_come_from_the_registry_with_a_pinned_tag(self, overlay: Manifests) -> None:
        for deployment in overlay.of_kind("Deployment"):
            image = only_container(deployment)["image"]
            assert "/" in image and re.search(r":[\w.][\w.-]*$|@sha256:", image), image
            assert not image.endswith((":local", ":latest")), image

    def test_no_placeholder_or_dev_secret_is_baked_into_the_overlay(self, overlay: Manifests) -> None:
        text = "\n".join(s for obj in overlay.objects for s in iter_strings(obj))
        assert "dev-only-secret" not in text
