"""Who may call which responsibility route. The role is checked before the handler runs; the
scope is checked by the handler against the decision or dispute, before any write."""

from __future__ import annotations

from handover_common.access import ANY_ROLE, AccessTable, Role, allow

CARE_STAFF = (
    Role.HOSPITAL_UNIT,
    Role.HEALTH_CENTRE,
    Role.SPECIALISED_OUTPATIENT,
    Role.MUNICIPAL_NURSE,
)
PARTIES = "the caller's region or municipality is a party to the decision"
REFERENCE = (
    "reference data of the agreements and their terms (public documents, decided in the "
    "political arena): no patient data"
)

ACCESS: AccessTable = {
    "GET /v1/agreements": allow(*ANY_ROLE, scope=REFERENCE),
    "GET /v1/agreements/{agreement_id}": allow(*ANY_ROLE, scope=REFERENCE),
    "POST /v1/agreements/{agreement_id}/parts/{part_id}/termination": allow(
        Role.AGREEMENT_ADMIN,
        scope="AG-RENEW: the caller's region or municipality is a party to the agreement and "
        "gives the notice itself, checked before storing",
    ),
    "GET /v1/rules": allow(*ANY_ROLE, scope=REFERENCE),
    "POST /v1/assessments": allow(
        *CARE_STAFF,
        Role.AGREEMENT_ADMIN,
        scope="evaluated and explained, nothing stored, no identity (GEN-SELF: asked case by case)",
    ),
    "GET /v1/decisions/{decision_id}": allow(
        *CARE_STAFF, Role.AGREEMENT_ADMIN, scope=PARTIES, reads_patient_data=True
    ),
    "GET /v1/overrides": allow(
        *CARE_STAFF,
        Role.AGREEMENT_ADMIN,
        scope=f"JH-OB-FLEX departures where {PARTIES}",
        reads_patient_data=True,
    ),
    "POST /v1/decisions/{decision_id}/disputes": allow(
        *CARE_STAFF, Role.AGREEMENT_ADMIN, scope=f"GEN-DISPUTE: {PARTIES}, checked before storing"
    ),
    "GET /v1/disputes": allow(
        *CARE_STAFF,
        Role.AGREEMENT_ADMIN,
        scope=f"disputes where {PARTIES}",
        reads_patient_data=True,
    ),
    "GET /v1/disputes/{dispute_id}": allow(
        *CARE_STAFF, Role.AGREEMENT_ADMIN, scope=PARTIES, reads_patient_data=True
    ),
    "POST /v1/disputes/{dispute_id}/positions": allow(
        *CARE_STAFF, Role.AGREEMENT_ADMIN, scope=f"a party states its position: {PARTIES}"
    ),
    "POST /v1/disputes/{dispute_id}/escalate": allow(
        Role.AGREEMENT_ADMIN, scope=f"GEN-DISPUTE: the responsible managers; {PARTIES}"
    ),
    "POST /v1/disputes/{dispute_id}/resolution": allow(
        Role.AGREEMENT_ADMIN, scope=f"GEN-DISPUTE: the responsible managers; {PARTIES}"
    ),
}
