"""Who may call which billing route. The role is checked before the handler runs; the scope
is checked by the handler against the billing parties (parties.json), before any write.

Finance sees and runs invoicing only where its organisation is a party; tariffs and indices
are changed by finance of the agreement's parties; operations sees the price book, never a
patient, and changes no money.
"""

from __future__ import annotations

from handover_common.access import AccessTable, Role, allow

PRICE_BOOK_READERS = (Role.FINANCE, Role.AGREEMENT_ADMIN, Role.OPERATIONS)
PERFORMERS = (
    Role.MUNICIPAL_NURSE,
    Role.HOSPITAL_UNIT,
    Role.HEALTH_CENTRE,
    Role.SPECIALISED_OUTPATIENT,
    Role.FINANCE,
)
PARTY = "the caller's organisation is a billing party (ACCESS-PARTY)"
OWN_RUN = f"{PARTY}; the run issues only the invoices the caller's organisation supplies"
INVOICE_PARTY = "the caller's organisation is the invoice's supplier or customer (else 404)"

ACCESS: AccessTable = {
    "GET /v1/tariffs": allow(*PRICE_BOOK_READERS, scope="reference data, no patient data"),
    "GET /v1/indices": allow(*PRICE_BOOK_READERS, scope="reference data, no patient data"),
    "GET /v1/prices/{tariff_id}": allow(
        *PRICE_BOOK_READERS, scope="reference data, no patient data"
    ),
    "POST /v1/tariffs": allow(
        Role.FINANCE,
        scope="a party of the agreement of the tariff's rule (JH-, GB-), of every version of "
        f"the tariff; national rules (LAW-PAY, GEN-RES): {PARTY}",
    ),
    "PUT /v1/indices/{index}/{year}": allow(
        Role.FINANCE, scope=f"national indices used by every agreement: {PARTY}"
    ),
    "POST /v1/work-reports": allow(
        *PERFORMERS,
        scope="body.performer_code is the caller's organisation (ACCESS-PERFORMER)",
    ),
    "POST /v1/invoice-runs": allow(Role.FINANCE, scope=OWN_RUN),
    "POST /v1/invoice-runs/payment-clock": allow(Role.FINANCE, scope=OWN_RUN),
    **{
        f"POST /v1/invoice-runs/{distribution}": allow(
            Role.FINANCE,
            scope=f"{OWN_RUN}; a party that supplies none of it is refused (ACCESS-SUPPLIER)",
        )
        for distribution in ("mt-fixed", "supplementary", "joint-funds")
    },
    "GET /v1/invoices": allow(
        Role.FINANCE, scope="only the invoices the caller's organisation supplies or receives"
    ),
    "GET /v1/invoices/{invoice_id}": allow(Role.FINANCE, scope=INVOICE_PARTY),
    "GET /v1/invoices/{invoice_id}/ubl": allow(Role.FINANCE, scope=INVOICE_PARTY),
    "GET /v1/invoices/{invoice_id}/attachment.csv": allow(
        Role.FINANCE,
        scope=f"{INVOICE_PARTY}; each patient on it audited, refused reads too",
        reads_patient_data=True,
    ),
    "POST /v1/invoices/{invoice_id}/credit-notes": allow(
        Role.FINANCE, scope="the invoice's supplier (its customer: ACCESS-SUPPLIER; others: 404)"
    ),
    "GET /v1/supplementary/{year}/statement": allow(
        Role.FINANCE, scope="a party of the JH-TB agreement (else 404)"
    ),
    "GET /v1/responsibilities/{patient_ref}": allow(
        Role.FINANCE,
        scope="only the rows whose cost bearer (kind and code) is the caller's organisation",
        reads_patient_data=True,
    ),
    # issue 13, reference data: add its routes below this line
    "GET /v1/payment-clock/agreements": allow(
        *PRICE_BOOK_READERS, scope="reference data, no patient data"
    ),
    "PUT /v1/payment-clock/agreements/{region_code}": allow(
        Role.FINANCE, scope="finance of that region only (ACCESS-OWN-PARTY); unknown code: 404"
    ),
    "POST /v1/indices/{index}/{year}/confirmation": allow(
        Role.FINANCE, scope=f"a second person of finance (REF-CONFIRM): {PARTY}"
    ),
    "GET /v1/indices/{index}/{year}/versions": allow(
        *PRICE_BOOK_READERS, scope="reference data, no patient data"
    ),
    "PUT /v1/tariffs/{tariff_id}/{valid_from}": allow(
        Role.FINANCE, scope="a party of the agreement of every version of the tariff"
    ),
    "POST /v1/tariffs/{tariff_id}/{valid_from}/confirmation": allow(
        Role.FINANCE,
        scope="a second person of finance of a party of the tariff's agreement (REF-CONFIRM)",
    ),
    "GET /v1/tariffs/{tariff_id}/{valid_from}/versions": allow(
        *PRICE_BOOK_READERS, scope="reference data, no patient data"
    ),
    "GET /v1/reference-values/placeholders": allow(
        *PRICE_BOOK_READERS, scope="reference data, no patient data"
    ),
    "POST /v1/invoice-runs/price-corrections": allow(
        Role.FINANCE, scope=f"{OWN_RUN}; only the caller's issued invoices are corrected"
    ),
    # issue 13, parties and finance: add its routes below this line
    "GET /v1/parties": allow(*PRICE_BOOK_READERS, scope="reference data, no patient data"),
    "GET /v1/parties/{code}": allow(*PRICE_BOOK_READERS, scope="reference data, no patient data"),
    "PUT /v1/parties/{code}": allow(
        Role.FINANCE, scope="finance of that party only (ACCESS-OWN-PARTY); unknown code: 404"
    ),
    "GET /v1/invoices/runs": allow(
        Role.FINANCE, scope="only the runs the caller's organisation started (as supplier)"
    ),
    "GET /v1/work-kinds": allow(
        *PERFORMERS, Role.AGREEMENT_ADMIN, Role.OPERATIONS, scope="agreement data, no patients"
    ),
    # issue 13, derived counts and terms: add its routes below this line
    "GET /v1/supplementary/{year}/connected-persons": allow(
        Role.FINANCE, scope="a party of the JH-TB agreement (else 404); a count, no patient"
    ),
    "POST /v1/supplementary/{year}/count-adjustments": allow(
        Role.FINANCE,
        scope="the JH-TB region, which holds the JH-PAL-2 decisions (its municipalities: 403 "
        "JH-TB; others: 404), before the year's statement is issued",
    ),
}
