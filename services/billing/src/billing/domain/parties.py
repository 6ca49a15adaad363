"""Parties that invoice each other: regions and municipalities (and their units).

A party's invoicing details — organisation number, the buyer reference it wants on invoices,
where it is paid (bankgiro / plusgiro) — are data with provenance (issue 13): shipped
placeholders until finance of the party enters them. Each check below is pure and names its
field and rule (PARTY-ORGNR, PARTY-BANKGIRO, PARTY-PLUSGIRO, PARTY-BUYER-REF).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from stdnum import luhn
from stdnum.exceptions import ValidationError
from stdnum.se import orgnr

from billing.domain.errors import UnknownParty
from billing.domain.provenance import SHIPPED, Provenance


class PartyKind(StrEnum):
    REGION = "region"
    MUNICIPALITY = "municipality"


class PaymentScheme(StrEnum):
    """Swedish giro accounts, as PEPPOL BIS names their branch (SE:BANKGIRO, SE:PLUSGIRO)."""

    BANKGIRO = "bankgiro"
    PLUSGIRO = "plusgiro"


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    postal_code: str
    city: str
    country_code: str = "SE"


@dataclass(frozen=True, slots=True)
class PaymentAccount:
    scheme: PaymentScheme
    number: str  # digits only


@dataclass(frozen=True, slots=True)
class PartyDetails:
    """What finance of a party maintains; each change is a new version (never an overwrite)."""

    org_number: str
    buyer_reference: str
    accounts: tuple[PaymentAccount, ...] = ()
    provenance: Provenance = SHIPPED
    version: int = 0  # 0: as shipped


@dataclass(frozen=True, slots=True)
class Party:
    """A legal body. ``org_number`` is the Swedish organisation number (PEPPOL scheme 0007)."""

    party_id: str
    name: str
    kind: PartyKind
    org_number: str
    address: Address
    home_region_id: str | None = None
    buyer_reference: str = ""  # the party's own reference, written on invoices it receives
    accounts: tuple[PaymentAccount, ...] = ()  # where it is paid (PEPPOL PaymentMeans)
    provenance: Provenance = SHIPPED  # of the invoicing details above
    details_version: int = 0

    @property
    def region_id(self) -> str:
        """The region a party belongs to (a region belongs to itself)."""
        if self.kind is PartyKind.REGION or self.home_region_id is None:
            return self.party_id
        return self.home_region_id

    @property
    def details(self) -> PartyDetails:
        return PartyDetails(
            self.org_number,
            self.buyer_reference,
            self.accounts,
            self.provenance,
            self.details_version,
        )

    def with_details(self, details: PartyDetails) -> Party:
        return replace(
            self,
            org_number=details.org_number,
            buyer_reference=details.buyer_reference,
            accounts=details.accounts,
            provenance=details.provenance,
            details_version=details.version,
        )


def party(parties: Mapping[str, Party], party_id: str) -> Party:
    """Look a party up, or raise ``UnknownParty`` naming it."""
    try:
        return parties[party_id]
    except KeyError:
        raise UnknownParty(party_id) from None


@dataclass(frozen=True, slots=True)
class DetailProblem:
    field: str
    rule: str
    message: str


BUYER_REFERENCE_MAX = 100
GIRO_DIGITS = {PaymentScheme.BANKGIRO: (7, 8), PaymentScheme.PLUSGIRO: (2, 8)}


def org_number_problem(value: str) -> DetailProblem | None:
    """PARTY-ORGNR: ten digits with a valid check digit; regions and municipalities (legal
    form group 2, public bodies) start with 2."""
    try:
        if not value.isascii():
            raise ValidationError("only ASCII digits")
        compact = orgnr.validate(value)
    except ValidationError as error:
        message = f"{value!r} is not a Swedish organisation number: {error}"
        return DetailProblem("org_number", "PARTY-ORGNR", message)
    if not compact.startswith("2"):
        message = f"{value!r} is not a public body's number (those start with 2)"
        return DetailProblem("org_number", "PARTY-ORGNR", message)
    return None


def account_problem(scheme: PaymentScheme, value: str) -> DetailProblem | None:
    """PARTY-BANKGIRO (7–8 digits) / PARTY-PLUSGIRO (2–8 digits), Luhn check digit last."""
    digits = value.replace("-", "").replace(" ", "")
    low, high = GIRO_DIGITS[scheme]
    rule = f"PARTY-{scheme.value.upper()}"
    if not (digits.isascii() and digits.isdigit() and low <= len(digits) <= high):
        return DetailProblem(scheme.value, rule, f"a {scheme} number has {low}–{high} digits")
    if not luhn.is_valid(digits):
        return DetailProblem(scheme.value, rule, f"{value!r}: the check digit does not match")
    return None


def buyer_reference_problem(value: str) -> DetailProblem | None:
    """PARTY-BUYER-REF: PEPPOL needs a buyer reference; it is the party's own, short text."""
    if not value.strip() or len(value) > BUYER_REFERENCE_MAX:
        message = f"a buyer reference is 1–{BUYER_REFERENCE_MAX} characters"
        return DetailProblem("buyer_reference", "PARTY-BUYER-REF", message)
    return None


def detail_problems(
    org_number: str, buyer_reference: str, accounts: Mapping[PaymentScheme, str | None]
) -> list[DetailProblem]:
    """Every problem of a set of party details (empty: valid)."""
    found = [org_number_problem(org_number), buyer_reference_problem(buyer_reference)]
    found += [account_problem(s, v) for s, v in accounts.items() if v is not None]
    return [problem for problem in found if problem is not None]


def normalised_details(
    org_number: str,
    buyer_reference: str,
    accounts: Mapping[PaymentScheme, str | None],
    provenance: Provenance,
    version: int,
) -> PartyDetails:
    """Valid details in their one stored form: ``NNNNNN-NNNC`` and giro digits only."""
    giro = tuple(
        PaymentAccount(scheme, value.replace("-", "").replace(" ", ""))
        for scheme, value in accounts.items()
        if value is not None
    )
    return PartyDetails(
        orgnr.format(org_number), buyer_reference.strip(), giro, provenance, version
    )
