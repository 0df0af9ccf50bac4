"""Norwegian identifiers: fødselsnummer / D-nummer and organisasjonsnummer.

The mod-11 arithmetic is python-stdnum's; this module turns its results into Norwegian
messages and also understands the synthetic numbers of the national test population
(birth month + 80), which the demo uses so that no real person's number is ever generated.
"""

import datetime
import random

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.no import fodselsnummer, orgnr

from los.core.vocabulary import Gender

SYNTHETIC_MONTH_OFFSET = 80


def _digits_only(value: str) -> str:
    return "".join((value or "").split())


def is_synthetic_national_id(number: str) -> bool:
    return int(number[2:4]) > SYNTHETIC_MONTH_OFFSET


def national_id_kind(number: str) -> str:
    """'dnr' for a D-nummer (day + 40), otherwise 'fnr'."""
    return "dnr" if int(number[0]) >= 4 else "fnr"


def gender_from_national_id(number: str) -> str:
    """Legal gender from a fødselsnummer or D-nummer (and the synthetic numbers of the
    test population, which follow the same rule): the ninth digit, the last of the three
    individual digits, is odd for a man and even for a woman (0 is even). A person whose
    legal gender changes gets a new number, so the number in Los says the gender as it was
    when the number was registered.

    Unknown for an H-nummer (a temporary help number, month + 40), and for anything that
    is not 11 digits. From 2032 Skatteetaten gives out new numbers whose individual digits
    carry no gender; when Los accepts those numbers (their check digits follow new rules,
    see clean_national_id), they must give unknown here, and the gender must come from the
    population register instead (docs/reporting.md)."""
    if len(number) != 11 or not number.isdigit():
        return Gender.UNKNOWN
    month = int(number[2:4])
    if 40 < month <= 52:  # H-nummer
        return Gender.UNKNOWN
    return Gender.MALE if int(number[8]) % 2 else Gender.FEMALE


def birth_date_from_national_id(number: str) -> datetime.date:
    """The birth date in a fødselsnummer, D-nummer or synthetic number; ValueError if none."""
    day, month, year = int(number[0:2]), int(number[2:4]), int(number[4:6])
    individual = int(number[6:9])
    if day > 40:  # D-nummer
        day -= 40
    if month > SYNTHETIC_MONTH_OFFSET:
        month -= SYNTHETIC_MONTH_OFFSET
    elif month > 40:  # H-nummer
        month -= 40
    if individual < 500:
        year += 1900
    elif individual < 750 and year >= 54:
        year += 1800
    elif year < 40:
        year += 2000
    elif individual >= 900:
        year += 1900
    else:
        raise ValueError("no century")
    return datetime.date(year, month, day)


def clean_national_id(value: str, *, allow_synthetic: bool) -> str:
    """Return the 11 digits of a valid fødselsnummer or D-nummer, or raise a ValidationError
    with a message a case worker can act on."""
    number = _digits_only(value)
    if not number.isdigit() or len(number) != 11:
        raise ValidationError(_("Fødselsnummeret må være 11 siffer."), code="national_id_length")
    if (
        fodselsnummer.calc_check_digit1(number) != number[9]
        or fodselsnummer.calc_check_digit2(number) != number[10]
    ):
        raise ValidationError(
            _("Kontrollsifrene stemmer ikke. Sjekk fødselsnummeret."), code="national_id_checksum"
        )
    if is_synthetic_national_id(number) and not allow_synthetic:
        raise ValidationError(
            _("Syntetiske testnummer kan ikke brukes her."), code="national_id_synthetic"
        )
    try:
        birth_date = birth_date_from_national_id(number)
    except ValueError as error:
        raise ValidationError(
            _("Fødselsnummeret har ikke en gyldig fødselsdato."), code="national_id_date"
        ) from error
    if birth_date > datetime.date.today():
        raise ValidationError(
            _("Fødselsdatoen i fødselsnummeret er fram i tid."), code="national_id_future"
        )
    return number


def synthetic_national_id(birth_date: datetime.date, rng: random.Random) -> str:
    """A valid synthetic fødselsnummer (month + 80) for the given birth date."""
    while True:
        if 1900 <= birth_date.year <= 1999:
            individual = rng.randint(0, 499)
        else:
            individual = rng.randint(500, 999)
        base = (
            f"{birth_date.day:02d}{birth_date.month + SYNTHETIC_MONTH_OFFSET:02d}"
            f"{birth_date.year % 100:02d}{individual:03d}"
        )
        check1 = fodselsnummer.calc_check_digit1(base)
        if len(check1) != 1:
            continue
        check2 = fodselsnummer.calc_check_digit2(base + check1)
        if len(check2) != 1:
            continue
        return base + check1 + check2


# Enhetsregisteret (Brønnøysund) gives out organisation numbers beginning with 8 or 9; a
# number beginning otherwise passes mod 11 by chance (000000000 does) but names nobody.
ORGNR_FIRST_DIGITS = "89"


def clean_orgnr(value: str) -> str:
    """Return the 9 digits of a number that can be a real organisation number, or raise a
    ValidationError a case worker can act on."""
    number = _digits_only(value)
    if not number.isdigit() or len(number) != 9:
        raise ValidationError(_("Organisasjonsnummeret må være 9 siffer."), code="orgnr_length")
    if not orgnr.is_valid(number):
        raise ValidationError(
            _("Kontrollsifferet i organisasjonsnummeret stemmer ikke."), code="orgnr_checksum"
        )
    if number[0] not in ORGNR_FIRST_DIGITS:
        raise ValidationError(
            _("Organisasjonsnummeret må begynne med 8 eller 9."), code="orgnr_first_digit"
        )
    # One digit nine times passes mod 11 (the weights sum to 33) and is what people type
    # when they do not know the number: 888888888, 999999999.
    if len(set(number)) == 1:
        raise ValidationError(
            _("Dette er ikke et ekte organisasjonsnummer."), code="orgnr_placeholder"
        )
    return number


def synthetic_orgnr(rng: random.Random) -> str:
    """A 9-digit number beginning with 9 with a valid mod-11 check digit, for demo
    organisations: it passes clean_orgnr, so the demo and tests use the same rules."""
    while True:
        base = "9" + "".join(str(rng.randint(0, 9)) for _ in range(7))
        for check in range(10):
            number = base + str(check)
            if orgnr.is_valid(number) and len(set(number)) > 1:
                return number
