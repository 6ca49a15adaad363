"""Follow-up figures per municipality and month (issue 12 section 4), on SQLite and PostgreSQL:
a scripted March 2026 for Östersund (2380) and Berg (2326), applied through notification's
handlers, checked figure by figure, as CSV, as a trend, against redelivery, and by access."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from handover_common.inbox import apply_once
from handover_contracts import Envelope, wrap
from handover_contracts.billing_events import WorkReported
from handover_contracts.deadline_events import DeadlineMet, DeadlineMissed, DeadlineStopped
from handover_contracts.events import (
    CareRequestAccepted,
    CareRequestAcknowledged,
    CareRequestAcuteConfirmed,
    CareRequestCreated,
    CareRequestRejected,
    DisputeOpened,
    DisputeResolved,
    HomecareEnrolled,
    Payload,
    ResponsibilityDecided,
    ResponsibilityMoved,
)
from handover_contracts.followup_events import HomecareDischarged
from handover_contracts.lifecycle_events import CareRequestCancelled, CareRequestCompleted
from notification.bootstrap import bootstrap
from notification.service_layer.handlers import EVENT_HANDLERS
from notification.settings import NotificationSettings

from tests.support.identity import NURSE_2326, NURSE_2380, OPERATIONS, as_caller
from tests.support.people import patient_ref

pytestmark = pytest.mark.integration

HEALTH_CENTRE_23 = as_caller("region:23", "health-centre")
FINANCE_23 = as_caller("region:23", "finance")
HEALTH_CENTRE_21 = as_caller("region:21", "health-centre")
AUDITOR_2380 = as_caller("municipality:2380", "auditor")
MARCH = "/v1/follow-up/2380/2026-03"


def at(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC moment in 2026 (Swedish time is UTC+1 until 29 March, then UTC+2)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


class Script:
    """Builds the month's envelopes, each at a known moment, and remembers them."""

    def __init__(self) -> None:
        self.envelopes: list[Envelope] = []
        self.refs: dict[str, str] = {}
        self.ids: dict[str, uuid.UUID] = {}

    def ref(self, name: str) -> str:
        return self.refs.setdefault(name, patient_ref())

    def id(self, name: str) -> uuid.UUID:
        return self.ids.setdefault(name, uuid.uuid4())

    def add(self, payload: Payload, when: datetime) -> Envelope:
        envelope = wrap(payload, producer="test", partition_key="p", correlation_id="follow-up")
        envelope = envelope.model_copy(update={"occurred_at": when})
        self.envelopes.append(envelope)
        return envelope

    def request(self, name: str, code: str, created: datetime, **kw: Any) -> None:
        self.add(
            CareRequestCreated(
                care_request_id=self.id(name),
                discharge_id=uuid.uuid4(),
                patient_ref=self.ref(name),
                municipality_code=code,
                decision_id=self.id(f"decision-{name}"),
                components=["nursing"],
                **kw,
            ),
            created,
        )

    def answer(self, model: type[Payload], name: str, code: str, when: datetime, **kw: Any) -> None:
        payload = {"care_request_id": self.id(name), "patient_ref": self.ref(name)}
        self.add(model.model_validate({**payload, "municipality_code": code, **kw}), when)

    def stay(self, name: str, code: str, enrolled: date, **discharge: Any) -> None:
        self.answer(
            HomecareEnrolled, name, code, at(enrolled.month, enrolled.day, 9), enrolled_on=enrolled
        )
        if discharge:
            day: date = discharge["discharged_on"]
            self.answer(
                HomecareDischarged,
                name,
                code,
                at(day.month, day.day, 15),
                region_code="23",
                **discharge,
            )
            self.answer(
                CareRequestCompleted, name, code, at(day.month, day.day, 16), completed_on=day
            )

    def deadline(
        self,
        model: type[Payload],
        rule: str,
        subject: str,
        owed_by: str,
        code: str | None,
        due: datetime,
        when: datetime,
        **kw: Any,
    ) -> None:
        facts = {
            "rule_id": rule,
            "owed_by": owed_by,
            "subject": "care-request",
            "subject_id": subject,
            "patient_ref": self.ref(subject),
            "region_code": "23",
            "municipality_code": code,
            "anchor_at": due - timedelta(days=1),
            "due_at": due,
        }
        self.add(model.model_validate({**facts, **kw}), when)

    def work(
        self,
        report: str,
        kind: str,
        performer: str,
        counterparty: str,
        start: datetime,
        **minutes: Any,
    ) -> None:
        payload = WorkReported(
            report_id=report,
            kind=kind,
            performer_code=performer,
            counterparty_code=counterparty,
            responsible_code="23",
            task_type="nurse-visit",
            started_at=start,
            ended_at=start + timedelta(hours=2),
            **minutes,
        )
        self.add(payload, start + timedelta(hours=3))


def march_2026() -> Script:
    s = Script()
    ack, acc, rej = CareRequestAcknowledged, CareRequestAccepted, CareRequestRejected
    # --- Östersund (2380) ---
    # A: from hospital discharge; acknowledged after 12 minutes, accepted, 3–20 March in home care
    s.request("A", "2380", at(3, 2, 8))
    s.answer(ack, "A", "2380", at(3, 2, 8, 12))
    s.answer(acc, "A", "2380", at(3, 2, 9))
    s.stay("A", "2380", date(2026, 3, 3), discharged_on=date(2026, 3, 20), reason="needs-met")
    # B: acute, from primary care; 30 minutes; enrolled 25 March and still in home care
    s.request("B", "2380", at(3, 5, 10), way_in="primary-care", acute=True)
    s.answer(ack, "B", "2380", at(3, 5, 10, 30))
    s.answer(acc, "B", "2380", at(3, 5, 11))
    s.answer(CareRequestAcuteConfirmed, "B", "2380", at(3, 5, 11))
    s.stay("B", "2380", date(2026, 3, 25))
    # C: from specialised outpatient care; 45 minutes; rejected for missing information
    s.request("C", "2380", at(3, 10, 12), way_in="specialised-outpatient")
    s.answer(ack, "C", "2380", at(3, 10, 12, 45))
    s.answer(rej, "C", "2380", at(3, 10, 13), reason_code="missing_information", reason_text="x")
    # D: 20 minutes; rejected: not the municipality's responsibility
    s.request("D", "2380", at(3, 12, 7))
    s.answer(ack, "D", "2380", at(3, 12, 7, 20))
    s.answer(
        rej, "D", "2380", at(3, 12, 8), reason_code="not_municipal_responsibility", reason_text="y"
    )
    # E: created 31 March 22:30 UTC = 1 April 00:30 in Sweden: April's
    s.request("E", "2380", at(3, 31, 22, 30))
    # F: from primary care, withdrawn by the requester before any answer
    s.request("F", "2380", at(3, 15, 9), way_in="primary-care")
    s.answer(
        CareRequestCancelled,
        "F",
        "2380",
        at(3, 16, 9),
        cancelled_by="requester",
        reason="no longer needed",
    )
    # G: created and acknowledged in February, accepted on 1 March
    s.request("G", "2380", at(2, 26, 8))
    s.answer(ack, "G", "2380", at(2, 26, 9))
    s.answer(acc, "G", "2380", at(3, 1, 7))
    # deadlines due in March
    met, missed, stopped = DeadlineMet, DeadlineMissed, DeadlineStopped
    s.deadline(
        met,
        "CR-ACK",
        "A",
        "municipality:2380",
        "2380",
        at(3, 2, 9),
        at(3, 2, 8, 12),
        met_at=at(3, 2, 8, 12),
        late=False,
    )
    s.deadline(
        met,
        "CR-ACK",
        "B",
        "municipality:2380",
        None,
        at(3, 5, 11),
        at(3, 5, 10, 30),
        met_at=at(3, 5, 10, 30),
        late=False,
    )
    s.deadline(
        missed,
        "LAW-SIP3",
        "A",
        "region:23",
        "2380",
        at(3, 8, 12),
        at(3, 8, 12, 1),
        detected_at=at(3, 8, 12, 1),
    )
    s.deadline(
        missed,
        "LAW-SIP3",
        "B",
        "region:23",
        "2380",
        at(3, 9, 12),
        at(3, 9, 12, 1),
        detected_at=at(3, 9, 12, 1),
    )
    s.deadline(
        met,
        "LAW-SIP3",
        "B",
        "region:23",
        "2380",
        at(3, 9, 12),
        at(3, 10, 8),
        met_at=at(3, 10, 8),
        late=True,
    )
    s.deadline(
        missed,
        "LAW-ADM24",
        "C",
        "region:23",
        "2380",
        at(3, 11, 12),
        at(3, 11, 12, 1),
        detected_at=at(3, 11, 12, 1),
    )
    s.deadline(
        stopped,
        "LAW-ADM24",
        "C",
        "region:23",
        "2380",
        at(3, 11, 12),
        at(3, 11, 14),
        stopped_at=at(3, 11, 14),
    )
    # work: Östersund's nurses for the region; the region's medical technology for Östersund
    s.work(
        "w1",
        "staff-rental",
        "2380",
        "23",
        at(3, 4, 8),
        intervention_minutes=60,
        administration_minutes=15,
        reporting_back_minutes=10,
        travel_minutes=20,
    )
    s.work(
        "w2",
        "staff-rental",
        "2380",
        "23",
        at(3, 6, 8),
        intervention_minutes=40,
        travel_minutes=15,
        combined_with_ordinary_visit=True,
    )
    s.work("w3", "mt-service", "23", "2380", at(3, 9, 8), intervention_minutes=90)
    s.work("w4", "sight", "2380", "23", at(3, 31, 23, 30), intervention_minutes=60)  # April
    # a dispute about A's decision, opened on 16 March, settled on 18 March: nursing to
    # Östersund, rehabilitation to the region
    s.add(decided(s.id("decision-A"), s.ref("A"), "2380"), at(3, 1, 8))
    s.add(opened(s, "dispute-1", "A", "2380", date(2026, 3, 16)), at(3, 16, 9))
    s.add(
        moved(
            s.id("dispute-1"),
            s.id("decision-A"),
            s.ref("A"),
            "nursing",
            ("region", "23"),
            ("municipality", "2380"),
        ),
        at(3, 18, 10),
    )
    s.add(
        moved(
            s.id("dispute-1"),
            s.id("decision-A"),
            s.ref("A"),
            "rehabilitation",
            ("municipality", "2380"),
            ("region", "23"),
        ),
        at(3, 18, 10),
    )
    s.add(
        resolved(
            s,
            "dispute-1",
            "A",
            "2380",
            date(2026, 3, 16),
            date(2026, 3, 18),
            moved=[
                {
                    "component": "nursing",
                    "moved_from": {"kind": "region", "code": "23"},
                    "moved_to": {"kind": "municipality", "code": "2380"},
                },
                {
                    "component": "rehabilitation",
                    "moved_from": {"kind": "municipality", "code": "2380"},
                    "moved_to": {"kind": "region", "code": "23"},
                },
            ],
        ),
        at(3, 18, 10),
    )
    # an organisational dispute about B's decision, opened on 20 March and still open
    s.add(opened(s, "dispute-3", "B", "2380", date(2026, 3, 20), "organisational"), at(3, 20, 9))
    # a dispute about C's decision opened in February, settled on 24 March: the decision stands
    s.add(opened(s, "dispute-4", "C", "2380", date(2026, 2, 27)), at(2, 27, 13))
    s.add(resolved(s, "dispute-4", "C", "2380", date(2026, 2, 27), date(2026, 3, 24)), at(3, 24, 9))
    # opened 31 March 22:45 UTC = 1 April 00:45 in Sweden: April's
    s.add(opened(s, "dispute-5", "D", "2380", date(2026, 4, 1)), at(3, 31, 22, 45))
    # --- Berg (2326) ---
    s.request("H", "2326", at(3, 3, 8))
    s.answer(ack, "H", "2326", at(3, 3, 8, 5))
    s.answer(acc, "H", "2326", at(3, 3, 9))
    s.stay("H", "2326", date(2026, 3, 4), discharged_on=date(2026, 3, 6), reason="deceased")
    s.request("I", "2326", at(3, 20, 8), way_in="primary-care")
    s.answer(ack, "I", "2326", at(3, 20, 9))
    s.answer(rej, "I", "2326", at(3, 20, 10), reason_code="patient_declined", reason_text="z")
    s.deadline(
        missed,
        "CR-ACK",
        "J",
        "municipality:2326",
        None,
        at(3, 21, 8),
        at(3, 21, 8, 1),
        detected_at=at(3, 21, 8, 1),
    )
    s.work("w5", "sight", "2326", "23", at(3, 12, 9), intervention_minutes=45)
    # a decision notification never saw: the municipality is the party the component left
    s.add(
        moved(
            s.id("dispute-2"),
            uuid.uuid4(),
            s.ref("H"),
            "oxygen",
            ("municipality", "2326"),
            ("region", "23"),
        ),
        at(3, 19, 10),
    )
    return s


def decided(decision: uuid.UUID, ref: str, code: str) -> ResponsibilityDecided:
    return ResponsibilityDecided(
        decision_id=decision,
        discharge_id=uuid.uuid4(),
        patient_ref=ref,
        source_event_id=uuid.uuid4(),
        agreement_id="JH-2026",
        agreement_version="2026-01-01",
        decided_on=date(2026, 3, 1),
        municipality_code=code,
        components=[],
        rule_ids=["JH-OB-1"],
    )


def dispute_facts(s: Script, dispute: str, name: str, code: str) -> dict[str, Any]:
    return {
        "dispute_id": s.id(dispute),
        "decision_id": s.id(f"decision-{name}"),
        "patient_ref": s.ref(name),
        "region_code": "23",
        "municipality_code": code,
        "components": ["nursing", "rehabilitation"],
        "level": "individual",
        "arena": "responsible_managers",
    }


def opened(
    s: Script, dispute: str, name: str, code: str, on: date, level: str = "individual"
) -> DisputeOpened:
    facts = {**dispute_facts(s, dispute, name, code), "level": level}
    return DisputeOpened.model_validate({**facts, "opened_by": "region:23", "opened_on": on})


def resolved(
    s: Script,
    dispute: str,
    name: str,
    code: str,
    opened_on: date,
    on: date,
    moved: list[dict[str, Any]] | None = None,
) -> DisputeResolved:
    return DisputeResolved.model_validate(
        {
            **dispute_facts(s, dispute, name, code),
            "opened_on": opened_on,
            "resolved_on": on,
            "moved": moved or [],
        }
    )


def moved(
    dispute: uuid.UUID,
    decision: uuid.UUID,
    ref: str,
    component: str,
    source: tuple[str, str],
    target: tuple[str, str],
) -> ResponsibilityMoved:
    return ResponsibilityMoved.model_validate(
        {
            "dispute_id": dispute,
            "decision_id": decision,
            "patient_ref": ref,
            "component": component,
            "moved_from": {"kind": source[0], "code": source[1]},
            "moved_to": {"kind": target[0], "code": target[1]},
            "effective_from": date(2026, 3, 18),
        }
    )


@pytest.fixture(scope="module")
def client(module_database_url: str, broker) -> Iterator[TestClient]:
    settings = NotificationSettings(
        database_url=module_database_url, kafka_bootstrap_servers=broker.bootstrap_servers
    )
    with TestClient(bootstrap(settings)) as running:
        yield running


def apply(client: TestClient, envelope: Envelope) -> str:
    engine = client.app.state.runtime.engine  # type: ignore[attr-defined]
    return apply_once(engine, "notification", envelope, EVENT_HANDLERS)


@pytest.fixture(scope="module")
def script(client: TestClient) -> Script:
    scripted = march_2026()
    assert {apply(client, e) for e in scripted.envelopes} == {"applied"}
    return scripted


def figures(
    client: TestClient, path: str = MARCH, headers: dict[str, str] = NURSE_2380
) -> dict[str, Any]:
    answer = client.get(path, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


ZERO_OUTCOMES = {"open": 0, "accepted": 0, "rejected": 0, "cancelled": 0, "entered-in-error": 0}
NO_WORK = {"reports": 0, "minutes": 0, "hours": "0.00"}
STREAMS = (
    "staff-rental",
    "sight",
    "hearing",
    "mt-service",
    "severe-care",
    "hospital-accompaniment",
    "non-resident-care",
)


def work(**streams: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s: streams.get(s.replace("-", "_"), NO_WORK) for s in STREAMS}


def test_every_figure_of_ostersund_in_march(client, script) -> None:
    found = figures(client)
    assert found["municipality_code"] == "2380" and found["month"] == "2026-03"
    assert found["time_zone"] == "Europe/Stockholm"
    assert found["care_requests"] == {
        "created": 5,  # A, B, C, D, F (E is April's in Sweden, G February's)
        "acute": 1,
        "by_way_in": {"hospital-discharge": 2, "primary-care": 2, "specialised-outpatient": 1},
        "by_outcome": {**ZERO_OUTCOMES, "accepted": 2, "rejected": 2, "cancelled": 1},
        "by_way_in_and_outcome": {
            "hospital-discharge": {**ZERO_OUTCOMES, "accepted": 1, "rejected": 1},
            "primary-care": {**ZERO_OUTCOMES, "accepted": 1, "cancelled": 1},
            "specialised-outpatient": {**ZERO_OUTCOMES, "rejected": 1},
        },
        "accepted": 3,  # A, B and G (created in February)
        "rejected": 2,
        "rejected_by_reason": {
            "missing_information": 1,
            "not_municipal_responsibility": 1,
            "wrong_municipality": 0,
            "patient_declined": 0,
            "other": 0,
        },
    }
    # 12, 20, 30, 45 minutes
    assert found["time_to_acknowledge"] == {
        "acknowledged": 4,
        "median_minutes": "25.00",
        "mean_minutes": "26.75",
    }
    assert found["home_care"] == {
        "enrolled": 2,
        "discharged": 1,
        "discharged_by_reason": {
            "needs-met": 1,
            "moved": 0,
            "deceased": 0,
            "special-housing": 0,
            "other": 0,
            "ended-without-discharge": 0,
        },
        "stays": 2,
        "days": 18 + 7,  # A: 3–20 March; B: 25–31 March
    }
    assert found["deadlines"] == {
        "CR-ACK": {"met": 2, "met_late": 0, "missed": 0},
        "LAW-ADM24": {"met": 0, "met_late": 0, "missed": 0},  # stopped: neither
        "LAW-SIP3": {"met": 0, "met_late": 1, "missed": 1},
    }
    assert found["disputes"] == {
        "opened": 2,  # dispute 1 and 3 (4 was opened in February, 5 is April's in Sweden)
        "opened_by_level": {"individual": 1, "organisational": 1},
        "settled": 2,
        "settled_with_move": 1,  # dispute 1
        "settled_without_move": 1,  # dispute 4
        "components_moved": {"nursing": 1, "rehabilitation": 1},
        "moved_to": {"municipality": 1, "region": 1},
    }
    assert found["work"] == {
        # w1: 60 + 15 + 10 + 20 travel; w2: 40, travel combined with an ordinary visit
        "performed": work(staff_rental={"reports": 2, "minutes": 145, "hours": "2.42"}),
        "received": work(mt_service={"reports": 1, "minutes": 90, "hours": "1.50"}),
    }
    assert found["not_measured"] == {}


def test_every_figure_of_berg_in_march(client, script) -> None:
    found = figures(client, "/v1/follow-up/2326/2026-03", NURSE_2326)
    assert found["care_requests"]["created"] == 2
    assert found["care_requests"]["by_outcome"] == {**ZERO_OUTCOMES, "accepted": 1, "rejected": 1}
    assert found["care_requests"]["rejected_by_reason"]["patient_declined"] == 1
    assert found["time_to_acknowledge"] == {
        "acknowledged": 2,
        "median_minutes": "32.50",
        "mean_minutes": "32.50",
    }
    assert found["home_care"]["days"] == 3 and found["home_care"]["enrolled"] == 1
    assert found["home_care"]["discharged_by_reason"]["deceased"] == 1
    assert found["deadlines"] == {"CR-ACK": {"met": 0, "met_late": 0, "missed": 1}}
    assert found["disputes"] == {
        "opened": 0,
        "opened_by_level": {"individual": 0, "organisational": 0},
        "settled": 1,  # a move only: its resolution and opening were never seen
        "settled_with_move": 1,
        "settled_without_move": 0,
        "components_moved": {"oxygen": 1},
        "moved_to": {"municipality": 0, "region": 1},
    }
    assert found["work"]["performed"]["sight"] == {"reports": 1, "minutes": 45, "hours": "0.75"}


def test_april_gets_what_happened_after_midnight_swedish_time(client, script) -> None:
    april = figures(client, "/v1/follow-up/2380/2026-04")
    assert april["care_requests"]["created"] == 1  # E
    assert april["home_care"]["days"] == 30  # B goes on
    assert april["work"]["performed"]["sight"]["minutes"] == 60  # w4
    assert (april["disputes"]["opened"], april["disputes"]["settled"]) == (1, 0)  # dispute 5
    february = figures(client, "/v1/follow-up/2380/2026-02")["disputes"]
    assert february["opened_by_level"] == {"individual": 1, "organisational": 0}  # dispute 4


EXPECTED_CSV = """\
figure,dimension,value
care_requests_created,all,5
care_requests_created,hospital-discharge,2
care_requests_created,primary-care,2
care_requests_created,specialised-outpatient,1
care_requests_acute,all,1
care_requests_outcome,open,0
care_requests_outcome,accepted,2
care_requests_outcome,rejected,2
care_requests_outcome,cancelled,1
care_requests_outcome,entered-in-error,0
care_requests_outcome,hospital-discharge/open,0
care_requests_outcome,hospital-discharge/accepted,1
care_requests_outcome,hospital-discharge/rejected,1
care_requests_outcome,hospital-discharge/cancelled,0
care_requests_outcome,hospital-discharge/entered-in-error,0
care_requests_outcome,primary-care/open,0
care_requests_outcome,primary-care/accepted,1
care_requests_outcome,primary-care/rejected,0
care_requests_outcome,primary-care/cancelled,1
care_requests_outcome,primary-care/entered-in-error,0
care_requests_outcome,specialised-outpatient/open,0
care_requests_outcome,specialised-outpatient/accepted,0
care_requests_outcome,specialised-outpatient/rejected,1
care_requests_outcome,specialised-outpatient/cancelled,0
care_requests_outcome,specialised-outpatient/entered-in-error,0
care_requests_accepted,all,3
care_requests_rejected,all,2
care_requests_rejected,missing_information,1
care_requests_rejected,not_municipal_responsibility,1
care_requests_rejected,wrong_municipality,0
care_requests_rejected,patient_declined,0
care_requests_rejected,other,0
acknowledged,all,4
time_to_acknowledge_median_minutes,all,25.00
time_to_acknowledge_mean_minutes,all,26.75
homecare_enrolled,all,2
homecare_discharged,all,1
homecare_discharged,needs-met,1
homecare_discharged,moved,0
homecare_discharged,deceased,0
homecare_discharged,special-housing,0
homecare_discharged,other,0
homecare_discharged,ended-without-discharge,0
homecare_stays,all,2
homecare_days,all,25
deadlines_met,CR-ACK,2
deadlines_met_late,CR-ACK,0
deadlines_missed,CR-ACK,0
deadlines_met,LAW-ADM24,0
deadlines_met_late,LAW-ADM24,0
deadlines_missed,LAW-ADM24,0
deadlines_met,LAW-SIP3,0
deadlines_met_late,LAW-SIP3,1
deadlines_missed,LAW-SIP3,1
disputes_opened,all,2
disputes_opened,individual,1
disputes_opened,organisational,1
disputes_settled,all,2
disputes_settled_with_move,all,1
disputes_settled_without_move,all,1
components_moved,nursing,1
components_moved,rehabilitation,1
components_moved_to,municipality,1
components_moved_to,region,1
""" + "".join(
    f"work_reports_{direction},{stream},{reports}\n"
    f"work_minutes_{direction},{stream},{minutes}\n"
    f"work_hours_{direction},{stream},{hours}\n"
    for direction, busy, done in (
        ("performed", "staff-rental", (2, 145, "2.42")),
        ("received", "mt-service", (1, 90, "1.50")),
    )
    for stream in STREAMS
    for reports, minutes, hours in [done if stream == busy else (0, 0, "0.00")]
)


def test_the_csv_has_every_figure_exactly(client, script) -> None:
    expected = EXPECTED_CSV.replace("\n", "\r\n")
    answer = client.get(f"{MARCH}/figures.csv", headers=NURSE_2380)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/csv")
    assert 'filename="follow-up-2380-2026-03.csv"' in answer.headers["content-disposition"]
    assert answer.text == expected
    assert client.get(MARCH, params={"format": "csv"}, headers=NURSE_2380).text == expected


def test_the_swedish_spreadsheet_variant(client, script) -> None:
    answer = client.get(f"{MARCH}/figures.csv", params={"variant": "swedish"}, headers=NURSE_2380)
    assert answer.status_code == 200, answer.text
    assert answer.content.startswith(b"\xef\xbb\xbffigur;dimension;v\xc3\xa4rde\r\n")
    lines = answer.content.decode("utf-8-sig").split("\r\n")
    assert "time_to_acknowledge_mean_minutes;all;26,75" in lines
    assert "work_hours_performed;staff-rental;2,42" in lines
    same = client.get(MARCH, params={"format": "csv-sv"}, headers=NURSE_2380)
    assert same.content == answer.content


def test_the_trend_one_number_per_month_oldest_first(client, script) -> None:
    params = {"months": 3, "until": "2026-04"}
    answer = client.get("/v1/follow-up/trend", params=params, headers=HEALTH_CENTRE_23)
    assert answer.status_code == 200, answer.text
    assert answer.json() == {
        "months": ["2026-02", "2026-03", "2026-04"],
        "municipalities": {
            "2326": {
                "care_requests": [0, 2, 0],
                "accepted": [0, 1, 0],
                "rejected": [0, 1, 0],
                "enrolled": [0, 1, 0],
            },
            "2380": {
                "care_requests": [1, 5, 1],
                "accepted": [0, 3, 0],
                "rejected": [0, 2, 0],
                "enrolled": [0, 2, 0],
            },
        },
    }
    own = client.get("/v1/follow-up/trend", params=params, headers=NURSE_2326).json()
    assert list(own["municipalities"]) == ["2326"]
    default = client.get("/v1/follow-up/trend", headers=NURSE_2380).json()
    assert len(default["months"]) == 12 and list(default["municipalities"]) == ["2380"]


def test_redelivery_and_republished_facts_count_once(client, script) -> None:
    before = figures(client)
    assert {apply(client, e) for e in script.envelopes} == {"duplicate"}
    for envelope in script.envelopes:  # the same facts again under new event ids
        assert apply(client, envelope.model_copy(update={"event_id": uuid.uuid4()})) == "applied"
    assert figures(client) == before


def test_access_own_municipality_county_and_all(client, script) -> None:
    refused = client.get(MARCH, headers=NURSE_2326)
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"] == "municipality_code"
    assert refused.json()["errors"][0]["rule"] == "FOLLOW-UP-SCOPE"
    assert client.get(f"{MARCH}/figures.csv", headers=NURSE_2326).status_code == 403
    assert client.get(MARCH, headers=HEALTH_CENTRE_21).status_code == 403  # another county
    for headers in (
        HEALTH_CENTRE_23,
        FINANCE_23,
        OPERATIONS,
        as_caller("municipality:2326", "finance"),
    ):
        assert client.get(MARCH, headers=headers).status_code == 200
    assert client.get(MARCH, headers=AUDITOR_2380).status_code == 403  # role
    assert client.get(MARCH).status_code == 401


@pytest.mark.parametrize(
    ("path", "params", "status", "field"),
    [
        ("/v1/follow-up/2380/2026-13", {}, 422, "month"),
        ("/v1/follow-up/2380/2026-00", {}, 422, "month"),
        ("/v1/follow-up/2380/1999-03", {}, 422, "year"),
        ("/v1/follow-up/238/2026-03", {}, 422, "municipality_code"),
        ("/v1/follow-up/2380/2026-03", {"format": "pdf"}, 422, "format"),
        ("/v1/follow-up/9999/2026-03", {}, 404, "path"),
        ("/v1/follow-up/trend", {"months": 37}, 422, "months"),
        ("/v1/follow-up/trend", {"months": 0}, 422, "months"),
        ("/v1/follow-up/trend", {"until": "2026-13"}, 422, "until"),
    ],
)
def test_a_bad_request_names_the_field(client, path, params, status, field) -> None:
    answer = client.get(path, params=params, headers=OPERATIONS)
    assert answer.status_code == status, answer.text
    assert answer.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("until", ["0000-01", "1900-01"])
def test_a_trend_outside_the_calendar_names_the_field(client, until: str) -> None:
    """Found by fuzzing: the pattern admits year 0000, and 12 months before 1900-01 (422, not
    500)."""
    answer = client.get("/v1/follow-up/trend", params={"until": until}, headers=OPERATIONS)
    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"][0]["field"] == "until"
