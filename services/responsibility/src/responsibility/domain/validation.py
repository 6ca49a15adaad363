"""Input validation at construction: an invalid Situation cannot exist.

Each error names the field and the rule that consumes it, so an API can answer 4xx.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .checks import (
    check_bool,
    check_date,
    check_enum,
    check_int,
    check_optional_text,
    fail,
)
from .dates import full_years
from .enums import (
    CognitiveImpairment,
    HousingForm,
    SevereCareNeed,
)

if TYPE_CHECKING:
    from .situation import Situation

# SCB county codes (län) in use since 2007.
COUNTY_CODES = frozenset(
    {"01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13"}
    | {"14", "17", "18", "19", "20", "21", "22", "23", "24", "25"}
)
MAX_AGE_YEARS = 130
_MUNICIPALITY_CODE = re.compile(r"[0-9]{4}")

OPTIONAL_BOOLS: tuple[tuple[str, str], ...] = (
    ("registered_in_county", "GEN-RES"),
    ("safe_at_home", "JH-OB-1"),
    ("is_self_care", "GEN-SELF"),
    ("digital_solutions_considered", "JH-OB-1"),
    ("frequent_and_continuous", "JH-OB-2"),
    ("can_reach_health_centre", "JH-OB-4"),
    ("prefers_health_centre", "JH-OB-PREF"),
    ("preference_affects_patient_safety", "JH-OB-PREF"),
    ("palliative_team_connected", "JH-PAL-1"),
    ("end_of_life_care", "JH-PAL-5"),
    ("specialised_treatment_responsibility", "GB-SEV"),
    ("coordination_need", "OR-ENROL"),
    ("identified_risk", "OR-ENROL"),
    ("long_term_medical_need", "HL-THRESH"),
)


def is_county_code(code: object) -> bool:
    return isinstance(code, str) and code in COUNTY_CODES


def county_of(municipality_code: str) -> str:
    return municipality_code[:2]


def validate_situation(s: Situation) -> None:
    check_date("decision_date", s.decision_date, "AG-RENEW", required=True)
    if not is_county_code(s.region_code):
        raise fail("region_code", "GEN-RES", f"unknown region code {s.region_code!r}")
    for name, rule in OPTIONAL_BOOLS:
        check_bool(name, getattr(s, name), rule, optional=name != "prefers_health_centre")
    _check_residence(s)
    check_enum("housing_form", s.housing_form, HousingForm, "JH-SB-1")
    check_enum("cognitive_impairment", s.cognitive_impairment, CognitiveImpairment, "JH-OB-3")
    check_int("cfs", s.cfs, "JH-OB-3", 1, 9)
    check_int("expected_need_days", s.expected_need_days, "JH-OB-2", 0, None)
    _check_age(s)
    _check_hospital_stay(s)
    _check_severe_needs(s.severe_care_needs)
    check_optional_text("listed_health_centre", s.listed_health_centre, "JH-SB-3")
    check_optional_text("housing_health_centre", s.housing_health_centre, "JH-SB-3")
    if not isinstance(s.overrides, tuple):
        raise fail("overrides", "JH-OB-FLEX", "must be a tuple of Override")


def _check_residence(s: Situation) -> None:
    _check_municipality_code("performing_municipality_code", s.performing_municipality_code)
    code = s.registered_municipality
    if code is None:
        return
    _check_municipality_code("registered_municipality", code)
    in_county = county_of(code) == s.region_code
    if s.registered_in_county is not None and s.registered_in_county != in_county:
        raise fail(
            "registered_in_county",
            "GEN-RES",
            f"contradicts registered_municipality {code} (region {s.region_code})",
        )


def _check_municipality_code(field: str, code: object) -> None:
    if code is None:
        return
    if not isinstance(code, str) or not _MUNICIPALITY_CODE.fullmatch(code):
        raise fail(field, "GEN-RES", f"not a municipality code: {code!r}")
    if not is_county_code(county_of(code)):
        raise fail(field, "GEN-RES", f"unknown municipality {code}")


def _check_age(s: Situation) -> None:
    check_int("age_years", s.age_years, "GB-CHILD", 0, MAX_AGE_YEARS)
    check_date("birth_date", s.birth_date, "GB-CHILD")
    if s.birth_date is None:
        return
    if s.birth_date > s.decision_date:
        raise fail("birth_date", "GB-CHILD", "birth date is after the decision date")
    derived = full_years(s.birth_date, s.decision_date)
    if s.age_years is not None and s.age_years != derived:
        raise fail("age_years", "GB-CHILD", f"contradicts birth_date (age {derived})")


def _check_hospital_stay(s: Situation) -> None:
    check_date("admission_date", s.admission_date, "OR-SPEC7")
    check_date("discharge_date", s.discharge_date, "OR-SPEC7")
    if s.admission_date and s.discharge_date and s.discharge_date < s.admission_date:
        raise fail("discharge_date", "OR-SPEC7", "discharge date is before the admission date")


def _check_severe_needs(needs: object) -> None:
    if needs is None:
        return
    if not isinstance(needs, frozenset) or not all(isinstance(n, SevereCareNeed) for n in needs):
        raise fail("severe_care_needs", "GB-SEV", "must be a frozenset of SevereCareNeed")
