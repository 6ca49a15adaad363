"""Swedish personal identity numbers (personnummer, samordningsnummer), validated offline.

The check digit is python-stdnum's Luhn. Its `stdnum.se.personnummer` is not used: it refuses
samordningsnummer (day of birth + 60), which referral must take for people without a
personnummer (tests/unit/referral/test_personnummer.py shows both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum import luhn

_PATTERN = re.compile(r"^([0-9]{8})-?([0-9]{4})$")
COORDINATION_DAY_OFFSET = 60  # samordningsnummer: day of birth + 60


class InvalidPersonnummer(ValueError):
    pass


def luhn_valid(digits: str) -> bool:
    """The check digit over YYMMDDNNNC (the ten digits of the short form)."""
    return luhn.is_valid(digits)


@dataclass(frozen=True)
class Personnummer:
    digits: str  # 12 digits, no separator

    @classmethod
    def parse(cls, text: str) -> Personnummer:
        match = _PATTERN.match(text.strip())
        if not match:
            raise InvalidPersonnummer("must be 12 digits as YYYYMMDD-NNNN")
        number = cls(match.group(1) + match.group(2))
        number.birth_date()
        if not luhn_valid(number.digits[2:]):
            raise InvalidPersonnummer("check digit does not match (Luhn)")
        return number

    def birth_date(self) -> date:
        year, month, day = int(self.digits[:4]), int(self.digits[4:6]), int(self.digits[6:8])
        if day > COORDINATION_DAY_OFFSET:
            day -= COORDINATION_DAY_OFFSET
        try:
            return date(year, month, day)
        except ValueError:
            raise InvalidPersonnummer("date of birth is not a real date") from None

    def age_on(self, day: date) -> int:
        born = self.birth_date()
        before_birthday = (day.month, day.day) < (born.month, born.day)
        return day.year - born.year - int(before_birthday)


PERSONNUMMER_SYSTEM = "urn:oid:1.2.752.129.2.1.3.1"
COORDINATION_NUMBER_SYSTEM = "urn:oid:1.2.752.129.2.1.3.3"


def identifier_system(number: Personnummer) -> str:
    """The FHIR identifier system (HL7 Sweden): samordningsnummer have 60 added to the day."""
    coordination = int(number.digits[6:8]) > COORDINATION_DAY_OFFSET
    return COORDINATION_NUMBER_SYSTEM if coordination else PERSONNUMMER_SYSTEM
