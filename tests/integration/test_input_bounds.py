"""Issue 10, finding 5: inputs that crashed (500), wedged a discharge or created a second
patient are refused with 422 naming the field and the rule, and nothing is stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from tests.support.people import discharge_body, synthetic_personnummer

pytestmark = pytest.mark.integration


@pytest.fixture
def client(referral_client: TestClient) -> TestClient:
    return referral_client


def stored(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        tables = ("discharge", "patient", "outbox")
        return tuple(
            session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables
        )


def refused(
    client: TestClient, body: dict[str, Any], path: str = "/v1/discharges"
) -> dict[str, str]:
    response = client.post(path, json=body)
    assert response.status_code == 422, response.text
    return {e["field"]: e["rule"] for e in response.json()["errors"]}


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59Z", "9999-12-31T23:00:00+01:00", "0001-01-01T00:00:00+01:00"]
)
def test_a_discharge_outside_the_plausible_window_is_refused(
    client, referral_engine, moment
) -> None:
    before = stored(referral_engine)
    body = discharge_body(9700, discharged_at=moment, admitted_at=None)
    assert refused(client, body) == {"discharged_at": "DATE-WINDOW"}
    assert stored(referral_engine) == before


def test_a_person_born_after_the_discharge_is_refused(client, referral_engine) -> None:
    before = stored(referral_engine)
    body = discharge_body(9701)
    body["patient"]["personnummer"] = synthetic_personnummer(0, born=date(2026, 11, 21))
    assert refused(client, body) == {"patient.personnummer": "PNR-FORMAT"}
    assert stored(referral_engine) == before


@pytest.mark.parametrize("digits", ["٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９"])
def test_only_ascii_digits_make_a_personnummer(client, referral_engine, digits) -> None:
    ascii_number = synthetic_personnummer(9702).replace("-", "")
    other = "".join(digits[int(c)] for c in ascii_number)
    body = discharge_body(9702)
    body["patient"]["personnummer"] = other
    assert refused(client, body) == {"patient.personnummer": "PNR-FORMAT"}


def test_lengths_and_counts_are_bounded(client) -> None:
    body = discharge_body(9703, stay_id="x" * 65)
    body["care"] = {**body["care"], "needs": {"components": ["nursing"] * 50}}
    body["care"]["overrides"] = [
        {
            "decided_by": "A",
            "reason": "r" * 5000,
            "components": ["nursing"],
            "principal": "municipality",
        }
    ]
    errors = refused(client, body)
    assert errors["stay_id"] == "string_too_long"
    assert errors["care.needs.components"] == "too_long"
    assert errors["care.overrides.0.reason"] == "string_too_long"


def test_an_oversized_body_is_refused_before_it_is_read(client, referral_engine) -> None:
    before = stored(referral_engine)
    body = discharge_body(9704)
    body["care"]["overrides"] = [
        {
            "decided_by": "A",
            "reason": "r" * 2_000_000,
            "components": ["nursing"],
            "principal": "municipality",
        }
    ]
    response = client.post("/v1/discharges", json=body)
    assert response.status_code == 413
    assert response.json()["errors"][0]["rule"] == "BODY-SIZE"
    assert stored(referral_engine) == before


def chunks(body: dict[str, Any], size: int = 4096) -> Iterator[bytes]:
    """The body as a client streams it: chunked, no Content-Length."""
    data = json.dumps(body).encode()
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_an_oversized_chunked_body_is_refused_while_it_is_read(client, referral_engine) -> None:
    before = stored(referral_engine)
    body = discharge_body(9705)
    body["care"]["overrides"] = [
        {"decided_by": "A", "reason": "r" * 2_000_000, "components": ["nursing"]}
    ]
    response = client.post(
        "/v1/discharges", content=chunks(body), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert [(e["field"], e["rule"]) for e in response.json()["errors"]] == [("body", "BODY-SIZE")]
    assert stored(referral_engine) == before


def test_a_chunked_body_within_the_limit_is_taken(client, referral_engine) -> None:
    discharges = stored(referral_engine)[0]
    response = client.post(
        "/v1/discharges",
        content=chunks(discharge_body(9706), size=100),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 202, response.text
    assert stored(referral_engine)[0] == discharges + 1
