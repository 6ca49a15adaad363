"""Offline checks of deploy/k8s (issue 14 section 5): the kustomize base and its overlays are
rendered (tests/unit/deploy/kustomize.py, no cluster and no kustomize binary needed) and every
manifest is validated against the schemas of a pinned Kubernetes version (kubernetes-validate
ships them); then what the schemas cannot tell: probes, resources, the settings the containers
are given, the once-per-release Jobs, secrets and the production overlay's values."""

from __future__ import annotations

import base64
import importlib
import importlib.util
import re
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate  # type: ignore[import-untyped]
import pytest
import yaml
from handover_common.settings import ServiceSettings

from .kustomize import containers, render

ROOT = Path(__file__).resolve().parents[3]
K8S = ROOT / "deploy" / "k8s"
KUBERNETES_VERSION = "1.32.0"
"""The oldest Kubernetes the manifests are meant for (schemas bundled by kubernetes-validate)."""
SERVICES = {"referral": 8001, "responsibility": 8002, "billing": 8003, "notification": 8004}
CONFIG = "handover-config"
OVERLAYS = {"base": K8S / "base", **{p.name: p for p in sorted((K8S / "overlays").iterdir())}}
EXTERNAL_SECRETS = {f"{s}-secrets" for s in SERVICES}
"""Created outside the repository in production; the base only refers to them."""
OWN_SECRETS = {"referral": ("PSEUDONYM_SECRET",), "notification": ("WEBHOOK_SECRET_KEY",)}
"""Secrets a service needs beyond its DATABASE_URL (the settings it refuses to start without)."""

Resource = dict[str, Any]


@cache
def rendered(overlay: str) -> tuple[Resource, ...]:
    return tuple(render(OVERLAYS[overlay]))


def of_kind(overlay: str, kind: str) -> dict[str, Resource]:
    return {r["metadata"]["name"]: r for r in rendered(overlay) if r["kind"] == kind}


def config(overlay: str) -> dict[str, str]:
    return dict(of_kind(overlay, "ConfigMap")[CONFIG]["data"])


def pod_owners(overlay: str) -> Iterator[Resource]:
    return (r for r in rendered(overlay) if r["kind"] in {"Deployment", "Job"})


def app_container(deployment: Resource) -> dict[str, Any]:
    [app] = deployment["spec"]["template"]["spec"]["containers"]
    return dict(app)


@cache
def settings_class(service: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{service}.settings")
    [cls] = [
        c
        for c in vars(module).values()
        if isinstance(c, type) and issubclass(c, ServiceSettings) and c is not ServiceSettings
    ]
    return cls


def settings_env_names(cls: type[ServiceSettings]) -> set[str]:
    return {field.upper() for field in cls.model_fields}


def env_names(overlay: str, container: dict[str, Any]) -> set[str]:
    """Every variable the container gets: its own env and the keys of the ConfigMaps and
    Secrets it takes whole (a Secret that is not rendered is external: its keys are unknown)."""
    names = {e["name"] for e in container.get("env", [])}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            names |= set(of_kind(overlay, "ConfigMap")[source["configMapRef"]["name"]]["data"])
        secret = of_kind(overlay, "Secret").get(source.get("secretRef", {}).get("name", ""))
        if secret is not None:
            names |= set(secret.get("data", {})) | set(secret.get("stringData", {}))
    return names


# ------------------------------------------------------------------------ rendering, schemas


def test_there_is_a_base_and_a_production_overlay() -> None:
    assert {"base", "production"} <= set(OVERLAYS)
    for directory in OVERLAYS.values():
        assert (directory / "kustomization.yaml").is_file()


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_manifest_is_valid_against_the_kubernetes_schema(overlay: str) -> None:
    assert rendered(overlay)
    for resource in rendered(overlay):
        kubernetes_validate.validate(resource, KUBERNETES_VERSION, strict=True)


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_python_rendering_matches_kustomize_where_it_is_installed(overlay: str) -> None:
    """Keeps tests/unit/deploy/kustomize.py honest; needs kubectl or kustomize (offline)."""
    if shutil.which("kustomize"):
        command = ["kustomize", "build", str(OVERLAYS[overlay])]
    elif shutil.which("kubectl"):
        command = ["kubectl", "kustomize", str(OVERLAYS[overlay])]
    else:
        pytest.skip("neither kustomize nor kubectl is installed")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    real = [d for d in yaml.safe_load_all(result.stdout) if d]
    # kustomize suffixes generated names with a content hash; ours are plain
    hashed = {
        r["metadata"]["name"]: r["metadata"]["name"][:-11]
        for r in real
        if r["kind"] in {"ConfigMap", "Secret"}
        and re.search(r"-[a-z0-9]{10}$", r["metadata"]["name"])
    }

    def unhash(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: unhash(v) for k, v in value.items()}
        if isinstance(value, list):
            return [unhash(v) for v in value]
        if isinstance(value, str) and value in hashed:
            return hashed[value]
        if isinstance(value, str) and value.endswith("\n") and re.fullmatch(r"[\w+/=\n]+", value):
            return value.replace("\n", "")  # kustomize wraps long base64 Secret values
        return value

    def key(r: Resource) -> tuple[str, str]:
        return r["kind"], r["metadata"]["name"]

    ours = sorted(rendered(overlay), key=key)
    assert sorted((unhash(r) for r in real), key=key) == ours


# ------------------------------------------------------------------------------ deployments


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_deployment_and_a_service_per_service(overlay: str) -> None:
    deployments = of_kind(overlay, "Deployment")
    services = of_kind(overlay, "Service")
    assert set(deployments) == set(SERVICES) == set(services)
    for name, port in SERVICES.items():
        pod = deployments[name]["spec"]["template"]
        selector = deployments[name]["spec"]["selector"]["matchLabels"]
        assert selector.items() <= pod["metadata"]["labels"].items()
        assert services[name]["spec"]["selector"] == selector
        [http] = app_container(deployments[name])["ports"]
        assert http == {"name": "http", "containerPort": port}
        assert services[name]["spec"]["ports"] == [
            {"name": "http", "port": port, "targetPort": "http"}
        ]
        assert settings_class(name).model_fields["port"].default == port


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_deployments_are_probed_on_ready_and_health(overlay: str) -> None:
    for name, deployment in of_kind(overlay, "Deployment").items():
        app = app_container(deployment)
        assert app["readinessProbe"]["httpGet"] == {"path": "/ready", "port": "http"}, name
        assert app["livenessProbe"]["httpGet"] == {"path": "/health", "port": "http"}, name
        assert app.get("startupProbe", {}).get("httpGet", {}).get("path") in {None, "/health"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_container_requests_resources_and_limits_memory(overlay: str) -> None:
    for owner in pod_owners(overlay):
        for container in containers(owner):
            resources = container.get("resources", {})
            where = f"{owner['metadata']['name']}/{container['name']}"
            assert {"cpu", "memory"} <= set(resources.get("requests", {})), where
            assert "memory" in resources.get("limits", {}), where


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_pod_runs_as_the_images_non_root_user_without_privileges(overlay: str) -> None:
    for owner in pod_owners(overlay):
        pod = owner["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["securityContext"]["runAsUser"] == 10001  # the Dockerfile's USER
        assert pod["automountServiceAccountToken"] is False
        for container in containers(owner):
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False
            assert context["readOnlyRootFilesystem"] is True
            assert context["capabilities"]["drop"] == ["ALL"]
            mounts = {m["mountPath"] for m in container.get("volumeMounts", [])}
            assert "/tmp" in mounts  # a writable /tmp on a read-only root


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_services_do_not_migrate_at_start_but_wait_for_the_release_migration(
    overlay: str,
) -> None:
    assert config(overlay)["MIGRATE_ON_START"] == "false"
    for name, deployment in of_kind(overlay, "Deployment").items():
        app = app_container(deployment)
        assert {"configMapRef": {"name": CONFIG}} in app["envFrom"]
        assert "MIGRATE_ON_START" not in {e["name"] for e in app.get("env", [])}
        [wait] = deployment["spec"]["template"]["spec"]["initContainers"]
        assert wait["command"][:5] == ["python", "-m", "handover_common.migrate", "wait", name]
        assert wait["image"] == app["image"]  # the same release's migrations decide "head"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_environment_variable_is_a_setting_of_the_service_given_it(overlay: str) -> None:
    for owner in pod_owners(overlay):
        labels = owner["metadata"]["labels"]
        service = labels["app.kubernetes.io/name"]
        cls = settings_class(service) if service in SERVICES else ServiceSettings
        known = settings_env_names(cls)
        for container in containers(owner):
            unknown = env_names(overlay, container) - known
            where = f"{owner['kind']} {owner['metadata']['name']}/{container['name']}"
            assert not unknown, f"{where}: not settings of {cls.__name__}: {sorted(unknown)}"


# ------------------------------------------------------------------- once-per-release jobs


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_migration_job_per_service_with_the_services_image_and_secret(overlay: str) -> None:
    jobs = of_kind(overlay, "Job")
    deployments = of_kind(overlay, "Deployment")
    for name in SERVICES:
        job = jobs[f"{name}-migrate"]
        assert job["metadata"]["labels"]["app.kubernetes.io/component"] == "migration"
        pod = job["spec"]["template"]["spec"]
        assert pod["restartPolicy"] in {"Never", "OnFailure"}
        assert job["spec"]["backoffLimit"] >= 1
        [migrate] = pod["containers"]
        assert migrate["command"] == ["python", "-m", "handover_common.migrate", "upgrade", name]
        assert migrate["image"] == app_container(deployments[name])["image"]
        assert {"secretRef": {"name": f"{name}-secrets"}} in migrate["envFrom"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_a_topic_job_creates_every_services_topics_as_configured(overlay: str) -> None:
    [job] = [
        j
        for j in of_kind(overlay, "Job").values()
        if j["metadata"]["labels"]["app.kubernetes.io/component"] == "topics"
    ]
    [topics] = job["spec"]["template"]["spec"]["containers"]
    assert topics["command"] == ["python", "-m", "handover_common.topics", *SERVICES]
    assert {"configMapRef": {"name": CONFIG}} in topics["envFrom"]
    settings = config(overlay)
    assert int(settings["TOPIC_PARTITIONS"]) >= 1
    assert int(settings["TOPIC_REPLICATION_FACTOR"]) >= 1
    images = {app_container(d)["image"] for d in of_kind(overlay, "Deployment").values()}
    assert topics["image"] in images


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_commands_name_modules_that_exist(overlay: str) -> None:
    for owner in pod_owners(overlay):
        for container in containers(owner):
            command = container.get("command", [])
            if command[:2] == ["python", "-m"]:
                assert importlib.util.find_spec(command[2]) is not None, command
            if command[2:3] == ["handover_common.migrate"]:
                assert command[3] in {"upgrade", "wait"} and command[4] in SERVICES


# -------------------------------------------------------------------------- config, secrets


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_referenced_config_map_and_secret_is_rendered_or_external(overlay: str) -> None:
    config_maps, secrets = of_kind(overlay, "ConfigMap"), of_kind(overlay, "Secret")
    for owner in pod_owners(overlay):
        for container in containers(owner):
            for source in container.get("envFrom", []):
                if "configMapRef" in source:
                    assert source["configMapRef"]["name"] in config_maps
                if "secretRef" in source:
                    assert source["secretRef"]["name"] in set(secrets) | EXTERNAL_SECRETS


def test_the_base_carries_no_secret_and_refuses_to_start_unconfigured() -> None:
    assert not of_kind("base", "Secret")
    settings = config("base")
    assert not {"PSEUDONYM_SECRET", "WEBHOOK_SECRET_KEY", "DATABASE_URL"} & set(settings)
    assert settings["DEVELOPMENT_MODE"] == "false" and settings["AUTH_JWKS_URL"] == ""
    assert settings["TOPIC_REPLICATION_FACTOR"] == "1"


@pytest.mark.parametrize("overlay", [o for o in OVERLAYS if o != "production"])
def test_generated_secrets_are_example_values_only(overlay: str) -> None:
    for secret in of_kind(overlay, "Secret").values():
        for key, value in secret["data"].items():
            plain = base64.b64decode(value).decode()
            assert "example" in plain, f"{secret['metadata']['name']}.{key} looks real"
    text = (OVERLAYS[overlay] / "kustomization.yaml").read_text("utf-8")
    if of_kind(overlay, "Secret"):
        assert "EXAMPLE VALUES ONLY" in text


def test_every_service_gets_its_own_database_secret_with_the_keys_it_needs() -> None:
    secrets = of_kind("example", "Secret")
    assert set(secrets) == EXTERNAL_SECRETS
    for name in SERVICES:
        keys = set(secrets[f"{name}-secrets"]["data"])
        assert keys == {"DATABASE_URL", *OWN_SECRETS.get(name, ())}
        url = base64.b64decode(secrets[f"{name}-secrets"]["data"]["DATABASE_URL"]).decode()
        assert url.startswith("postgresql+psycopg://") and url.endswith(f"/{name}")


# ---------------------------------------------------------------------------------- production


def test_production_replicates_topics_and_services() -> None:
    settings = config("production")
    assert settings["TOPIC_REPLICATION_FACTOR"] == "3"
    assert int(settings["TOPIC_PARTITIONS"]) >= int(config("base")["TOPIC_PARTITIONS"])
    assert len(settings["KAFKA_BOOTSTRAP_SERVERS"].split(",")) >= 3
    for name, deployment in of_kind("production", "Deployment").items():
        assert deployment["spec"]["replicas"] >= 2, name
    budgets = of_kind("production", "PodDisruptionBudget")
    assert set(budgets) == set(SERVICES)
    for name, budget in budgets.items():
        selector = of_kind("production", "Deployment")[name]["spec"]["selector"]
        assert budget["spec"]["selector"] == selector


def test_production_is_not_in_development_mode_and_names_its_identity_provider() -> None:
    settings = config("production")
    assert settings["DEVELOPMENT_MODE"] == "false"
    assert settings["AUTH_JWKS_URL"].startswith("https://")
    assert settings["AUTH_ISSUER"].startswith("https://")


def test_production_exports_traces_and_the_base_does_not() -> None:
    """Issue 14 section 4: OTLP in production, nothing by default."""
    assert config("production")["OTEL_EXPORTER"] == "otlp"
    assert config("production")["OTEL_ENDPOINT"].startswith("http")
    assert config("base").get("OTEL_EXPORTER", "none") == "none"


def test_production_pulls_tagged_images_from_a_registry_and_manages_secrets_outside() -> None:
    assert not of_kind("production", "Secret")
    for owner in pod_owners("production"):
        for container in containers(owner):
            repository, _, tag = container["image"].rpartition(":")
            assert "/" in repository and "." in repository.split("/")[0], container["image"]
            assert tag and tag != "latest", container["image"]
    assert {r["metadata"].get("namespace") for r in rendered("production")} == {"handover"}


def test_production_sizes_the_services_larger_than_the_base() -> None:
    def memory(size: str) -> int:
        number, unit = re.fullmatch(r"(\d+)(Mi|Gi)", size).groups()  # type: ignore[union-attr]
        return int(number) * (1024 if unit == "Gi" else 1)

    base = of_kind("base", "Deployment")
    for name, deployment in of_kind("production", "Deployment").items():
        ours, theirs = app_container(deployment), app_container(base[name])
        for kind in ("requests", "limits"):
            assert memory(ours["resources"][kind]["memory"]) >= memory(
                theirs["resources"][kind]["memory"]
            )
        assert ours["resources"] != theirs["resources"]
