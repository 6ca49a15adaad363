"""Agreements as data: loading, validity, AG-RENEW, overlapping versions, selection errors."""

from __future__ import annotations

import copy
import json
from datetime import date
from importlib import resources
from typing import Any

import pytest
from responsibility.domain import (
    AgreementDataError,
    NoAgreementInForce,
    catalogue_from_documents,
    decide,
    parse_agreement,
)
from responsibility.domain.terms import PartTermination

from .builders import CATALOGUE, JH_MUNICIPAL

JH_DOC: dict[str, Any] = json.loads(
    resources.files("responsibility.agreements").joinpath("jh-2026.json").read_text("utf-8")
)


RENEW = {"rule": "AG-RENEW", "extend_years": 2, "notice_months": 12}


def jh_doc(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(JH_DOC)
    doc.update(changes)
    return doc


def test_catalogue_holds_every_agreement_of_the_brief() -> None:
    ids = {a.id for a in CATALOGUE.agreements}
    assert ids == {"JH-2026", "GB-2018", "HL-2019", "HL-2021", "OR"}
    assert CATALOGUE.region_codes() == ("13", "18", "21", "23")


@pytest.mark.parametrize(
    ("agreement_id", "region", "members"),
    [
        ("JH-2026", "23", {"2303", "2305", "2309", "2313", "2321", "2326", "2361", "2380"}),
        (
            "GB-2018",
            "21",
            {"2101", "2104", "2121", "2132", "2161", "2180", "2181", "2182", "2183", "2184"},
        ),
        ("HL-2021", "13", {"1315", "1380", "1381", "1382", "1383", "1384"}),
        (
            "OR",
            "18",
            {
                "1814",
                "1860",
                "1861",
                "1862",
                "1863",
                "1864",
                "1880",
                "1881",
                "1882",
                "1883",
                "1884",
                "1885",
            },
        ),
    ],
)
def test_member_municipalities_use_official_codes(
    agreement_id: str, region: str, members: set[str]
) -> None:
    agreement = CATALOGUE.by_id(agreement_id)
    assert agreement.region_code == region
    assert {m.code for m in agreement.municipalities} == members


@pytest.mark.parametrize(
    ("on", "notice", "in_force"),
    [
        pytest.param(date(2025, 12, 31), None, False, id="AG-RENEW-before-start"),
        pytest.param(date(2026, 1, 1), None, True, id="AG-RENEW-first-day"),
        pytest.param(date(2027, 12, 31), None, True, id="AG-RENEW-last-original-day"),
        pytest.param(date(2028, 1, 1), None, True, id="AG-RENEW-renewed-without-termination"),
        pytest.param(date(2035, 6, 1), None, True, id="AG-RENEW-renews-again-and-again"),
        pytest.param(
            date(2027, 12, 31), date(2026, 12, 31), True, id="AG-RENEW-terminated-last-day"
        ),
        pytest.param(
            date(2028, 1, 1), date(2026, 12, 31), False, id="AG-RENEW-notice-exactly-12-months"
        ),
        pytest.param(date(2028, 1, 1), date(2026, 6, 1), False, id="AG-RENEW-notice-early"),
        pytest.param(
            date(2028, 1, 1),
            date(2027, 1, 1),
            True,
            id="AG-RENEW-late-notice-does-not-stop-renewal",
        ),
        pytest.param(
            date(2029, 12, 31), date(2027, 1, 1), True, id="AG-RENEW-late-notice-ends-next-term"
        ),
        pytest.param(
            date(2030, 1, 1), date(2027, 1, 1), False, id="AG-RENEW-late-notice-after-next-term"
        ),
    ],
)
def test_renewal_and_termination(on: date, notice: date | None, in_force: bool) -> None:
    agreement = parse_agreement("jh.json", jh_doc())
    if notice is not None:  # AG-RENEW: the frame (principles) ends the whole agreement
        agreement = agreement.with_terminations([frame_notice(notice)])
    assert agreement.in_force_on(on) is in_force


def frame_notice(noticed_on: date) -> PartTermination:
    return PartTermination("principles", noticed_on, "region:23", "test")


def test_AG_RENEW_effective_end_is_data_driven() -> None:
    agreement = parse_agreement("jh.json", jh_doc())
    terminated = agreement.with_terminations([frame_notice(date(2027, 1, 1))])
    assert terminated.effective_end() == date(2029, 12, 31)
    assert agreement.effective_end() is None


def test_AG_RENEW_terminated_agreement_bounds_the_decision() -> None:
    notice = ("JH-2026", frame_notice(date(2026, 6, 1)))
    catalogue = catalogue_from_documents({"jh.json": jh_doc()}).with_terminations([notice])
    decision = decide(JH_MUNICIPAL, catalogue)
    assert decision.valid_until == date(2027, 12, 31)
    assert decision.reevaluate_on == date(2028, 1, 1)
    with pytest.raises(NoAgreementInForce):
        decide(JH_MUNICIPAL.__class__(decision_date=date(2028, 1, 1), region_code="23"), catalogue)


@pytest.mark.parametrize(
    ("on", "chosen", "also"),
    [
        pytest.param(date(2019, 1, 1), "HL-2019", (), id="HL-2019-alone"),
        pytest.param(date(2021, 3, 31), "HL-2019", (), id="HL-2019-day-before-overlap"),
        pytest.param(date(2021, 4, 1), "HL-2021", ("HL-2019",), id="HL-2021-overlap-starts"),
        pytest.param(date(2023, 12, 31), "HL-2021", ("HL-2019",), id="HL-2021-overlap-ends"),
        pytest.param(date(2024, 1, 1), "HL-2021", (), id="HL-2021-alone"),
        pytest.param(date(2028, 12, 31), "HL-2021", (), id="HL-2021-last-day"),
    ],
)
def test_overlapping_versions_pick_the_newer_start(
    on: date, chosen: str, also: tuple[str, ...]
) -> None:
    selection = CATALOGUE.select("13", on)
    assert selection.agreement.id == chosen
    assert selection.also_in_force == also
    if also:
        assert "started later" in selection.sentence and "HL-2019" in selection.sentence


@pytest.mark.parametrize(
    ("region", "on"),
    [
        pytest.param("13", date(2018, 12, 31), id="HL-before-2019"),
        pytest.param("13", date(2029, 1, 1), id="HL-after-2028"),
        pytest.param("21", date(2020, 1, 1), id="GB-2018-expired"),
        pytest.param("21", date(2018, 3, 31), id="GB-2018-not-started"),
        pytest.param("01", date(2026, 1, 1), id="no-agreement-for-region"),
    ],
)
def test_no_agreement_in_force_is_a_clear_error(region: str, on: date) -> None:
    with pytest.raises(NoAgreementInForce) as raised:
        CATALOGUE.agreement_in_force(region, on)
    assert raised.value.region_code == region
    assert on.isoformat() in str(raised.value)


def test_gb_2018_is_in_force_on_its_last_day() -> None:
    assert CATALOGUE.agreement_in_force("21", date(2019, 12, 31)).id == "GB-2018"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"id": ""}, "id", id="missing-id"),
        pytest.param({"valid_from": "2026-13-01"}, "valid_from", id="bad-date"),
        pytest.param({"valid_to": "2025-01-01"}, "valid_to", id="ends-before-start"),
        pytest.param({"family": "XX"}, "family", id="unknown-family"),
        pytest.param({"region": {"code": "99", "name": "x"}}, "region.code", id="bad-region"),
        pytest.param(
            {"municipalities": [{"code": "2180", "name": "Gävle"}]},
            "municipalities[0].code",
            id="municipality-outside-county",
        ),
        pytest.param({"municipalities": []}, "municipalities", id="no-municipalities"),
        pytest.param(
            {"parts": [{**JH_DOC["parts"][0], "renewal": {**RENEW, "extend_years": 0}}]},
            "parts[0].renewal.extend_years",
            id="AG-RENEW-bad-extension",
        ),
        pytest.param(
            {"termination": {"notice_given_on": "2026-06-01"}},
            "termination",
            id="AG-RENEW-terminations-are-recorded-not-written",
        ),
        pytest.param({"rules": ["GEN-DOC"]}, "rules", id="missing-rules"),
        pytest.param({"rules": [*JH_DOC["rules"], "XX-1"]}, "rules", id="unknown-rule"),
        pytest.param(
            {"parameters": {"JH-OB-2": {"min_days_exclusive": 14}}},
            "parameters.JH-OB-3.cfs_at_least",
            id="JH-OB-3-missing-parameter",
        ),
        pytest.param(
            {"parameters": {**JH_DOC["parameters"], "JH-OB-2": {"min_days_exclusive": "14"}}},
            "parameters.JH-OB-2.min_days_exclusive",
            id="JH-OB-2-parameter-not-int",
        ),
    ],
)
def test_malformed_agreement_names_file_and_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(AgreementDataError) as raised:
        parse_agreement("broken.json", jh_doc(**changes))
    assert raised.value.source == "broken.json"
    assert raised.value.field == field
    assert str(raised.value).startswith(f"broken.json: {field}:")


def test_missing_required_key_is_named() -> None:
    doc = jh_doc()
    del doc["valid_from"]
    with pytest.raises(AgreementDataError, match=r"broken\.json: valid_from: is required"):
        parse_agreement("broken.json", doc)


def test_duplicate_agreement_ids_are_rejected() -> None:
    with pytest.raises(AgreementDataError, match=r"also defined in a\.json"):
        catalogue_from_documents({"a.json": jh_doc(), "b.json": jh_doc()})


def test_decision_records_agreement_id_and_version() -> None:
    decision = decide(JH_MUNICIPAL, CATALOGUE)
    assert (decision.agreement_id, decision.agreement_version) == ("JH-2026", "1")
    assert decision.to_dict()["agreement"] == {
        "id": "JH-2026",
        "version": "1",
        "selection": decision.agreement_selection,
    }
