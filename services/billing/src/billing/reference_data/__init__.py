"""Seed reference data for billing: tariffs, indices, parties, factors and models.

These JSON files are the *initial* data; finance adds index values and tariffs through
the service. Values marked ``"status": "example-placeholder"`` are not agreed figures and
must be entered by finance before real invoicing. ``load_reference_data`` reads them (this
package does I/O; ``billing.domain`` does not).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path

from billing.domain import (
    DeviceRegister,
    MtFixedModel,
    Party,
    PaymentClockModel,
    PriceBook,
    SupplementaryModel,
    VatTreatment,
    WorkBillingRules,
)
from billing.domain.payment_clock.model import PaymentClockAgreement
from billing.domain.payment_clock.working_days import HolidayCalendar
from billing.domain.provenance import PlaceholderUse
from billing.reference_data.calendar import swedish_calendar
from billing.reference_data.fields import Fields, ReferenceDataError
from billing.reference_data.parse_models import (
    JointFundsData,
    key_placeholders,
    parse_eves,
    parse_joint_funds,
    parse_mt_fixed,
    parse_payment_clock_agreements,
    parse_payment_clock_models,
    parse_supplementary,
)
from billing.reference_data.parse_prices import (
    parse_parties,
    parse_party_codes,
    parse_price_book,
    parse_vat,
    parse_work_rules,
)

__all__ = ["JointFundsData", "ReferenceData", "ReferenceDataError", "load_reference_data"]


@dataclass(frozen=True)
class ReferenceData:
    price_book: PriceBook
    parties: dict[str, Party]
    party_codes: dict[str, str]  # party id → SCB code used by events and tokens
    work_rules: WorkBillingRules
    vat_by_rule: dict[str, VatTreatment]
    mt_fixed_model: MtFixedModel
    device_register: DeviceRegister
    supplementary_model: SupplementaryModel
    supplementary_factors: dict[str, dict[str, Decimal]]
    joint_funds: JointFundsData
    payment_clock_models: dict[str, PaymentClockModel]
    payment_clock_agreements: tuple[PaymentClockAgreement, ...]
    holidays: HolidayCalendar  # ``day in holidays`` for any year (LAW-PAY working days)
    key_placeholders: dict[str, tuple[PlaceholderUse, ...]]  # run kind → shipped example keys


def _read(directory: Path | None, name: str) -> Fields:
    if directory is None:
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    else:
        text = (directory / name).read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferenceDataError(name, f"line {exc.lineno}", f"invalid JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise ReferenceDataError(name, "(root)", "expected a JSON object")
    return Fields(name, "", data)


def load_reference_data(directory: Path | None = None) -> ReferenceData:
    """Load and validate every seed file (from this package unless ``directory`` is given)."""
    mt_model, register = parse_mt_fixed(_read(directory, "mt_fixed.json"))
    tb_model, tb_factors = parse_supplementary(_read(directory, "supplementary.json"))
    parties = _read(directory, "parties.json")
    clock = _read(directory, "payment_clock.json")
    supplementary, funds = (
        _read(directory, "supplementary.json"),
        _read(directory, "joint_funds.json"),
    )
    devices = _read(directory, "mt_fixed.json").child("device_register")
    keys = {
        "JH-TB": key_placeholders(supplementary, "key_status", "key", "JH-TB/factors"),
        "JH-ECO": key_placeholders(funds, "key_status", "key", "JH-ECO/municipality-key"),
        "JH-MT-FIXED": key_placeholders(
            devices, "status", "key", f"JH-MT-FIXED/{devices.text('register_id')}"
        ),
    }
    return ReferenceData(
        price_book=parse_price_book(
            _read(directory, "indices.json"), _read(directory, "tariffs.json")
        ),
        parties=parse_parties(parties),
        party_codes=parse_party_codes(parties),
        work_rules=parse_work_rules(_read(directory, "work_rules.json")),
        vat_by_rule=parse_vat(_read(directory, "vat.json")),
        mt_fixed_model=mt_model,
        device_register=register,
        supplementary_model=tb_model,
        supplementary_factors=tb_factors,
        joint_funds=parse_joint_funds(funds),
        payment_clock_models=parse_payment_clock_models(clock),
        payment_clock_agreements=parse_payment_clock_agreements(clock),
        holidays=swedish_calendar(parse_eves(_read(directory, "holidays.json"))),
        key_placeholders=keys,
    )
