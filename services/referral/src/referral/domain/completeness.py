"""What a care request must hold before the municipality can prioritise and perform it
(domain brief sections 4.2, 4.6, 5, 5.1, 7; seed dalarna-…: "we often have to ask for more").

The requirements are data: one line per field, with the rule it serves and why. Intake lists
every gap at once, so the sender fixes the request in one round instead of by phone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from handover_contracts.events import WayIn

from referral.domain.interventions import InterventionType, SelfCareOutcome, component_of

ALL_WAYS = frozenset(WayIn)
DIRECT_WAYS = frozenset({WayIn.PRIMARY_CARE, WayIn.SPECIALISED_OUTPATIENT})


@dataclass(frozen=True)
class Requirement:
    path: str  # dotted; "[]" means "in every item of this list"
    rule: str
    why: str
    ways: frozenset[WayIn] = ALL_WAYS
    acute_only: bool = False
    non_empty: bool = False


@dataclass(frozen=True)
class Gap:
    field: str
    rule: str
    message: str


def _r(path: str, rule: str, why: str, **options: Any) -> Requirement:
    return Requirement(path, rule, why, **options)


WHO = "the nurse must know whom she visits, where, and in which language (section 7)"
WHAT = "what she is asked to do, from when, how often and how long (section 5; JH-OB-2)"
MEDS = "the physician's established medication list, by the day of discharge (JH-INFO, LAW-INFO)"
CALL = "whom to call: the fixed care contact and the responsible physician (JH-INFO, GEN-DOC)"

REQUIREMENTS: tuple[Requirement, ...] = (
    _r("patient.name.given", "CR-CONTENT-PATIENT", WHO),
    _r("patient.name.family", "CR-CONTENT-PATIENT", WHO),
    _r("patient.care_address.street", "CR-CONTENT-PATIENT", WHO),
    _r("patient.care_address.postal_code", "CR-CONTENT-PATIENT", WHO),
    _r("patient.care_address.city", "CR-CONTENT-PATIENT", WHO),
    _r("patient.language.code", "CR-CONTENT-PATIENT", WHO),
    _r("patient.language.interpreter_needed", "CR-CONTENT-PATIENT", WHO),
    _r("interventions", "CR-CONTENT-INTERVENTION", WHAT, non_empty=True),
    _r("interventions[].type", "CR-CONTENT-INTERVENTION", WHAT),
    _r("interventions[].frequency.times", "CR-CONTENT-INTERVENTION", WHAT),
    _r("interventions[].frequency.per", "CR-CONTENT-INTERVENTION", WHAT),
    _r("interventions[].start_date", "CR-CONTENT-INTERVENTION", WHAT),
    _r("interventions[].expected_duration_days", "CR-CONTENT-INTERVENTION", WHAT),
    _r(
        "interventions[].self_care_assessment.outcome",
        "GEN-SELF",
        "whoever prescribes a measure assesses whether it is self-care (GEN-SELF)",
    ),
    _r(
        "interventions[].self_care_assessment.assessed_by.name",
        "GEN-SELF",
        "the assessor answers for the assessment and for an adequate handover (JH-OB)",
    ),
    _r("medication_list.reference", "CR-CONTENT-MEDICATION", MEDS),
    _r("medication_list.established_on", "CR-CONTENT-MEDICATION", MEDS),
    _r("medication_list.established_by.name", "CR-CONTENT-MEDICATION", MEDS),
    _r(
        "fixed_contacts.fixed_care_contact.name",
        "CR-CONTENT-CONTACTS",
        f"{CALL}; after a hospital stay the fixed care contact calls the SIP (LAW-SIP3) — "
        "from primary and outpatient care the sender is that contact",
        ways=frozenset({WayIn.HOSPITAL_DISCHARGE}),
    ),
    _r(
        "fixed_contacts.fixed_care_contact.phone",
        "CR-CONTENT-CONTACTS",
        CALL,
        ways=frozenset({WayIn.HOSPITAL_DISCHARGE}),
    ),
    _r("fixed_contacts.responsible_physician.name", "CR-CONTENT-CONTACTS", CALL),
    _r("fixed_contacts.responsible_physician.phone", "CR-CONTENT-CONTACTS", CALL),
    _r(
        "fixed_contacts.listed_health_centre.name",
        "CR-CONTENT-CONTACTS",
        "the health centre where the patient is listed does planned measures (JH-SB-3)",
    ),
    _r(
        "products",
        "CR-CONTENT-PRODUCTS",
        "products, devices and materials sent along or needed, or an empty list (JH-MTP)",
    ),
    _r("sender.unit_name", "CR-CONTENT-SENDER", "who sent it, to ask and to answer (section 5)"),
    _r("sender.contact_name", "CR-CONTENT-SENDER", "who sent it, to ask and to answer"),
    _r("sender.contact_phone", "CR-CONTENT-SENDER", "who sent it, to ask and to answer"),
    _r("sip_needed", "CR-CONTENT-SIP", "whether a SIP must be called (LAW-SIP3, GB-SEV)"),
    _r(
        "acute_reason",
        "CR-CONTENT-ACUTE",
        "an acute request is confirmed before it is carried out: why it cannot wait (section 5)",
        acute_only=True,
    ),
)


def gaps(content: Mapping[str, Any], way: WayIn, acute: bool) -> list[Gap]:
    """Every required field that is missing, for this way in and urgency."""
    found: list[Gap] = []
    for requirement in REQUIREMENTS:
        if way not in requirement.ways or (requirement.acute_only and not acute):
            continue
        for path in _absent(content, requirement.path, requirement.non_empty):
            found.append(Gap(path, requirement.rule, f"required: {requirement.why}"))
    return found


def _absent(node: Any, path: str, non_empty: bool) -> list[str]:
    return _absent_at(node, _steps(path), non_empty)


Step = tuple[str, bool]  # a field's name, and whether it is a list whose every item is meant


@cache
def _steps(path: str) -> tuple[Step, ...]:
    steps = tuple((head.removesuffix("[]"), head.endswith("[]")) for head in path.split("."))
    assert not steps[-1][1], f"{path}: a path ends in a field, not in a list's items"
    return steps


def _absent_at(node: Any, steps: tuple[Step, ...], non_empty: bool) -> list[str]:
    """Per message, every requirement's path is walked (issue 11: a plain dict is asked
    first, an abstract `Mapping` check cost more than the walk)."""
    (name, every_item), rest = steps[0], steps[1:]
    value = node.get(name) if type(node) is dict or isinstance(node, Mapping) else None
    if every_item:
        return [
            f"{name}.{index}.{gap}"
            for index, item in enumerate(value or [])
            for gap in _absent_at(item, rest, non_empty)
        ]
    if rest:
        return [f"{name}.{gap}" for gap in _absent_at(value, rest, non_empty)]
    return [] if _present(value, non_empty) else [name]


def _present(value: Any, non_empty: bool) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    return not (non_empty and isinstance(value, list | tuple) and not value)


def contradictions(
    content: Mapping[str, Any], care_components: set[str], discharge_day: date | None
) -> list[Gap]:
    """Fields present but inconsistent with each other or with the law's deadlines."""
    return [
        *_medication_list_too_late(content, discharge_day),
        *_interventions_outside_the_care_needs(content, care_components),
        *_contact_without_consent(content),
    ]


def _medication_list_too_late(content: Mapping[str, Any], day: date | None) -> list[Gap]:
    established = (content.get("medication_list") or {}).get("established_on")
    if day is None or established is None or established <= day:
        return []
    message = f"the medication list must be established by the day of discharge ({day})"
    return [Gap("medication_list.established_on", "LAW-INFO", message)]


def _interventions_outside_the_care_needs(
    content: Mapping[str, Any], care_components: set[str]
) -> list[Gap]:
    found = []
    for index, item in enumerate(content.get("interventions") or []):
        if item.get("type") is None or _self_care(item):
            continue
        component = component_of(InterventionType(item["type"]))
        if component not in care_components:
            message = f"a {item['type']} intervention needs {component} in care.needs.components"
            found.append(Gap(f"interventions.{index}.type", "CR-CONTENT-COMPONENTS", message))
    return found


def _self_care(item: Mapping[str, Any]) -> bool:
    outcome = (item.get("self_care_assessment") or {}).get("outcome")
    return outcome == SelfCareOutcome.SELF_CARE


def _contact_without_consent(content: Mapping[str, Any]) -> list[Gap]:
    contact = (content.get("patient") or {}).get("contact_person")
    if contact is None or contact.get("consent_given") is True:
        return []
    message = "a relative or contact person is named only if the patient agreed"
    return [Gap("patient.contact_person.consent_given", "CR-CONTENT-CONSENT", message)]
