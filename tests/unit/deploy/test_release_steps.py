"""The once-per-release steps the deployments run (issue 14): `python -m
handover_common.migrate upgrade|wait <service>`, `python -m handover_common.topics <service>…`
and the MIGRATE_ON_START switch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from handover_common import migrate, service, topics
from handover_common.settings import ServiceSettings
from handover_contracts import ALL_TOPICS, dead_letter_topic, retry_topic

SERVICES = ("referral", "responsibility", "billing", "notification")


def test_migrate_on_start_defaults_on_and_reads_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ServiceSettings().migrate_on_start is True  # make run and the tests
    monkeypatch.setenv("MIGRATE_ON_START", "false")
    assert ServiceSettings().migrate_on_start is False


def test_upgrade_then_wait_on_a_fresh_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    location = migrate.migrations_of("billing")
    assert migrate.settings_of("billing").resolved_database_url() == url
    assert not migrate.at_head(url, location)
    assert migrate.main(["wait", "billing", "--timeout", "0", "--interval", "0"]) == 1
    assert migrate.main(["upgrade", "billing"]) == 0
    assert migrate.at_head(url, location)
    assert migrate.main(["wait", "billing", "--timeout", "0"]) == 0
    assert migrate.main(["upgrade", "billing"]) == 0  # a rerun of the Job does nothing


def test_a_database_ahead_of_the_code_counts_as_at_head(tmp_path: Path) -> None:
    """An old replica restarting after the new release migrated must not wait for ever."""
    url = f"sqlite:///{tmp_path / 'billing.db'}"
    location = migrate.migrations_of("billing")
    migrate.upgrade(url, location)
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffffffff9999'"))
    engine.dispose()
    assert migrate.at_head(url, location)


def test_an_unreachable_database_is_waited_for_not_crashed_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'missing' / 'billing.db'}"  # the directory does not exist
    assert migrate.wait(url, migrate.migrations_of("billing"), timeout=0, interval=0) is False


def test_the_service_is_taken_from_the_images_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SERVICE", "billing")  # the Dockerfile sets it
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'billing.db'}")
    assert migrate.main(["upgrade"]) == 0


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_has_its_settings_class_and_migrations(name: str) -> None:
    assert migrate.settings_of(name).service_name == name
    assert (migrate.migrations_of(name) / "env.py").is_file()


def test_build_service_skips_the_migration_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    monkeypatch.setattr(service, "upgrade", lambda *args: calls.append(args))

    def built(on: bool) -> None:
        settings = ServiceSettings(
            development_mode=True, migrate_on_start=on, database_url="sqlite://"
        )
        service.build_service(
            settings, migrations=Path("unused"), handlers={}, topics=[], routers=[], access={}
        )

    built(False)
    assert calls == []
    built(True)
    assert len(calls) == 1


def test_topics_are_the_shared_ones_and_each_services_own() -> None:
    wanted = topics.topics_for(SERVICES)
    assert set(ALL_TOPICS) <= set(wanted)
    for name in SERVICES:
        assert {dead_letter_topic(name), retry_topic(name)} <= set(wanted)
    assert len(wanted) == len(set(wanted)) == len(ALL_TOPICS) + 2 * len(SERVICES)


def test_topics_are_created_with_the_configured_partitions_and_replicas(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, Any] = {}

    async def ensure(bootstrap: str, names: Any, partitions: int, replication: int) -> list[str]:
        seen.update(bootstrap=bootstrap, names=list(names), p=partitions, r=replication)
        return list(names)[:2]

    monkeypatch.setattr(topics, "ensure_topics", ensure)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka-0:9092,kafka-1:9092")
    monkeypatch.setenv("TOPIC_PARTITIONS", "6")
    monkeypatch.setenv("TOPIC_REPLICATION_FACTOR", "3")
    assert topics.main(["referral", "billing"]) == 0
    assert seen == {
        "bootstrap": "kafka-0:9092,kafka-1:9092",
        "names": topics.topics_for(["referral", "billing"]),
        "p": 6,
        "r": 3,
    }


def test_the_replication_factor_defaults_to_one_for_the_local_broker() -> None:
    assert ServiceSettings().topic_replication_factor == 1
