"""AG-RENEW per part (issue 13 section 6): the parts of JH-2026 as data, each part's current
term end and next notice deadline, termination notices checked against the deadline, and
decisions after a terminated part's end answering that no agreement is in force for it."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from responsibility.domain import (
    AgreementCatalogue,
    AgreementDataError,
    CareComponent,
    ComponentStatus,
    InvalidSituation,
    Override,
    PartTermination,
    PartyKind,
    RegionUnit,
    TerminationRefused,
    catalogue_from_documents,
    decide,
    parse_agreement,
    record_notice,
)

from .builders import CATALOGUE, JH_MUNICIPAL
from .test_agreements import JH_DOC

JH = CATALOGUE.by_id("JH-2026")
RENEWING = (
    "principles",
    "medical-technology",
    "ordinary-housing",
    "special-housing",
    "sight-hearing",
    "palliative",
    "supplementary-amount",
)
AFTER_FIRST_RENEWAL = date(2028, 3, 1)


def terminated(part_id: str, noticed_on: date = date(2026, 6, 1)) -> AgreementCatalogue:
    notice = PartTermination(part_id, noticed_on, "municipality:2380", "test")
    return CATALOGUE.with_terminations([("JH-2026", notice)])


def jh_doc(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(JH_DOC)
    doc.update(changes)
    return doc


# --- the parts as data ------------------------------------------------------------------


def test_AG_RENEW_every_part_of_the_seed_is_data_with_its_renewal_rule() -> None:
    renewals = {p.id: p.renewal for p in JH.parts}
    assert set(renewals) == {*RENEWING, "joint-development"}
    for part_id in RENEWING:
        rule = renewals[part_id]
        assert rule is not None
        assert (rule.rule, rule.extend_years, rule.notice_months) == ("AG-RENEW", 2, 12)
    assert renewals["joint-development"] is None  # "Denna överenskommelse gäller … till 2027-12-31"
    assert [p.id for p in JH.parts if p.frame] == ["principles"]


def test_AG_RENEW_care_rules_belong_to_the_part_that_writes_them() -> None:
    assert [p.id for p in JH.parts_of_rule("JH-PAL-2")] == ["palliative"]
    assert [p.id for p in JH.parts_of_rule("JH-OB")] == ["ordinary-housing"]
    assert [p.id for p in JH.parts_of_rule("JH-SB-1")] == ["special-housing"]
    assert {p.id for p in JH.parts_of_rule("JH-MTP")} == {"ordinary-housing", "special-housing"}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param(
            {"parts": [{**JH_DOC["parts"][0], "frame": False}, *JH_DOC["parts"][1:]]},
            "parts",
            id="AG-RENEW-no-frame",
        ),
        pytest.param({"parts": JH_DOC["parts"][:3]}, "parts", id="AG-RENEW-rules-in-no-part"),
        pytest.param(
            {"parts": [{**JH_DOC["parts"][0], "rules": ["XX-1"]}, *JH_DOC["parts"][1:]]},
            "parts[0].rules",
            id="AG-RENEW-unknown-rule-in-part",
        ),
        pytest.param(
            {
                "parts": [
                    {**JH_DOC["parts"][0], "renewal": {"rule": "SOMETIMES"}},
                    *JH_DOC["parts"][1:],
                ]
            },
            "parts[0].renewal.rule",
            id="AG-RENEW-unknown-renewal-rule",
        ),
        pytest.param(
            {"renewal": {"rule": "AG-RENEW", "extend_years": 2, "notice_months": 12}},
            "renewal",
            id="AG-RENEW-renewal-belongs-to-parts",
        ),
    ],
)
def test_AG_RENEW_malformed_parts_name_the_field(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(AgreementDataError) as raised:
        parse_agreement("broken.json", jh_doc(**changes))
    assert raised.value.field == field


# --- terms on a date --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "term_end", "deadline"),
    [
        pytest.param(date(2026, 1, 1), date(2027, 12, 31), date(2026, 12, 31), id="first-day"),
        pytest.param(date(2026, 12, 31), date(2027, 12, 31), date(2026, 12, 31), id="deadline"),
        pytest.param(date(2027, 1, 1), date(2027, 12, 31), date(2028, 12, 31), id="too-late"),
        pytest.param(date(2028, 3, 1), date(2029, 12, 31), date(2028, 12, 31), id="renewed"),
        pytest.param(date(2031, 12, 31), date(2031, 12, 31), date(2032, 12, 31), id="again"),
    ],
)
def test_AG_RENEW_current_term_end_and_next_notice_deadline(
    on: date, term_end: date, deadline: date
) -> None:
    term = JH.term(JH.part("palliative"), on)  # type: ignore[arg-type]
    assert (term.current_term_end, term.next_notice_deadline) == (term_end, deadline)
    assert term.in_force and term.ends_on is None and term.status == "renewing"


def test_AG_RENEW_joint_development_expires_without_renewal() -> None:
    part = JH.part("joint-development")
    assert part is not None
    before, after = JH.term(part, date(2027, 12, 31)), JH.term(part, date(2028, 1, 1))
    assert (before.in_force, before.ends_on, before.next_notice_deadline) == (
        True,
        date(2027, 12, 31),
        None,
    )
    assert (after.in_force, after.status) == (False, "ended")


def test_AG_RENEW_the_frame_bounds_every_part() -> None:
    agreement = terminated("principles").by_id("JH-2026")
    for term in agreement.terms_on(AFTER_FIRST_RENEWAL):
        assert not term.in_force and term.ends_on == date(2027, 12, 31), term.part.id


# --- recording a notice -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("noticed_on", "ends_on", "missed"),
    [
        pytest.param(date(2026, 6, 1), date(2027, 12, 31), None, id="AG-RENEW-in-time"),
        pytest.param(date(2026, 12, 31), date(2027, 12, 31), None, id="AG-RENEW-on-deadline"),
        pytest.param(date(2027, 1, 1), date(2029, 12, 31), date(2026, 12, 31), id="AG-RENEW-late"),
        pytest.param(
            date(2028, 12, 31), date(2029, 12, 31), None, id="AG-RENEW-in-time-for-2nd-term"
        ),
    ],
)
def test_AG_RENEW_a_notice_ends_the_first_term_whose_deadline_it_meets(
    noticed_on: date, ends_on: date, missed: date | None
) -> None:
    effect = record_notice(JH, "palliative", noticed_on, "region:23", "why", date(2030, 1, 1))
    assert (effect.ends_on, effect.missed_deadline) == (ends_on, missed)
    assert ends_on.isoformat() in effect.sentence


@pytest.mark.parametrize(
    ("catalogue", "part", "noticed_on", "by", "field", "status"),
    [
        pytest.param(CATALOGUE, "joint-development", date(2026, 6, 1), "region:23", "part", 422,
                     id="AG-RENEW-no-renewal-clause"),
        pytest.param(terminated("palliative"), "palliative", date(2026, 7, 1), "region:23",
                     "part", 409, id="AG-RENEW-already-terminated"),
        pytest.param(CATALOGUE, "dental", date(2026, 6, 1), "region:23", "part", 404,
                     id="AG-RENEW-unknown-part"),
        pytest.param(CATALOGUE, "palliative", date(2026, 6, 1), "municipality:2180", "by", 403,
                     id="AG-RENEW-not-a-party"),
        pytest.param(CATALOGUE, "palliative", date(2026, 12, 8), "region:23", "noticed_on", 422,
                     id="AG-RENEW-future-notice"),
        pytest.param(CATALOGUE, "palliative", date(2025, 12, 31), "region:23", "noticed_on",
                     422, id="AG-RENEW-before-start"),
        pytest.param(terminated("principles"), "palliative", date(2028, 2, 1), "region:23",
                     "noticed_on", 422, id="AG-RENEW-after-the-agreement-ended"),
    ],
)  # fmt: skip
def test_AG_RENEW_a_notice_that_cannot_be_recorded_names_field_and_rule(
    catalogue: AgreementCatalogue, part: str, noticed_on: date, by: str, field: str, status: int
) -> None:
    today = date(2026, 12, 7) if noticed_on.year < 2028 else date(2028, 3, 1)
    with pytest.raises(TerminationRefused) as raised:
        record_notice(catalogue.by_id("JH-2026"), part, noticed_on, by, "why", today)
    assert (raised.value.field, raised.value.rule, raised.value.status) == (
        field,
        "AG-RENEW",
        status,
    )


# --- decisions see terminations ---------------------------------------------------------


def connected(on: date) -> Any:
    return replace(JH_MUNICIPAL, decision_date=on, palliative_team_connected=True)


def test_AG_RENEW_after_the_palliative_part_ends_no_agreement_governs_palliative_care() -> None:
    decision = decide(connected(AFTER_FIRST_RENEWAL), terminated("palliative"))
    care = decision.component(CareComponent.NURSING)
    assert care.status is ComponentStatus.NOT_COVERED and care.responsible is None
    assert care.decisive_rule == "AG-RENEW"
    assert "palliative" in care.explanation[-1] and "2027-12-31" in care.explanation[-1]
    assert decision.component(CareComponent.CONSUMABLES).decisive_rule == "AG-RENEW"
    physician = decision.component(CareComponent.PHYSICIAN)  # GEN-DOC is the frame's: in force
    assert physician.rule_ids == ("GEN-DOC",)
    assert not any(o.rule_id == "JH-PAL-3" for o in decision.obligations)
    assert decision.criterion("AG-RENEW").inputs == {
        "agreement": "JH-2026",
        "parts": ("palliative",),
    }


def test_AG_RENEW_before_the_end_the_terminated_part_still_decides_and_bounds_it() -> None:
    decision = decide(connected(date(2027, 6, 1)), terminated("palliative"))
    assert decision.component(CareComponent.NURSING).decisive_rule == "JH-PAL-2"
    assert decision.valid_until == date(2027, 12, 31)
    assert decision.reevaluate_on == date(2028, 1, 1)


def test_AG_RENEW_other_parts_still_decide_after_the_palliative_part_ends() -> None:
    situation = replace(JH_MUNICIPAL, decision_date=AFTER_FIRST_RENEWAL)
    care = decide(situation, terminated("palliative")).component(CareComponent.NURSING)
    assert care.decisive_rule == "JH-OB"
    assert care.responsible is not None and care.responsible.kind is PartyKind.MUNICIPALITY


def test_AG_RENEW_after_ordinary_housing_ends_its_care_and_products_have_no_agreement() -> None:
    situation = replace(JH_MUNICIPAL, decision_date=AFTER_FIRST_RENEWAL)
    decision = decide(situation, terminated("ordinary-housing"))
    assert decision.component(CareComponent.NURSING).decisive_rule == "AG-RENEW"
    aids = decision.component(CareComponent.AIDS)
    assert aids.responsible is None  # JH-MTP: products follow the care, which has none


def test_AG_RENEW_a_JH_OB_FLEX_override_after_ordinary_housing_ends_is_refused() -> None:
    nursing = frozenset({CareComponent.NURSING})
    override = Override("dr X", "why", nursing, PartyKind.REGION, RegionUnit.HEALTH_CENTRE)
    situation = replace(JH_MUNICIPAL, decision_date=AFTER_FIRST_RENEWAL, overrides=(override,))
    with pytest.raises(InvalidSituation) as raised:
        decide(situation, terminated("ordinary-housing"))
    assert (raised.value.field, raised.value.rule) == ("overrides", "AG-RENEW")


def test_AG_RENEW_without_notices_decisions_after_the_first_renewal_are_unchanged() -> None:
    later = decide(replace(JH_MUNICIPAL, decision_date=AFTER_FIRST_RENEWAL), CATALOGUE)
    now = decide(JH_MUNICIPAL, CATALOGUE)
    assert later.components == now.components and later.valid_until is None


def test_AG_RENEW_terminations_of_another_agreement_change_nothing() -> None:
    notice = PartTermination("agreement", date(2019, 1, 1), "region:13", "x")
    documents = {"jh.json": jh_doc()}
    catalogue = catalogue_from_documents(documents).with_terminations([("HL-2021", notice)])
    assert catalogue.by_id("JH-2026") == catalogue_from_documents(documents).by_id("JH-2026")
