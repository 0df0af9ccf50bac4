import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from los.core.identifiers import (
    birth_date_from_national_id,
    clean_national_id,
    clean_orgnr,
    national_id_kind,
    synthetic_national_id,
    synthetic_orgnr,
)

birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2039, 12, 31))


@given(birth_date=birth_dates, seed=st.integers(0, 10_000))
def test_synthetic_numbers_are_valid_and_keep_the_birth_date(birth_date, seed):
    number = synthetic_national_id(birth_date, random.Random(seed))

    if birth_date > datetime.date.today():
        with pytest.raises(ValidationError):
            clean_national_id(number, allow_synthetic=True)
    else:
        assert clean_national_id(number, allow_synthetic=True) == number
    assert birth_date_from_national_id(number) == birth_date
    assert int(number[2:4]) > 80


@given(
    birth_date=st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2005, 1, 1)),
    seed=st.integers(0, 10_000),
    position=st.integers(0, 10),
    delta=st.integers(1, 9),
)
def test_any_single_digit_error_is_caught(birth_date, seed, position, delta):
    number = synthetic_national_id(birth_date, random.Random(seed))
    digit = (int(number[position]) + delta) % 10
    wrong = number[:position] + str(digit) + number[position + 1 :]

    with pytest.raises(ValidationError):
        clean_national_id(wrong, allow_synthetic=True)


def test_synthetic_numbers_are_refused_where_real_ones_are_required():
    number = synthetic_national_id(datetime.date(1990, 1, 1), random.Random(1))

    with pytest.raises(ValidationError) as error:
        clean_national_id(number, allow_synthetic=False)

    assert error.value.messages == ["Syntetiske testnummer kan ikke brukes her."]


def test_real_form_fodselsnummer_and_d_nummer_are_accepted():
    # Well-known published example numbers (not real people).
    assert clean_national_id("151086 95088", allow_synthetic=False) == "15108695088"
    assert national_id_kind("15108695088") == "fnr"
    assert national_id_kind("55108695088") == "dnr"


def test_spaces_are_ignored_and_letters_refused():
    with pytest.raises(ValidationError) as error:
        clean_national_id("1510869508X", allow_synthetic=True)

    assert error.value.messages == ["Fødselsnummeret må være 11 siffer."]


def test_birth_date_in_the_future_is_refused():
    future = datetime.date.today() + datetime.timedelta(days=400)
    number = synthetic_national_id(future, random.Random(3))

    with pytest.raises(ValidationError) as error:
        clean_national_id(number, allow_synthetic=True)

    assert error.value.messages == ["Fødselsdatoen i fødselsnummeret er fram i tid."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("98807791", "Organisasjonsnummeret må være 9 siffer."),
        ("988077918", "Kontrollsifferet i organisasjonsnummeret stemmer ikke."),
        # Pass the mod-11 check but are no organisation: Brønnøysund numbers begin with 8
        # or 9, and one digit nine times is a placeholder, not a number.
        ("000000000", "Organisasjonsnummeret må begynne med 8 eller 9."),
        ("111111111", "Organisasjonsnummeret må begynne med 8 eller 9."),
        ("123456785", "Organisasjonsnummeret må begynne med 8 eller 9."),
        ("888888888", "Dette er ikke et ekte organisasjonsnummer."),
        ("999999999", "Dette er ikke et ekte organisasjonsnummer."),
    ],
)
def test_bad_orgnr_is_refused_in_norwegian(value, message):
    with pytest.raises(ValidationError) as error:
        clean_orgnr(value)

    assert error.value.messages == [message]


def test_good_orgnr_is_accepted_with_spaces():
    assert clean_orgnr("988 077 917") == "988077917"
    assert clean_orgnr("812345672") == "812345672"


@given(number=st.from_regex(r"\A[0-9]{9}\Z"))
def test_an_accepted_orgnr_begins_with_8_or_9_and_is_not_one_digit_repeated(number):
    try:
        accepted = clean_orgnr(number)
    except ValidationError:
        return
    assert accepted[0] in "89"
    assert len(set(accepted)) > 1


@given(seed=st.integers(0, 10_000))
def test_synthetic_orgnr_is_valid(seed):
    assert clean_orgnr(synthetic_orgnr(random.Random(seed)))
