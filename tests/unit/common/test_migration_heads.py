"""Each service's migrations form one line: two heads make `upgrade head` refuse at start-up,
which only the end-to-end tests would otherwise show (as every service failing to start)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

SERVICES = ("referral", "responsibility", "billing", "notification")
ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_has_one_migration_head(service: str) -> None:
    config = Config()
    config.set_main_option(
        "script_location", str(ROOT / "services" / service / "src" / service / "migrations")
    )
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"{service} has heads {heads}: give the newer one the other as parent"
