"""The number fields every numeric input uses: German office formats in, the
user's language out, range messages in German numbers."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from lebenswert.core.forms import IntegerNumberField, NumberField
from lebenswert.core.numbers import NARROW_NBSP


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


class _Form(forms.Form):
    cost = NumberField(min_value=0, max_value=10**11, unit="€", required=False)
    share = NumberField(min_value=0, max_value=100, unit="%", required=False)
    rate = NumberField(min_value=-10, max_value=10, unit="%", required=False)
    usage = NumberField(min_value=0, required=False)
    people = IntegerNumberField(min_value=0, required=False)


def _clean(**data):
    form = _Form(data)
    form.is_valid()
    return form


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("2.400.000", Decimal("2400000")),
        ("2.400.000,50", Decimal("2400000.5")),
        ("1.234,5", Decimal("1234.5")),
        ("2400000", Decimal("2400000")),
        ("2400000.50", Decimal("2400000.5")),  # a link or a saved scenario
        ("0.125", Decimal("0.125")),
    ],
)
def test_number_field_reads_the_german_office_formats(text, number):
    form = _clean(cost=text)
    assert form.errors == {}
    assert form.cleaned_data["cost"] == number
    assert "E" not in str(form.cleaned_data["cost"])


def test_number_field_keeps_every_digit_of_a_long_number():
    text = "1" + "0" * 28 + ",5"
    form = _clean(usage=text, people="1" + "0" * 30)
    assert form.cleaned_data["usage"] == Decimal("1" + "0" * 28 + ".5")
    assert form.cleaned_data["people"] == 10**30
    assert _clean(usage="-0,00").cleaned_data["usage"] == 0


def test_number_field_reads_percent_and_negative_numbers():
    form = _clean(share="15 %", rate="-0,8")
    assert form.errors == {}
    assert form.cleaned_data["share"] == 15
    assert form.cleaned_data["rate"] == Decimal("-0.8")


def test_number_field_refuses_ambiguous_input_saying_how_to_write_it():
    form = _clean(cost="1.234.5")
    [message] = form.errors["cost"]
    assert "„1.234.5“ ist keine eindeutige Zahl" in message
    assert "2.400.000,50" in message
    assert "keine Zahl." not in message


def test_number_field_refuses_text_that_is_no_number():
    form = _clean(cost="viel")
    assert "„viel“ ist keine eindeutige Zahl" in form.errors["cost"][0]


def test_range_messages_speak_german_numbers():
    form = _clean(share="100,5", cost="-1", rate="12", usage="-3")
    assert form.errors["share"] == [f"Erlaubt sind Werte von 0–100{NARROW_NBSP}%."]
    assert form.errors["cost"] == ["Erlaubt sind Werte von 0–100.000.000.000\u00a0€."]
    assert form.errors["rate"] == [f"Erlaubt sind Werte von -10 bis 10{NARROW_NBSP}%."]
    assert form.errors["usage"] == ["Der Wert muss mindestens 0 sein."]
    for messages in form.errors.values():
        assert "E+" not in messages[0]


def test_range_messages_in_english():
    with translation.override("en"):
        form = _clean(share="100.5", cost="2,400,000")
    assert form.cleaned_data["cost"] == 2400000
    assert "0–100%" in form.errors["share"][0]


def test_integer_number_field_takes_grouped_whole_numbers_only():
    assert _clean(people="18.743").cleaned_data["people"] == 18743
    assert _clean(people="18743").cleaned_data["people"] == 18743
    assert _clean(people="2,5").errors["people"] == [
        "Bitte geben Sie eine ganze Zahl ein."
    ]


def test_number_input_is_text_with_a_decimal_keyboard_and_german_initial_value():
    form = _Form(initial={"cost": Decimal("2400000.50"), "people": 18743})
    cost = str(form["cost"])
    assert 'type="text"' in cost
    assert 'inputmode="decimal"' in cost
    assert 'value="2.400.000,5"' in cost
    assert 'inputmode="numeric"' in str(form["people"])
    assert 'value="18.743"' in str(form["people"])
    assert "min=" not in cost and "step=" not in cost


def test_number_input_shows_the_bound_value_as_typed():
    form = _clean(cost="2.400.000")
    assert 'value="2.400.000"' in str(form["cost"])
    with translation.override("en"):
        form = _Form(initial={"cost": Decimal("2400000.5")})
        assert 'value="2,400,000.5"' in str(form["cost"])
