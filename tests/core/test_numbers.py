import datetime
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from lebenswert.core.numbers import (
    NARROW_NBSP,
    NBSP,
    NumberError,
    format_date,
    format_money,
    format_number,
    format_percent,
    parse_number,
)


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2.400.000", Decimal("2400000")),
        ("2.400.000,50", Decimal("2400000.50")),
        ("1.234,5", Decimal("1234.5")),
        ("15 %", Decimal("15")),
        ("15%", Decimal("15")),
        (f"15{NARROW_NBSP}%", Decimal("15")),
        ("-0,8", Decimal("-0.8")),
        ("\u22120,8", Decimal("-0.8")),
        ("2400000", Decimal("2400000")),
        ("2 400 000", Decimal("2400000")),
        (f"2.400.000,00{NBSP}€", Decimal("2400000")),
        (" 12,5 ", Decimal("12.5")),
        ("12.5", Decimal("12.5")),  # a link from before: no group of three
        ("0.125", Decimal("0.125")),  # no thousands group starts with a zero
        ("1234.567", Decimal("1234.567")),  # nor has four digits
        ("+3", Decimal("3")),
    ],
)
def test_parse_number_reads_the_german_office_formats(text, number):
    assert parse_number(text) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2,400,000", Decimal("2400000")),
        ("2,400,000.50", Decimal("2400000.50")),
        ("1,234.5", Decimal("1234.5")),
        ("15%", Decimal("15")),
        ("-0.8", Decimal("-0.8")),
        ("2400000", Decimal("2400000")),
        ("-€5.00", Decimal("-5")),
    ],
)
def test_parse_number_reads_the_english_formats(text, number):
    assert parse_number(text, language="en") == number


@pytest.mark.parametrize(
    "text", ["1.234.5", "1,234.5", "1.23.456", "12,34,5", "1.2345,6", "--5", "abc"]
)
def test_parse_number_refuses_ambiguous_input_with_a_german_message(text):
    with pytest.raises(NumberError) as error:
        parse_number(text)
    message = str(error.value)
    assert f"„{text}“ ist keine eindeutige Zahl" in message
    assert "2.400.000,50" in message  # shows how to write it


def test_parse_number_asks_for_a_number_when_there_is_none():
    for text in ["", "  ", "%", "€"]:
        with pytest.raises(NumberError, match="Bitte geben Sie eine Zahl ein"):
            parse_number(text)


def test_parse_number_refuses_digits_other_than_ascii():
    with pytest.raises(NumberError):
        parse_number("١٢٣")


@pytest.mark.parametrize(
    ("value", "german", "english"),
    [
        (18743, "18.743", "18,743"),
        (Decimal("1234.5"), "1.234,5", "1,234.5"),
        (Decimal("2.79"), "2,79", "2.79"),
        (Decimal("-0.8"), "-0,8", "-0.8"),
        (Decimal("1E+2"), "100", "100"),
        (Decimal("2400000.50"), "2.400.000,5", "2,400,000.5"),
        (0.1, "0,1", "0.1"),
    ],
)
def test_format_number_groups_thousands_and_never_shows_an_exponent(
    value, german, english
):
    assert format_number(value) == german
    assert format_number(value, language="en") == english


def test_format_number_rounds_half_up_and_never_shows_minus_zero():
    assert format_number(Decimal("2.345"), 2) == "2,35"
    assert format_number(Decimal("-0.001"), 2) == "0,00"
    assert format_number(Decimal("1234567.891"), 0) == "1.234.568"


def test_percent_money_and_date_follow_the_language():
    assert format_percent(15) == f"15{NARROW_NBSP}%"
    assert format_percent(Decimal("-0.8"), signed=True) == f"-0,8{NARROW_NBSP}%"
    assert format_percent(Decimal("1.5"), signed=True) == f"+1,5{NARROW_NBSP}%"
    assert format_percent(100, language="en") == "100%"
    assert f"0–{format_percent(100)}" == f"0–100{NARROW_NBSP}%"
    assert format_money(2400000) == f"2.400.000,00{NBSP}€"
    assert format_money(Decimal("-5"), language="en") == "-€5.00"
    assert format_date(datetime.date(2024, 12, 31)) == "31.12.2024"
    assert format_date(datetime.date(2024, 12, 31), language="en") == "31 Dec 2024"
    # 23:30 UTC on New Year's Eve is already 1 January in Berlin.
    late = datetime.datetime(2024, 12, 31, 23, 30, tzinfo=datetime.UTC)
    assert format_date(late) == "01.01.2025"


def test_the_active_language_decides_without_an_argument():
    with translation.override("en"):
        assert format_number(18743) == "18,743"
        assert parse_number("1,234.5") == Decimal("1234.5")


amounts = st.decimals(
    min_value=Decimal("-1e12"),
    max_value=Decimal("1e12"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(value=amounts, language=st.sampled_from(["de", "en"]))
def test_every_formatted_number_parses_back(value, language):
    for text in (
        format_number(value, 2, language=language),
        format_number(value, language=language),
        format_percent(value, language=language),
        format_percent(value, language=language, signed=True),
        format_money(value, language=language),
    ):
        assert parse_number(text, language=language) == value, text


@given(value=st.integers(min_value=0, max_value=10**15))
def test_plain_digits_parse_as_they_are(value):
    assert parse_number(str(value)) == value
    assert parse_number(str(value), language="en") == value


@given(
    units=st.integers(min_value=-(10**18), max_value=10**18),
    decimals=st.sampled_from([0, 1, 2, 3]),
    language=st.sampled_from(["de", "en"]),
)
def test_format_number_writes_what_djangos_numberformat_writes(
    units, decimals, language
):
    """The separators are set by hand (faster); for a rounded value Django's
    numberformat, which the module used before, gives the same text."""
    from django.utils import formats, numberformat

    def django(value, places):
        return numberformat.format(
            value,
            formats.get_format("DECIMAL_SEPARATOR", lang=language, use_l10n=True),
            decimal_pos=places,
            grouping=3,
            thousand_sep=formats.get_format(
                "THOUSAND_SEPARATOR", lang=language, use_l10n=True
            ),
            force_grouping=True,
        )

    value = Decimal(units).scaleb(-decimals)
    assert format_number(value, decimals, language=language) == django(value, decimals)
    assert format_number(units, language=language) == django(units, None)
