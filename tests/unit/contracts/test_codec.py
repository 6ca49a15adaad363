from __future__ import annotations

import uuid
from datetime import date

import pytest
from handover_contracts import UnknownEventType, decode, encode, payload_of, wrap
from handover_contracts.events import HomecareEnrolled
from pydantic import ValidationError

from tests.support.people import patient_ref

PR_ABC = patient_ref("abc")


def enrolled() -> HomecareEnrolled:
    return HomecareEnrolled(
        care_request_id=uuid.uuid4(),
        patient_ref=PR_ABC,
        municipality_code="2380",
        enrolled_on=date(2026, 11, 21),
    )


def test_an_envelope_round_trips_through_bytes() -> None:
    envelope = wrap(enrolled(), producer="referral", partition_key=PR_ABC, correlation_id="c1")
    back = decode(encode(envelope))
    assert back == envelope
    assert back.event_type == "homecare.enrolled"
    assert back.schema_version == 1
    assert payload_of(back) == enrolled().model_copy(
        update={"care_request_id": payload_of(back).care_request_id}  # type: ignore[attr-defined]
    )


def test_garbage_bytes_do_not_decode() -> None:
    with pytest.raises(ValidationError):
        decode(b"not json at all")


def test_an_unknown_event_type_is_named() -> None:
    envelope = wrap(enrolled(), producer="x", partition_key=PR_ABC, correlation_id="c")
    strange = envelope.model_copy(update={"event_type": "patient.teleported"})
    with pytest.raises(UnknownEventType, match=r"patient\.teleported"):
        payload_of(strange)
