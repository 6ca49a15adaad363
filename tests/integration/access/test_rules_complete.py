"""A route without an access rule stops the service from starting (issue 7)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import referral
from fastapi import APIRouter
from handover_common.access.rules import RouteWithoutRule
from handover_common.service import build_service
from handover_common.settings import UnsafeConfiguration
from referral.bootstrap import bootstrap
from referral.entrypoints.access import ACCESS
from referral.entrypoints.care_requests import answers
from referral.entrypoints.intake import routes as api
from referral.entrypoints.stays import routes as stays
from referral.service_layer.handlers import EVENT_HANDLERS
from referral.settings import ReferralSettings

pytestmark = pytest.mark.integration


def settings(tmp_path: Path) -> ReferralSettings:
    return ReferralSettings(database_url=f"sqlite:///{tmp_path / 'referral.db'}")


def test_a_new_route_without_a_rule_refuses_to_start(tmp_path: Path) -> None:
    extra = APIRouter(prefix="/v1")

    @extra.get("/patients/{patient_ref}")
    def patient(patient_ref: str) -> dict[str, str]:
        return {"patient_ref": patient_ref}

    with pytest.raises(RouteWithoutRule, match=re.escape("GET /v1/patients/{patient_ref}")):
        build_service(
            settings(tmp_path),
            migrations=Path(referral.__file__).parent / "migrations",
            handlers=EVENT_HANDLERS,
            topics=[],
            routers=[api.router, answers.router, stays.router, extra],
            access=ACCESS,
        )


def test_the_shipped_tables_cover_every_route(tmp_path: Path) -> None:
    bootstrap(settings(tmp_path))  # raises RouteWithoutRule otherwise


def test_production_settings_without_secrets_refuse_to_start(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("DEVELOPMENT_MODE", "false")
    with pytest.raises(UnsafeConfiguration, match="PSEUDONYM_SECRET") as refused:
        bootstrap(settings(tmp_path))
    assert "AUTH_JWKS_URL" in str(refused.value)
    assert not (tmp_path / "referral.db").exists(), "nothing was set up before the refusal"
