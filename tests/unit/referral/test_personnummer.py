from __future__ import annotations

from datetime import date

import pytest
from referral.domain.personnummer import InvalidPersonnummer, Personnummer
from referral.domain.pseudonym import patient_ref
from stdnum.se import personnummer as stdnum_personnummer

from tests.support.people import synthetic_personnummer


def test_a_checksum_valid_number_parses_and_normalises() -> None:
    assert Personnummer.parse("19121212-1212").digits == "191212121212"
    assert Personnummer.parse("191212121212").digits == "191212121212"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("19121212-1213", "Luhn"),
        ("121212-1212", "12 digits"),
        ("19121312-1219", "real date"),
        ("abc", "12 digits"),
    ],
)
def test_invalid_numbers_are_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidPersonnummer, match=reason):
        Personnummer.parse(text)


def test_a_coordination_number_takes_its_birth_date_from_day_minus_60() -> None:
    stem = "19121272"  # born 1912-12-12, coordination number
    number = next(
        Personnummer.parse(f"{stem}-121{c}") for c in range(10) if _parses(f"{stem}-121{c}")
    )
    assert number.birth_date() == date(1912, 12, 12)


def _parses(text: str) -> bool:
    try:
        Personnummer.parse(text)
        return True
    except InvalidPersonnummer:
        return False


@pytest.mark.parametrize(("on", "age"), [(date(2026, 12, 11), 113), (date(2026, 12, 12), 114)])
def test_age_turns_on_the_birthday(on: date, age: int) -> None:
    assert Personnummer.parse("19121212-1212").age_on(on) == age


def test_synthetic_numbers_are_valid_and_distinct() -> None:
    numbers = {synthetic_personnummer(i) for i in range(2000)}
    assert len(numbers) == 2000
    assert all(Personnummer.parse(n) for n in numbers)


def test_the_pseudonym_is_stable_per_secret_and_hides_the_number() -> None:
    number = Personnummer.parse("19121212-1212")
    ref = patient_ref(number, "s1")
    assert ref == patient_ref(number, "s1")
    assert ref != patient_ref(number, "s2")
    assert ref.startswith("pr-")
    assert "1212" not in ref


def test_a_samordningsnummer_is_taken_which_stdnum_would_refuse() -> None:
    """Why referral keeps its own parser around stdnum's Luhn (issue 14 section 6): a
    samordningsnummer (day of birth + 60) is a valid Swedish identity that
    `stdnum.se.personnummer` refuses."""
    coordination = "19121272-1219"  # 12 December 1912 + 60, Luhn check digit 9
    assert Personnummer.parse(coordination).birth_date() == date(1912, 12, 12)
    assert not stdnum_personnummer.is_valid(coordination)
    assert stdnum_personnummer.is_valid("19121212-1212")  # and the plain ones agree


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(InvalidPersonnummer, match="Luhn"):
        Personnummer.parse("19121272-1218")
