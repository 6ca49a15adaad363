"""Offline checks of the container deployment: docker-compose.yml, deploy/Dockerfile, the
PostgreSQL init script and .dockerignore. No Docker engine is needed (nor used)."""

from __future__ import annotations

import fnmatch
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from handover_common.settings import ServiceSettings

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
INIT_SQL = ROOT / "deploy" / "postgres" / "init-databases.sql"
DOCKERIGNORE = ROOT / ".dockerignore"

SERVICES = ("referral", "responsibility", "billing", "notification")
ONE_SHOTS = ("topics", *(f"{s}-migrate" for s in SERVICES))
"""Run to completion before the services start, as a release's Jobs do on Kubernetes."""
EXPECTED_PORTS = {"referral": 8001, "responsibility": 8002, "billing": 8003, "notification": 8004}
DATABASE_URL = re.compile(
    r"^postgresql\+psycopg://(?P<user>[^:@/]+):(?P<password>[^@/]+)"
    r"@(?P<host>[\w.-]+):(?P<port>\d+)/(?P<db>\w+)$"
)
PORT_DEFAULT = re.compile(r"^\s*port:\s*int\s*=\s*(\d+)\s*$", re.MULTILINE)
CREATE_DATABASE = re.compile(
    r"^\s*CREATE\s+DATABASE\s+\"?(\w+)\"?\s*;", re.IGNORECASE | re.MULTILINE
)


# ---------------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture(scope="module")
def kafka_env(compose: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in compose["services"]["kafka"]["environment"].items()}


def with_defaults(value: str) -> str:
    """Compose interpolation as with an empty environment: `${VAR:-default}` -> default."""
    assert "${" not in re.sub(r"\$\{\w+:-[^}]*\}", "", value), f"no default in {value!r}"
    return re.sub(r"\$\{\w+:-([^}]*)\}", lambda m: m[1], value)


def settings_port(service: str) -> int:
    text = (ROOT / "services" / service / "src" / service / "settings.py").read_text("utf-8")
    found = PORT_DEFAULT.findall(text)
    assert len(found) == 1, f"expected one `port: int = …` default in {service}/settings.py"
    return int(found[0])


def listeners(value: str) -> dict[str, tuple[str, int]]:
    """'NAME://host:port,…' -> {NAME: (host, port)}."""
    parsed = {}
    for item in value.split(","):
        name, _, address = item.strip().partition("://")
        host, _, port = address.rpartition(":")
        parsed[name] = (host, int(port))
    return parsed


def published_ports(service: dict[str, Any]) -> list[tuple[int, int]]:
    """Short syntax '[ip:]published:target' -> [(published, target)]."""
    return [(published, target) for _, published, target in published_addresses(service)]


def published_addresses(service: dict[str, Any]) -> list[tuple[str, int, int]]:
    """'[ip:]published:target', interpolated with the defaults -> [(ip, published, target)]."""
    triples = []
    for entry in service.get("ports", []):
        parts = with_defaults(str(entry)).split(":")
        assert len(parts) in (2, 3), f"publish explicitly as published:target, not {entry!r}"
        address = parts[0] if len(parts) == 3 else "0.0.0.0"
        triples.append((address, int(parts[-2]), int(parts[-1])))
    return triples


def settings_env_names(service: str | None) -> set[str]:
    """The environment variable names the service's settings class reads (case-insensitive)."""
    cls: type[ServiceSettings] = ServiceSettings
    if service is not None:
        module = importlib.import_module(f"{service}.settings")
        [cls] = [
            c
            for c in vars(module).values()
            if isinstance(c, type) and issubclass(c, ServiceSettings) and c is not ServiceSettings
        ]
    return {field.upper() for field in cls.model_fields}


def healthcheck_command(service: dict[str, Any]) -> str:
    test = service["healthcheck"]["test"]
    return " ".join(test) if isinstance(test, list) else str(test)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction: continuation lines joined, comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        instructions.append((keyword.upper(), args.strip()))
        pending = ""
    assert not pending, "Dockerfile ends inside a line continuation"
    return instructions


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, args in dockerfile_instructions():
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, args))
    return stages


def copy_sources(args: str) -> list[str]:
    raw: list[str] = json.loads(args) if args.startswith("[") else args.split()
    words = [w for w in raw if not w.startswith("--")]
    assert len(words) >= 2, f"COPY needs a source and a destination: {args!r}"
    return words[:-1]


# ---------------------------------------------------------------------- (a) compose spec


def test_compose_file_is_valid_against_the_compose_spec() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.compose-spec",
            str(COMPOSE_FILE),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# ------------------------------------------------------------------- (b) compose structure


def test_the_four_services_kafka_and_postgres_and_nothing_else(compose: dict[str, Any]) -> None:
    assert set(compose["services"]) == {*SERVICES, *ONE_SHOTS, "kafka", "postgres"}


def test_settings_defaults_are_the_expected_ports() -> None:
    assert {s: settings_port(s) for s in SERVICES} == EXPECTED_PORTS


@pytest.mark.parametrize("name", SERVICES)
def test_service_is_built_from_the_shared_dockerfile(compose: dict[str, Any], name: str) -> None:
    build = compose["services"][name]["build"]
    assert (ROOT / build["context"]).resolve() == ROOT
    assert (ROOT / build["context"] / build["dockerfile"]).resolve() == DOCKERFILE
    assert DOCKERFILE.is_file()
    args = {k: str(v) for k, v in build["args"].items()}
    assert args["SERVICE"] == name
    assert (ROOT / "services" / args["SERVICE"] / "src" / args["SERVICE"] / "__main__.py").is_file()
    assert (ROOT / "services" / args["SERVICE"] / "pyproject.toml").is_file()
    assert args["PORT"] == str(settings_port(name))


@pytest.mark.parametrize("name", SERVICES)
def test_service_port_matches_its_settings_default(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    port = settings_port(name)
    assert published_ports(service) == [(port, port)]
    assert str(service["environment"]["PORT"]) == str(port)


@pytest.mark.parametrize("name", SERVICES)
def test_service_runtime_environment(compose: dict[str, Any], name: str) -> None:
    service = compose["services"][name]
    env = service["environment"]
    assert env["HOST"] == "0.0.0.0"
    assert env["LOG_LEVEL"]
    assert service["restart"] == "unless-stopped"
    assert service["depends_on"] == {
        "kafka": {"condition": "service_healthy"},
        "postgres": {"condition": "service_healthy"},
        "topics": {"condition": "service_completed_successfully"},
        f"{name}-migrate": {"condition": "service_completed_successfully"},
    }
    assert env["MIGRATE_ON_START"] == "false"
    command = healthcheck_command(service)
    assert "python" in command and "curl" not in command
    assert "/health" in command


@pytest.mark.parametrize("name", SERVICES)
def test_each_service_has_its_own_database_created_by_the_init_script(
    compose: dict[str, Any], name: str
) -> None:
    url = with_defaults(compose["services"][name]["environment"]["DATABASE_URL"])
    match = DATABASE_URL.match(url)
    assert match, f"{name}: DATABASE_URL {url!r} is not postgresql+psycopg://user:pass@host:port/db"
    assert match["host"] == "postgres" and "postgres" in compose["services"]
    assert match["port"] == "5432"
    assert match["db"] == name
    assert name in CREATE_DATABASE.findall(INIT_SQL.read_text(encoding="utf-8"))
    postgres_env = compose["services"]["postgres"]["environment"]
    # The same variables, with the same defaults, as the postgres service itself uses.
    raw = compose["services"][name]["environment"]["DATABASE_URL"]
    assert raw.startswith(
        f"postgresql+psycopg://{postgres_env['POSTGRES_USER']}:{postgres_env['POSTGRES_PASSWORD']}@"
    )


def test_databases_are_distinct_and_the_init_script_creates_exactly_them(
    compose: dict[str, Any],
) -> None:
    urls = [compose["services"][s]["environment"]["DATABASE_URL"] for s in SERVICES]
    databases = [url.rsplit("/", 1)[1] for url in urls]
    assert len(set(databases)) == 4
    assert sorted(CREATE_DATABASE.findall(INIT_SQL.read_text(encoding="utf-8"))) == sorted(SERVICES)


def test_postgres_runs_the_init_script_keeps_data_in_a_named_volume_and_is_checked(
    compose: dict[str, Any],
) -> None:
    postgres = compose["services"]["postgres"]
    assert postgres["image"] == "postgres:16"
    env = postgres["environment"]
    assert env["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:-")
    mounts = [str(v).split(":") for v in postgres["volumes"]]
    init = [m for m in mounts if m[1].startswith("/docker-entrypoint-initdb.d/")]
    assert len(init) == 1 and (ROOT / init[0][0]).resolve() == INIT_SQL
    assert init[0][1].endswith(".sql")
    data = [m for m in mounts if m[1] == "/var/lib/postgresql/data"]
    assert len(data) == 1 and data[0][0] in compose["volumes"]
    assert "pg_isready" in healthcheck_command(postgres)


@pytest.mark.parametrize(
    ("service", "name"), [("referral", "PSEUDONYM_SECRET"), ("notification", "WEBHOOK_SECRET_KEY")]
)
def test_a_service_gets_its_secret_with_a_demo_default(
    compose: dict[str, Any], service: str, name: str
) -> None:
    secret = compose["services"][service]["environment"][name]
    assert re.fullmatch(rf"\$\{{{name}:-[^}}]+\}}", secret)
    assert "production" in COMPOSE_FILE.read_text(encoding="utf-8").lower()


def test_kafka_is_apache_kafka_in_kraft_mode_without_zookeeper(
    compose: dict[str, Any], kafka_env: dict[str, str]
) -> None:
    kafka = compose["services"]["kafka"]
    assert kafka["image"] == "apache/kafka:3.9.0"
    assert not [s for s in compose["services"] if "zookeeper" in s.lower()]
    assert not [
        s for s in compose["services"].values() if "zookeeper" in str(s.get("image", "")).lower()
    ]
    assert not [k for k in kafka_env if "ZOOKEEPER" in k]
    assert set(kafka_env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    # The image's start script formats KRaft storage with CLUSTER_ID (a base64url UUID).
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", kafka_env["CLUSTER_ID"])
    assert kafka_env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    assert kafka_env["KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"] == "1"
    assert kafka_env["KAFKA_AUTO_CREATE_TOPICS_ENABLE"] in {"true", "false"}
    assert "/opt/kafka/bin/kafka-broker-api-versions.sh" in healthcheck_command(kafka)


def test_kafka_listeners_are_consistent(kafka_env: dict[str, str]) -> None:
    bound = listeners(kafka_env["KAFKA_LISTENERS"])
    advertised = listeners(kafka_env["KAFKA_ADVERTISED_LISTENERS"])
    protocols = dict(
        item.split(":") for item in kafka_env["KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"].split(",")
    )
    controller = kafka_env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert set(bound) == set(protocols)
    assert controller in bound and controller not in advertised
    assert set(advertised) <= set(bound)
    for name, (_, port) in advertised.items():
        assert bound[name][1] == port, f"{name} advertises a port it does not listen on"
    node = kafka_env["KAFKA_NODE_ID"]
    assert kafka_env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{node}@kafka:{bound[controller][1]}"
    assert kafka_env["KAFKA_INTER_BROKER_LISTENER_NAME"] in advertised


@pytest.mark.parametrize("name", SERVICES)
def test_services_bootstrap_from_kafkas_internal_advertised_listener(
    compose: dict[str, Any], kafka_env: dict[str, str], name: str
) -> None:
    internal = kafka_env["KAFKA_INTER_BROKER_LISTENER_NAME"]
    host, port = listeners(kafka_env["KAFKA_ADVERTISED_LISTENERS"])[internal]
    assert host == "kafka"
    assert compose["services"][name]["environment"]["KAFKA_BOOTSTRAP_SERVERS"] == f"{host}:{port}"
    assert f"{host}:{port}" == "kafka:9092"


# ------------------------------------------------------------------------- (c) Dockerfile


def test_dockerfile_is_multi_stage_on_python_311_slim() -> None:
    instructions = dockerfile_instructions()
    global_args = {}
    for keyword, args in instructions:
        if keyword == "FROM":
            break
        if keyword == "ARG" and "=" in args:
            key, _, value = args.partition("=")
            global_args[key] = value
    stage_names: list[str] = []
    for keyword, args in instructions:
        if keyword != "FROM":
            continue
        words = args.split()
        image = re.sub(r"\$\{(\w+)\}", lambda m: global_args[m[1]], words[0])
        assert image == "python:3.11-slim" or image in stage_names
        if len(words) == 3 and words[1].upper() == "AS":
            stage_names.append(words[2])
    assert len(stage_names) >= 2


def test_dockerfile_builds_the_service_named_by_the_service_arg() -> None:
    stages = dockerfile_stages()
    for stage in stages:
        assert ("ARG", "SERVICE") in stage
    runs = " ; ".join(a for stage in stages for k, a in stage if k == "RUN")
    assert "pip install --no-cache-dir uv==0.13.9" in runs
    syncs = re.findall(r"uv sync[^;&|]*", runs)
    assert syncs, "the image must install with uv sync"
    for sync in syncs:
        assert re.match(r"uv sync --frozen --no-dev --package \"?handover-\$\{?SERVICE\}?\"?", sync)
    final = dict(stages[-1])
    assert "CMD" in final
    cmd = json.loads(final["CMD"])
    assert "python -m" in " ".join(cmd) and "$SERVICE" in " ".join(cmd)
    assert re.search(r"\bSERVICE=\$\{SERVICE\}", final["ENV"])


def test_dockerfile_runtime_stage_is_not_root_binds_all_interfaces_and_is_health_checked() -> None:
    final = dockerfile_stages()[-1]
    users = [a for k, a in final if k == "USER"]
    assert users, "the runtime stage needs a USER line"
    assert users[-1].split(":")[0] not in {"root", "0"}
    env = " ".join(a for k, a in final if k == "ENV")
    assert re.search(r"\bHOST=0\.0\.0\.0\b", env)
    assert [a for k, a in final if k == "EXPOSE"] == ["${PORT}"]
    [healthcheck] = [a for k, a in final if k == "HEALTHCHECK"]
    assert "/health" in healthcheck and "python" in healthcheck and "curl" not in healthcheck


def test_compose_build_args_are_the_dockerfile_args(compose: dict[str, Any]) -> None:
    declared = {
        args.split("=")[0] for keyword, args in dockerfile_instructions() if keyword == "ARG"
    }
    required = {
        args for keyword, args in dockerfile_instructions() if keyword == "ARG" and "=" not in args
    }
    for name in SERVICES:
        given = set(compose["services"][name]["build"]["args"])
        assert required <= given <= declared


def test_every_copy_source_exists_and_is_in_the_build_context() -> None:
    ignored = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    sources = [
        source
        for keyword, args in dockerfile_instructions()
        if keyword == "COPY" and "--from=" not in args
        for source in copy_sources(args)
    ]
    assert {"pyproject.toml", "uv.lock", "libs/", "services/"} <= set(sources)
    for source in sources:
        assert (ROOT / source).exists(), f"COPY source {source} is not in the repository"
        top = Path(source).parts[0]
        assert not [p for p in ignored if fnmatch.fnmatch(top, p)], f"{source} is dockerignored"


def test_dockerignore_keeps_local_state_out_of_the_build_context() -> None:
    ignored = set(DOCKERIGNORE.read_text(encoding="utf-8").split())
    assert {".venv", ".tools", "var", ".git", "**/__pycache__", ".mypy_cache"} <= ignored


# -------------------------------------------------- (d) once-per-up steps, loopback ports


@pytest.mark.parametrize("name", [*SERVICES, "kafka"])
def test_ports_are_published_on_loopback_by_default(compose: dict[str, Any], name: str) -> None:
    addresses = published_addresses(compose["services"][name])
    assert addresses and {address for address, _, _ in addresses} == {"127.0.0.1"}
    for entry in compose["services"][name]["ports"]:
        assert re.match(r"(\$\{PUBLISH_ADDRESS:-127\.0\.0\.1\}|127\.0\.0\.1):", str(entry))


def test_only_the_services_and_kafka_publish_ports(compose: dict[str, Any]) -> None:
    assert {n for n, s in compose["services"].items() if s.get("ports")} == {*SERVICES, "kafka"}


@pytest.mark.parametrize("name", SERVICES)
def test_a_one_shot_migration_per_service_with_its_image_and_database(
    compose: dict[str, Any], name: str
) -> None:
    migrate = compose["services"][f"{name}-migrate"]
    service = compose["services"][name]
    assert migrate["restart"] == "no"
    assert migrate["command"] == ["python", "-m", "handover_common.migrate", "upgrade", name]
    assert migrate["build"] == service["build"]
    assert migrate["image"] == service["image"] == f"handover-{name}"
    assert migrate["environment"]["DATABASE_URL"] == service["environment"]["DATABASE_URL"]
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert "healthcheck" not in migrate and "ports" not in migrate


def test_a_one_shot_step_creates_the_topics_as_configured(compose: dict[str, Any]) -> None:
    topics = compose["services"]["topics"]
    assert topics["restart"] == "no"
    assert topics["command"] == ["python", "-m", "handover_common.topics", *SERVICES]
    assert topics["image"] in {compose["services"][s]["image"] for s in SERVICES}
    assert topics["depends_on"] == {"kafka": {"condition": "service_healthy"}}
    env = topics["environment"]
    assert with_defaults(env["TOPIC_REPLICATION_FACTOR"]) == "1"  # one broker here
    assert int(with_defaults(env["TOPIC_PARTITIONS"])) >= 1
    for name in SERVICES:  # the services' topic guard re-creates lost topics alike
        service_env = compose["services"][name]["environment"]
        for key in ("KAFKA_BOOTSTRAP_SERVERS", "TOPIC_PARTITIONS", "TOPIC_REPLICATION_FACTOR"):
            assert service_env[key] == env[key]


@pytest.mark.parametrize("name", [*SERVICES, *ONE_SHOTS])
def test_every_environment_variable_is_a_setting(compose: dict[str, Any], name: str) -> None:
    service = name.removesuffix("-migrate")
    known = settings_env_names(service if service in SERVICES else None)
    unknown = set(compose["services"][name]["environment"]) - known
    assert not unknown, f"{name}: not settings: {sorted(unknown)}"
