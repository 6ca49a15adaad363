"""The service's translations: codes ↔ party ids, work.reported → WorkReport, stay notices."""

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import TypeVar

import pytest
from billing.domain import StayEventType, UnknownParty, WorkKind
from billing.service_layer.agreements import is_party_to
from billing.service_layer.reference import directory
from billing.service_layer.stays import hospital_stays, stay_rows
from billing.service_layer.work_mapping import (
    fingerprint,
    normalised,
    service_month,
    work_report_of,
)
from handover_contracts.billing_events import WorkReported
from handover_contracts.stay_events import PatientAdmitted, PatientReadyForDischarge
from pydantic import BaseModel

from tests.support.people import patient_ref

Notice = TypeVar("Notice", bound=BaseModel)

REPORT = {
    "report_id": "wr-1",
    "kind": "mt-service",
    "performer_code": "23",
    "counterparty_code": "2380",
    "responsible_code": "2380",
    "task_type": "pump-service",
    "started_at": "2026-03-31T23:30:00",  # naive: Swedish wall-clock time
    "ended_at": "2026-04-01T00:30:00+02:00",
    "intervention_minutes": 45,
    "costs": [{"kind": "other", "description": "coffee", "quantity": "1", "unit_price": "20"}],
}


def test_codes_and_party_ids_translate_both_ways():
    parties = directory()
    assert parties.party_id("2380") == "kommun-ostersund"
    assert parties.organisation("region-jh") == "region:23"
    assert parties.party_id("9999") is None


def test_an_organisation_is_a_party_by_kind_and_code():
    parties = directory()
    assert parties.party_of("municipality", "2380") == "kommun-ostersund"
    assert parties.party_of("region", "23") == "region-jh"
    assert parties.party_of("operator", "2380") is None  # the code alone names no party
    assert parties.party_of("region", "01") == "region-stockholm"  # every region (GEN-RES)
    assert parties.party_of("municipality", "0180") is None  # Stockholm municipality: no agreement


def test_a_rules_prices_belong_to_the_parties_of_its_agreement():
    assert is_party_to("kommun-berg", "JH-RENT-DAY") and is_party_to("region-jh", "JH-TB")
    assert not is_party_to("region-gavleborg", "JH-MT-VARIABLE")
    assert is_party_to("kommun-bollnas", "GB-ECO") and not is_party_to("region-jh", "GB-ECO")
    assert is_party_to("kommun-berg", "LAW-PAY")  # national law: every party


def test_a_report_is_normalised_to_utc_and_keeps_its_swedish_month():
    report = normalised(WorkReported.model_validate(REPORT))
    assert report.started_at == datetime(2026, 3, 31, 21, 30, tzinfo=UTC)
    assert service_month(report) == "2026-03"
    assert fingerprint(report) == fingerprint(normalised(report))
    assert fingerprint(report) != fingerprint(report.model_copy(update={"travel_minutes": 1}))


def test_a_stored_report_becomes_the_domains_report_with_party_ids():
    report = work_report_of(
        normalised(WorkReported.model_validate(REPORT)).model_dump(), directory()
    )
    assert (report.kind, report.performer_id, report.counterparty_id) == (
        WorkKind.MT_SERVICE,
        "region-jh",
        "kommun-ostersund",
    )
    assert report.costs[0].unit_price == Decimal("20")  # "other" is kept, and never billable
    with pytest.raises(UnknownParty):
        work_report_of({**REPORT, "performer_code": "9999"}, directory())


def notice(kind: type[Notice], **fields: object) -> Notice:
    common: dict[str, object] = {
        "stay_id": "s-1",
        "patient_ref": patient_ref("s-1"),
        "region_code": "23",
    }
    common |= {"registered_municipality_code": "2380", "hospital_unit": "medicin"}
    return kind.model_validate({**common, **fields})


def test_notices_become_the_payment_clocks_stay():
    admitted = notice(
        PatientAdmitted,
        admitted_at="2026-03-01T08:00:00+01:00",
        notice_sent_at="2026-03-01T09:00:00+01:00",
        psychiatric_care=True,
    )
    ready = notice(
        PatientReadyForDischarge,
        ready_at="2026-03-05T10:00:00+01:00",
        notice_sent_at="2026-03-05T10:00:00+01:00",
        sip_needed=True,
        sip_called_at="2026-03-06T10:00:00+01:00",
    )
    rows = stay_rows(uuid.uuid4(), admitted) + stay_rows(uuid.uuid4(), ready)
    (stay,), warnings = hospital_stays(rows, directory())
    assert warnings == []
    assert (stay.municipality_id, stay.care_type, stay.sip_needed) == (
        "kommun-ostersund",
        "psychiatry",
        True,
    )
    assert [e.event_type for e in stay.ordered_events()] == [
        StayEventType.ADMITTED,
        StayEventType.ADMISSION_NOTICE_SENT,
        StayEventType.READY_NOTICE_SENT,
        StayEventType.SIP_CALLED,
    ]


def test_a_stay_in_an_unknown_municipality_is_named_not_billed():
    rows = stay_rows(
        uuid.uuid4(),
        notice(
            PatientAdmitted,
            registered_municipality_code="0180",
            admitted_at="2026-03-01T08:00:00+01:00",
            notice_sent_at="2026-03-01T09:00:00+01:00",
        ),
    )
    assert hospital_stays(rows, directory()) == (
        [],
        ["stay s-1: region or municipality is not a billing party"],
    )
