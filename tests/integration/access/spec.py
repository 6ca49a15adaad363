"""The access matrix as reviewed: for every route of every service, the roles that may call it.

Written independently of the services' own tables on purpose: the matrix test holds the code
to this list, and a route that appears in a service without a line here fails it.
"""

from __future__ import annotations

from handover_common.access import Role

R = Role
EVERYONE = frozenset(Role)
PUBLIC: frozenset[Role] = frozenset()  # no token needed
CARE = {R.HOSPITAL_UNIT, R.HEALTH_CENTRE, R.SPECIALISED_OUTPATIENT, R.MUNICIPAL_NURSE}
REGION_CARE = {R.HOSPITAL_UNIT, R.HEALTH_CENTRE, R.SPECIALISED_OUTPATIENT}
NOTICE_READERS = {*CARE, R.FINANCE, R.OPERATIONS}
PRICE_READERS = {R.FINANCE, R.AGREEMENT_ADMIN, R.OPERATIONS}

COMMON: dict[str, frozenset[Role] | set[Role]] = {
    "GET /health": PUBLIC,
    "GET /ready": PUBLIC,
    "GET /metrics": PUBLIC,
    "GET /asyncapi.json": PUBLIC,
    "GET /v1/audit": {R.AUDITOR},
}

MATRIX: dict[str, dict[str, frozenset[Role] | set[Role]]] = {
    "referral": {
        **COMMON,
        "POST /v1/discharges": {R.HOSPITAL_UNIT},
        "POST /v1/discharges/batch": {R.HOSPITAL_UNIT},
        "GET /v1/discharges/{discharge_id}": REGION_CARE,
        "POST /v1/care-requests": {R.HEALTH_CENTRE, R.SPECIALISED_OUTPATIENT},
        "GET /v1/referrals/{referral_id}": REGION_CARE,
        "POST /v1/discharges/{discharge_id}/correction": {R.HOSPITAL_UNIT},
        "POST /v1/discharges/{discharge_id}/cancellation": {R.HOSPITAL_UNIT},
        "POST /v1/care-requests/{care_request_id}/cancel": CARE,
        "POST /v1/care-requests/{care_request_id}/correction": REGION_CARE,
        "POST /v1/admissions": {R.HOSPITAL_UNIT},
        "POST /v1/stays/{stay_id}/ready": {R.HOSPITAL_UNIT},
        "POST /v1/stays/{stay_id}/readiness-cancellation": {R.HOSPITAL_UNIT},
        "POST /v1/stays/{stay_id}/readiness-correction": {R.HOSPITAL_UNIT},
        "POST /v1/stays/{stay_id}/admission-correction": {R.HOSPITAL_UNIT},
        "POST /v1/stays/{stay_id}/admission-cancellation": {R.HOSPITAL_UNIT},
        "GET /v1/care-requests": {R.MUNICIPAL_NURSE},
        "GET /v1/care-requests/{care_request_id}": CARE,
        "POST /v1/care-requests/{care_request_id}/acknowledge": {R.MUNICIPAL_NURSE},
        "POST /v1/care-requests/{care_request_id}/accept": {R.MUNICIPAL_NURSE},
        "POST /v1/care-requests/{care_request_id}/reject": {R.MUNICIPAL_NURSE},
        "POST /v1/care-requests/{care_request_id}/enrol": {R.MUNICIPAL_NURSE},
        "GET /v1/referrals/{referral_id}/deadlines": CARE,
        "GET /v1/stays/{stay_id}/deadlines": CARE,
        "GET /v1/deadlines": CARE,
        # after the handover (issue 9 sections 3, 4, 5)
        "POST /v1/care-requests/{care_request_id}/homecare-discharge": {R.MUNICIPAL_NURSE},
        "POST /v1/care-requests/{care_request_id}/homecare-discharge/acknowledge": {
            R.HEALTH_CENTRE
        },
        "GET /v1/homecare-discharges": {R.MUNICIPAL_NURSE, R.HEALTH_CENTRE},
        "POST /v1/medication-list-changes": REGION_CARE,
        "POST /v1/medication-list-changes/{change_id}/acknowledge": {R.MUNICIPAL_NURSE},
        "GET /v1/medication-list-changes/{change_id}": CARE,
        "GET /v1/care-requests/{care_request_id}/medication": CARE,
        "POST /v1/sip-meetings": {R.HEALTH_CENTRE, R.SPECIALISED_OUTPATIENT},
        "POST /v1/sip-meetings/{sip_id}/held": {R.HEALTH_CENTRE, R.SPECIALISED_OUTPATIENT},
        "GET /v1/sip-meetings": CARE,
    },
    "responsibility": {
        **COMMON,
        "GET /v1/agreements": EVERYONE,
        "GET /v1/agreements/{agreement_id}": EVERYONE,
        "POST /v1/agreements/{agreement_id}/parts/{part_id}/termination": {R.AGREEMENT_ADMIN},
        "GET /v1/rules": EVERYONE,
        "POST /v1/assessments": {*CARE, R.AGREEMENT_ADMIN},
        "GET /v1/decisions/{decision_id}": {*CARE, R.AGREEMENT_ADMIN},
        "GET /v1/overrides": {*CARE, R.AGREEMENT_ADMIN},
        "POST /v1/decisions/{decision_id}/disputes": {*CARE, R.AGREEMENT_ADMIN},
        "GET /v1/disputes": {*CARE, R.AGREEMENT_ADMIN},
        "GET /v1/disputes/{dispute_id}": {*CARE, R.AGREEMENT_ADMIN},
        "POST /v1/disputes/{dispute_id}/positions": {*CARE, R.AGREEMENT_ADMIN},
        "POST /v1/disputes/{dispute_id}/escalate": {R.AGREEMENT_ADMIN},
        "POST /v1/disputes/{dispute_id}/resolution": {R.AGREEMENT_ADMIN},
    },
    "billing": {
        **COMMON,
        "GET /v1/responsibilities/{patient_ref}": {R.FINANCE},
        "GET /v1/tariffs": PRICE_READERS,
        "POST /v1/tariffs": {R.FINANCE},
        "GET /v1/indices": PRICE_READERS,
        "PUT /v1/indices/{index}/{year}": {R.FINANCE},
        "GET /v1/prices/{tariff_id}": PRICE_READERS,
        "POST /v1/work-reports": {*CARE, R.FINANCE},
        "POST /v1/invoice-runs": {R.FINANCE},
        "POST /v1/invoice-runs/payment-clock": {R.FINANCE},
        "POST /v1/invoice-runs/mt-fixed": {R.FINANCE},
        "POST /v1/invoice-runs/supplementary": {R.FINANCE},
        "POST /v1/invoice-runs/joint-funds": {R.FINANCE},
        "GET /v1/invoices": {R.FINANCE},
        "GET /v1/invoices/{invoice_id}": {R.FINANCE},
        "GET /v1/invoices/{invoice_id}/attachment.csv": {R.FINANCE},
        "GET /v1/invoices/{invoice_id}/ubl": {R.FINANCE},
        "POST /v1/invoices/{invoice_id}/credit-notes": {R.FINANCE},
        "GET /v1/supplementary/{year}/statement": {R.FINANCE},
        # issue 13, reference data: add its routes below this line
        "GET /v1/payment-clock/agreements": PRICE_READERS,
        "PUT /v1/payment-clock/agreements/{region_code}": {R.FINANCE},
        "POST /v1/indices/{index}/{year}/confirmation": {R.FINANCE},
        "GET /v1/indices/{index}/{year}/versions": PRICE_READERS,
        "PUT /v1/tariffs/{tariff_id}/{valid_from}": {R.FINANCE},
        "POST /v1/tariffs/{tariff_id}/{valid_from}/confirmation": {R.FINANCE},
        "GET /v1/tariffs/{tariff_id}/{valid_from}/versions": PRICE_READERS,
        "GET /v1/reference-values/placeholders": PRICE_READERS,
        "POST /v1/invoice-runs/price-corrections": {R.FINANCE},
        # issue 13, parties and finance: add its routes below this line
        "GET /v1/parties": PRICE_READERS,
        "GET /v1/parties/{code}": PRICE_READERS,
        "PUT /v1/parties/{code}": {R.FINANCE},
        "GET /v1/invoices/runs": {R.FINANCE},
        "GET /v1/work-kinds": {*CARE, R.FINANCE, R.AGREEMENT_ADMIN, R.OPERATIONS},
        # issue 13, derived counts and terms: add its routes below this line
        "GET /v1/supplementary/{year}/connected-persons": {R.FINANCE},
        "POST /v1/supplementary/{year}/count-adjustments": {R.FINANCE},
    },
    "notification": {
        **COMMON,
        "GET /dashboard": PUBLIC,
        "GET /v1/dashboard": NOTICE_READERS,
        "GET /v1/events/recent": NOTICE_READERS,
        "GET /v1/alarms": NOTICE_READERS,
        # issue 12, delivery: add its routes below this line
        "POST /v1/subscriptions": NOTICE_READERS,
        "GET /v1/subscriptions": NOTICE_READERS,
        "DELETE /v1/subscriptions/{subscription_id}": NOTICE_READERS,
        "POST /v1/deliveries/{message_id}/acknowledgement": NOTICE_READERS,
        "GET /v1/feed": NOTICE_READERS,
        # issue 12, dashboard: add its routes below this line
        "GET /v1/dashboard/stream": NOTICE_READERS,
        "POST /v1/dashboard/dead-letters/{consumer}/replay": {R.OPERATIONS},
        # issue 12, follow-up: add its routes below this line
        "GET /v1/follow-up/trend": {*CARE, R.FINANCE, R.AGREEMENT_ADMIN, R.OPERATIONS},
        "GET /v1/follow-up/{municipality_code}/{year}-{month}": {
            *CARE,
            R.FINANCE,
            R.AGREEMENT_ADMIN,
            R.OPERATIONS,
        },
        "GET /v1/follow-up/{municipality_code}/{year}-{month}/figures.csv": {
            *CARE,
            R.FINANCE,
            R.AGREEMENT_ADMIN,
            R.OPERATIONS,
        },
    },
}
