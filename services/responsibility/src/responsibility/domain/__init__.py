"""Responsibility engine (issue 3): a pure library.

Given a patient situation and a date, decide for each care component which principal is
responsible, who performs and who pays, under the agreement in force, and explain why.

    catalogue = load_catalogue()
    decision = decide(situation, catalogue)
    decision.to_dict()  # JSON-safe, stable order
"""

from .agreement import Agreement, Municipality
from .catalogue import AgreementCatalogue, AgreementSelection
from .decision import (
    AppliedOverride,
    ComponentDecision,
    Criterion,
    Decision,
    Obligation,
)
from .dispute import (
    Arena,
    Dispute,
    DisputeLevel,
    DisputeState,
    Position,
    Resolution,
    ResponsibilityMoved,
    escalate,
    open_dispute,
    record_position,
    resolve,
)
from .engine import decide
from .enums import (
    ALL_COMPONENTS,
    CareComponent,
    CognitiveImpairment,
    ComponentStatus,
    HousingForm,
    Outcome,
    PartyKind,
    RegionUnit,
    SevereCareNeed,
)
from .errors import (
    AgreementDataError,
    DisputeTransitionError,
    InvalidSituation,
    NoAgreementInForce,
    ResponsibilityError,
    TerminationRefused,
)
from .loader import catalogue_from_documents, load_catalogue, parse_agreement
from .parties import Compensation, Party
from .rules import RULES, RuleSpec
from .situation import CareNeeds, Override, Situation
from .termination import TerminationEffect, record_notice
from .terms import AgreementPart, PartTerm, PartTermination, RenewalRule

__all__ = [
    "ALL_COMPONENTS",
    "RULES",
    "Agreement",
    "AgreementCatalogue",
    "AgreementDataError",
    "AgreementPart",
    "AgreementSelection",
    "AppliedOverride",
    "Arena",
    "CareComponent",
    "CareNeeds",
    "CognitiveImpairment",
    "Compensation",
    "ComponentDecision",
    "ComponentStatus",
    "Criterion",
    "Decision",
    "Dispute",
    "DisputeLevel",
    "DisputeState",
    "DisputeTransitionError",
    "HousingForm",
    "InvalidSituation",
    "Municipality",
    "NoAgreementInForce",
    "Obligation",
    "Outcome",
    "Override",
    "PartTerm",
    "PartTermination",
    "Party",
    "PartyKind",
    "Position",
    "RegionUnit",
    "RenewalRule",
    "Resolution",
    "ResponsibilityError",
    "ResponsibilityMoved",
    "RuleSpec",
    "SevereCareNeed",
    "Situation",
    "TerminationEffect",
    "TerminationRefused",
    "catalogue_from_documents",
    "decide",
    "escalate",
    "load_catalogue",
    "open_dispute",
    "parse_agreement",
    "record_notice",
    "record_position",
    "resolve",
]
