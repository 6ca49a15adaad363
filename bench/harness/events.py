"""patient.discharged events as referral publishes them: encoded envelopes for the broker
ceiling and for the replay (a fresh responsibility reading the discharge topic)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from handover_common import kafka
from handover_contracts import encode, spec_for, wrap
from handover_contracts.events import PatientDischarged

from tests.support.people import MUNICIPAL_NURSING_CARE, patient_ref

DISCHARGED = "patient.discharged"
TOPIC = spec_for(DISCHARGED).topic
PARTITIONS: int = getattr(kafka, "EMBEDDED_TOPIC_PARTITIONS", 3)
"""As the services create their topics on the embedded broker (an older checkout: 3)."""


def discharged(index: int) -> tuple[bytes, bytes]:
    """(key, value) of the patient.discharged envelope of discharge `index`."""
    ref = patient_ref(f"bench-{index}")
    payload = PatientDischarged.model_validate(
        {
            "discharge_id": uuid.uuid4(),
            "patient_ref": ref,
            "region_code": "23",
            "registered_municipality_code": "2380",
            "age_years": 84,
            "hospital_unit": "Östersunds sjukhus, medicin avd 5",
            "admitted_at": datetime(2026, 11, 12, 7, 30, tzinfo=UTC),
            "discharged_at": datetime(2026, 11, 20, 9, tzinfo=UTC),
            "stay_id": f"bench-{index}",
            "care": MUNICIPAL_NURSING_CARE,
        }
    )
    envelope = wrap(payload, producer="referral", partition_key=ref, correlation_id=str(index))
    return ref.encode(), encode(envelope)


def discharged_batch(count: int) -> list[tuple[bytes, bytes]]:
    return [discharged(i) for i in range(count)]
